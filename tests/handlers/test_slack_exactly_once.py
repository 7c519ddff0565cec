"""Slack retries an event it thinks was not acknowledged, and people tap twice: through
the real Bolt app and web app, over signed requests, with racing threads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.turns import TurnRunner
from storage.db import Database
from storage.models import Conversation, Pledge
from tests.fakes.slack_api import FakeSlack, SlackUser
from tests.handlers.slack_harness import SlackMember, slack_client
from tests.handlers.telegram_harness import plain
from tests.test_concurrent_turns import at_once

AMINA = SlackUser("U0AMINA01", "amina", "Amina Diallo", tz="Africa/Dakar", locale="en-GB")
MOVED_ON = "That question has moved on"


@pytest.fixture
def runner(any_runner: TurnRunner) -> TurnRunner:
    """Every test here runs on SQLite and on PostgreSQL."""
    return any_runner


@pytest.fixture
def amina(runner: TurnRunner, fake: FakeSlack, api_url: str) -> Iterator[SlackMember]:
    with slack_client(runner, api_url) as client:
        yield SlackMember(client, fake, runner, AMINA)


def _dm_event(amina: SlackMember, text: str, event_id: str) -> bytes:
    return amina.event_body({"type": "message", "channel": amina.dm, "channel_type": "im",
                             "user": AMINA.id, "text": text, "ts": "2.000001",
                             "event_ts": "2.000001"}, event_id=event_id)


def _replies_to_sector(fake: FakeSlack) -> int:
    return sum("Which sector" in c.params.get("text", "")
               for c in fake.calls_of("chat.postMessage"))


def test_retries_racing_the_original_post_one_reply(amina: SlackMember,
                                                    fake: FakeSlack) -> None:
    amina.command()
    body = _dm_event(amina, "Sahel Connect", "Ev0RACE001")
    responses = at_once(lambda: amina.post(body, "application/json"),
                        lambda: amina.post(body, "application/json", retry=1),
                        lambda: amina.post(body, "application/json", retry=2))
    assert 200 in [r.status_code for r in responses]
    assert amina.post(body, "application/json", retry=3).status_code == 200
    assert _replies_to_sector(fake) == 1


def test_a_retry_served_by_another_process_posts_nothing_while_the_first_sends(
        amina: SlackMember, fake: FakeSlack, api_url: str, reference, catalogs) -> None:
    """Two web processes on one database: the retry that reaches the second while the
    first is answering is not acknowledged (Slack tries again later) and posts nothing."""
    amina.command()
    other_db = Database(amina.runner.db.url)
    other = TurnRunner(other_db, reference, catalogs, idle_after=timedelta(days=14))
    body = _dm_event(amina, "Sahel Connect", "Ev0RACE002")
    try:
        with slack_client(other, api_url) as second:
            retry = SlackMember(second, fake, other, AMINA)
            responses = at_once(lambda: amina.post(body, "application/json"),
                                lambda: retry.post(body, "application/json", retry=1))
            assert 200 in [r.status_code for r in responses]
            assert {r.status_code for r in responses} <= {200, 500}
            assert retry.post(body, "application/json", retry=2).status_code == 200
    finally:
        other_db.dispose()
    assert _replies_to_sector(fake) == 1


def test_a_double_press_on_confirm_stores_one_pledge(amina: SlackMember, fake: FakeSlack,
                                                     runner: TurnRunner) -> None:
    amina.command()
    amina.says("Sahel Connect")
    amina.selects("private")
    amina.says("Senegal")
    amina.presses("access")
    amina.presses("infrastructure")
    amina.presses("financial")
    for text in ("Rural broadband for all", "Towers and backhaul for 300 villages.",
                 "Kenya, Uganda"):
        amina.says(text)
    amina.says("5 million USD")
    amina.chooses("rural", "youth")
    amina.presses("done")
    for text in ("4, 9 and 17", "June 2027", "end of 2028", "GSMA"):
        amina.says(text)
    review = fake.last_message(amina.dm)
    confirm = next(e for e in amina.elements(review) if plain(e.get("value")) == "confirm")
    action = {"type": "button", "action_id": confirm["action_id"], "value": confirm["value"],
              "text": confirm["text"]}
    at_once(lambda: amina.act(review, action), lambda: amina.act(review, action))
    with runner.db.transaction() as session:
        [pledge] = session.exec(select(Pledge)).all()
    assert fake.messages[(amina.dm, review["ts"])]["text"].endswith("» Confirm and submit")
    shown = [c for c in fake.calls_of("chat.postMessage") if pledge.reference in c.params["text"]]
    assert len(shown) == 2, "each press answered with the pledge's reference"
    assert not any("did not understand" in c.params.get("text", "") for c in fake.calls)


def test_an_old_button_changes_nothing_and_says_so(amina: SlackMember, fake: FakeSlack,
                                                   runner: TurnRunner) -> None:
    amina.command()
    first = fake.last_message(amina.dm)
    cancel = next(e for e in amina.elements(first) if plain(e.get("value")) == "cmd:cancel")
    amina.says("Sahel Connect")
    amina.selects("private")
    amina.says("Senegal")
    amina.presses("access")
    before = dict(fake.messages[(amina.dm, first["ts"])])
    amina.act(first, {"type": "button", "action_id": cancel["action_id"],
                      "value": cancel["value"], "text": cancel["text"]})
    with runner.db.transaction() as session:
        assert session.exec(select(Conversation)).one().step == "pillar"
    assert fake.messages[(amina.dm, first["ts"])] == before
    assert MOVED_ON in amina.last_text
    assert "pillar" in amina.last_text


def test_an_emptied_multi_select_belongs_to_its_question(amina: SlackMember,
                                                         fake: FakeSlack) -> None:
    """A multi-select emptied of every option sends no values: its action id says which
    question it belongs to."""
    amina.command()
    amina.says("Sahel Connect")
    amina.selects("private")
    amina.says("Senegal")
    amina.presses("access")
    amina.presses("infrastructure")
    amina.presses("financial")
    for text in ("Rural broadband", "Towers for 300 villages.", "Kenya"):
        amina.says(text)
    amina.says("5 million USD")
    amina.chooses("rural", "youth")
    amina.chooses()
    message = fake.last_message(amina.dm)
    menu = next(e for e in amina.elements(message) if e["type"] == "multi_static_select")
    assert "initial_options" not in menu
    assert MOVED_ON not in amina.last_text
    assert json.dumps(menu["action_id"]).startswith('"p2c_choose~')


def _submit_form(amina: SlackMember, view: dict, text: str, view_id: str) -> None:
    response = amina.submit_form(view, text, view_id, trigger=f"t-{view_id}")
    assert response.status_code == 200
    amina.wait_delivered(f"view:t-{view_id}")


def test_a_form_sent_after_its_question_moved_on_is_not_used_for_another(
        amina: SlackMember, fake: FakeSlack, runner: TurnRunner) -> None:
    amina.command()
    amina.says("Sahel Connect")
    amina.selects("private")
    amina.says("Mali")
    amina.presses("access")
    amina.presses("affordability")
    amina.presses("Policy")
    amina.says("Open spectrum rules")
    view = amina.open_form("t-form-1")
    amina.says("Typed in the chat instead, while the form stayed open.")
    _submit_form(amina, view, "Rules opening unlicensed spectrum.", "V0LATE0001")
    with runner.db.transaction() as session:
        conversation = session.exec(select(Conversation)).one()
    assert conversation.step == "countries_typed"
    assert conversation.data["description"].startswith("Typed in the chat")
    texts = [c.params["text"] for c in fake.calls_of("chat.postMessage")[-2:]]
    assert MOVED_ON in texts[0]
    assert "Rules opening unlicensed spectrum." in texts[0], "nothing typed is lost"
    assert texts[1].startswith("In which countries")
