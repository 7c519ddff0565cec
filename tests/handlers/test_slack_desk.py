"""The secretariat on Slack, through the real Bolt app over signed HTTP requests and the
strict Web API fake: `/pledge review`, decisions by button, exports and the digest as
file uploads (files.getUploadURLExternal, the upload, files.completeUploadExternal);
a non-member is refused."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from bot.handlers.slack import SlackDigestSender, SlackSender, web_client
from bot.reminders.dispatch import ReminderDispatcher
from bot.reminders.sending import Pacer
from bot.secretariat.digest_dispatch import DigestDispatcher
from bot.secretariat.digest_schedule import DigestSchedule
from bot.turns import TurnRunner
from storage.models import AuditEvent, Pledge
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack, SlackUser
from tests.handlers.slack_harness import SlackMember, slack_client
from vocabulary import Channel, DigestCadence, PledgeStatus

AMINA = SlackUser("U0AMINA01", "amina", "Amina Diallo", tz="Africa/Dakar", locale="en-GB")
OFFICER = SlackUser("U0OFFICE1", "officer", "P2C Officer", tz="Europe/Zurich")
DIGEST_CHANNEL = "C0P2CSEC1"


@pytest.fixture
def desk_runner(runner: TurnRunner) -> TurnRunner:
    return TurnRunner(runner.db, runner.reference, runner.catalogs,
                      idle_after=runner.idle_after,
                      secretariat=frozenset({(Channel.SLACK, OFFICER.id)}))


@pytest.fixture
def people(desk_runner: TurnRunner, fake: FakeSlack,
           api_url: str) -> Iterator[tuple[SlackMember, SlackMember]]:
    with slack_client(desk_runner, api_url) as client:
        yield (SlackMember(client, fake, desk_runner, AMINA),
               SlackMember(client, fake, desk_runner, OFFICER))


def _pledge(amina: SlackMember) -> None:
    amina.command()
    amina.says("Sahel Connect")
    amina.selects("civil_society")
    amina.says("Senegal")
    amina.presses("access")
    amina.presses("affordability")
    amina.presses("Financial")
    amina.says("Community networks in Sahel villages")
    amina.says("We fund community networks in 40 villages with local operators.")
    amina.says("Senegal, Mali")
    amina.says("USD 250,000")
    amina.chooses("rural")
    amina.presses("done")
    amina.chooses("9")
    amina.presses("done")
    amina.says("Q1 2027")
    amina.says("2029")
    amina.presses("no_partners")
    amina.presses("confirm")


def _status(runner: TurnRunner) -> str:
    with runner.db.transaction() as session:
        return session.exec(select(Pledge)).one().status


def test_a_member_reviews_and_approves_from_slack(people: tuple[SlackMember, SlackMember],
                                                  desk_runner: TurnRunner) -> None:
    amina, officer = people
    _pledge(amina)
    assert _status(desk_runner) == PledgeStatus.SUBMITTED
    officer.command("review", in_dm=True)
    assert "Sahel Connect" in officer.last_text
    officer.presses("Approve")
    assert "is approved" in officer.last_text
    assert _status(desk_runner) == PledgeStatus.APPROVED


def test_a_member_asks_for_changes_with_a_note(people: tuple[SlackMember, SlackMember],
                                               desk_runner: TurnRunner) -> None:
    amina, officer = people
    _pledge(amina)
    officer.command("review", in_dm=True)
    officer.presses("Ask for changes")
    officer.says("Please say which operators &amp; regulators take part.")
    assert _status(desk_runner) == PledgeStatus.CHANGES_REQUESTED
    with desk_runner.db.transaction() as session:
        note = session.exec(select(Pledge)).one().review_note
    assert note == "Please say which operators & regulators take part."


def test_an_export_is_uploaded_to_the_conversation(people: tuple[SlackMember, SlackMember],
                                                   fake: FakeSlack) -> None:
    amina, officer = people
    _pledge(amina)
    officer.command("export xlsx", in_dm=True)
    [upload] = fake.shared_files(officer.dm)
    assert upload["name"].endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(upload["content"])).active
    assert sheet is not None
    assert sheet.max_row == 2


@pytest.mark.parametrize("text", ["review", "stats", "find sahel", "digest", "export csv",
                                  "overdue"])
def test_a_non_member_is_refused(people: tuple[SlackMember, SlackMember], fake: FakeSlack,
                                 desk_runner: TurnRunner, text: str) -> None:
    amina, _ = people
    amina.command(text, in_dm=True)
    assert "only the P2C secretariat can do that" in amina.last_text
    assert not fake.uploads
    with desk_runner.db.transaction() as session:
        [event] = session.exec(select(AuditEvent)).all()
    assert event.action == "access.refused"


def test_the_digest_reaches_a_slack_channel_with_chart_and_workbook(
        people: tuple[SlackMember, SlackMember], fake: FakeSlack, desk_runner: TurnRunner,
        api_url: str) -> None:
    amina, _ = people
    _pledge(amina)

    async def tick() -> dict[str, int]:
        sender = SlackDigestSender(web_client(BOT_TOKEN, f"{api_url}/api/"), DIGEST_CHANNEL)
        dispatcher = DigestDispatcher(
            desk_runner.db, desk_runner.reference, desk_runner.catalogs, "en",
            DigestSchedule(DigestCadence.DAILY, "monday", 0, "UTC"),
            {sender.destination: sender}, worker="w", lease=timedelta(minutes=5),
            late_after=timedelta(days=2))
        outcome = await dispatcher.tick()
        await dispatcher.tick()
        return outcome

    assert asyncio.run(tick()) == {"sent": 1}
    assert fake.last_message(DIGEST_CHANNEL)["text"].startswith("Partner2Connect digest")
    names = sorted(u["name"].rsplit(".", 1)[1] for u in fake.shared_files(DIGEST_CHANNEL))
    assert names == ["png", "xlsx"]


def _push(runner: TurnRunner, api_url: str) -> None:
    async def tick() -> None:
        client = web_client(BOT_TOKEN, f"{api_url}/api/")
        dispatcher = ReminderDispatcher(
            runner.db, runner.reference, runner.catalogs,
            {Channel.SLACK: SlackSender(client, runner.catalogs)},
            {Channel.SLACK: Pacer(1000, 0)}, worker="test", batch=10,
            lease=timedelta(minutes=5), follow_up_after=timedelta(days=14),
            overdue_after=timedelta(days=14))
        await dispatcher.tick()

    asyncio.run(tick())


def test_changes_requested_reach_the_pledger_who_edits_and_it_returns_to_review(
        people: tuple[SlackMember, SlackMember], desk_runner: TurnRunner,
        api_url: str) -> None:
    amina, officer = people
    _pledge(amina)
    officer.command("review", in_dm=True)
    officer.presses("Ask for changes")
    officer.says("Please name the local operators.")
    _push(desk_runner, api_url)
    assert "asks for a change to your pledge P2C-2026-00001" in amina.last_text
    assert "Please name the local operators." in amina.last_text
    amina.presses("Open P2C-2026-00001")
    assert "The secretariat asks: Please name the local operators." in amina.last_text
    amina.presses("edit")
    amina.selects("edit:title")
    amina.says("Community networks with Sonatel and local operators")
    amina.presses("confirm")
    assert _status(desk_runner) == PledgeStatus.SUBMITTED
    officer.command("review", in_dm=True)
    assert "Community networks with Sonatel" in officer.last_text
    officer.presses("Approve")
    _push(desk_runner, api_url)
    assert amina.last_text.startswith("Good news: the P2C secretariat approved your pledge")
    with desk_runner.db.transaction() as session:
        assert session.exec(select(Pledge)).one().next_reminder_at is not None


def test_a_forged_decision_button_is_refused(people: tuple[SlackMember, SlackMember],
                                             fake: FakeSlack,
                                             desk_runner: TurnRunner) -> None:
    amina, _ = people
    _pledge(amina)
    message = fake.last_message(amina.dm)
    amina.act(message, {"type": "button", "action_id": "p2c_pick_0",
                        "value": "cmd:approve:P2C-2026-00001.0",
                        "text": {"type": "plain_text", "text": "Approve"}})
    assert "only the P2C secretariat can do that" in amina.last_text
    assert _status(desk_runner) == PledgeStatus.SUBMITTED


def test_a_members_app_home_shows_the_review_queue_and_approves_from_it(
        people: tuple[SlackMember, SlackMember], fake: FakeSlack,
        desk_runner: TurnRunner) -> None:
    amina, officer = people
    _pledge(amina)
    body = officer.event_body({"type": "app_home_opened", "user": OFFICER.id,
                               "channel": officer.dm, "tab": "home", "event_ts": "3.000001"})
    assert officer.post(body, "application/json").status_code == 200
    home = fake.wait_for_calls("views.publish", 1)[-1].params["view"]
    texts = [b["text"]["text"] for b in home["blocks"] if b["type"] == "section"]
    assert any("1 pledge is waiting for review." in t for t in texts)
    assert any("Sahel Connect" in t for t in texts)
    approve = next(e for b in home["blocks"] if b["type"] == "actions"
                   for e in b["elements"] if e.get("value", "").startswith("cmd:approve:"))
    trigger = "trig-home-1"
    response = officer.interact({
        "type": "block_actions", "team": {"id": "T0P2CTEAM"}, "trigger_id": trigger,
        "user": {"id": OFFICER.id, "team_id": "T0P2CTEAM"},
        "container": {"type": "view", "view_id": "V0HOME"}, "view": {"id": "V0HOME"},
        "actions": [{**approve, "block_id": "b1", "action_ts": "4.1"}]})
    assert response.status_code == 200
    officer.wait_delivered(f"action:{trigger}")
    assert _status(desk_runner) == PledgeStatus.APPROVED
    pledger_home = amina.event_body({"type": "app_home_opened", "user": AMINA.id,
                                     "channel": amina.dm, "tab": "home", "event_ts": "5.1"})
    amina.post(pledger_home, "application/json")
    seen = fake.wait_for_calls("views.publish", 2)[-1].params["view"]
    assert not any(e.get("value", "").startswith("cmd:approve:")
                   for b in seen["blocks"] if b["type"] == "actions" for e in b["elements"])
