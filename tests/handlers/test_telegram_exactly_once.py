"""Telegram delivers at least once and people tap twice: through the real PTB app and
web app, a double tap, an old button, and webhook bodies that are not updates."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import uvicorn
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from bot import effect_handlers
from bot.handlers.telegram import CONNECTIONS, bot_request
from bot.turns import TurnRunner
from storage.models import Conversation, Pledge
from tests.fakes.telegram_api import FakeTelegram
from tests.handlers.telegram_harness import SECRET, TelegramUser, plain, telegram_client
from tests.test_concurrent_turns import at_once

MOVED_ON = "That question has moved on"


@pytest.fixture
def runner(any_runner: TurnRunner) -> TurnRunner:
    """Every test here runs on SQLite and on PostgreSQL."""
    return any_runner


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    fake = FakeTelegram()
    yield fake
    assert not fake.refused, f"the bot made calls the Bot API refuses: {fake.refused}"
    assert not fake.unanswered_callbacks(), "every callback query must be answered"


@pytest.fixture
def amina(runner: TurnRunner, fake: FakeTelegram) -> Iterator[TelegramUser]:
    with telegram_client(runner, fake) as client:
        yield TelegramUser(client, fake)


def _pledges(runner: TurnRunner) -> list[Pledge]:
    with runner.db.transaction() as session:
        return list(session.exec(select(Pledge)))


def _step(runner: TurnRunner) -> str | None:
    with runner.db.transaction() as session:
        return session.exec(select(Conversation)).one().step


def test_a_double_tap_on_confirm_stores_one_pledge_and_shows_its_reference(
        amina: TelegramUser, fake: FakeTelegram, runner: TurnRunner) -> None:
    amina.pledge_until_review()
    review = fake.last_message(amina.chat_id)
    confirm = amina.button_on(review, "confirm")
    taps = [amina.callback(review, confirm), amina.callback(review, confirm)]
    responses = at_once(*(lambda tap=tap: amina.post(tap) for tap in taps))
    assert [r.status_code for r in responses] == [200, 200]
    [pledge] = _pledges(runner)
    recorded = fake.messages[(amina.chat_id, review["message_id"])]["text"]
    assert recorded.endswith("» Confirm and submit")
    shown = [c for c in fake.calls_of("sendMessage") if pledge.reference in c.params["text"]]
    assert len(shown) == 2, "each tap answered with the pledge's reference"
    assert "did not understand" not in amina.last_text


def test_a_tap_on_confirm_after_the_pledge_is_stored_shows_the_same_reference(
        amina: TelegramUser, fake: FakeTelegram, runner: TurnRunner) -> None:
    amina.pledge_until_review()
    review = fake.last_message(amina.chat_id)
    confirm = amina.button_on(review, "confirm")
    amina.press(review, confirm)
    amina.press(review, confirm)
    [pledge] = _pledges(runner)
    shown = [c for c in fake.calls_of("sendMessage") if pledge.reference in c.params["text"]]
    assert len(shown) == 2
    assert "did not understand" not in " ".join(fake.visible_text(amina.chat_id))


def test_an_old_cancel_button_does_not_cancel_the_pledge_in_progress(
        amina: TelegramUser, fake: FakeTelegram, runner: TurnRunner) -> None:
    amina.says("/start")
    first = fake.last_message(amina.chat_id)
    cancel = amina.button_on(first, "cmd:cancel")
    amina.says("Sahel Connect")
    amina.presses("private")
    amina.says("Senegal")
    amina.presses("tz:Africa/Dakar")
    amina.presses("access")
    amina.presses("infrastructure")
    amina.presses("financial")
    assert _step(runner) == "title"
    before = dict(fake.messages[(amina.chat_id, first["message_id"])])
    amina.press(first, cancel)
    assert _step(runner) == "title", "the pledge in progress is kept"
    assert fake.messages[(amina.chat_id, first["message_id"])] == before, "left as it was"
    answer = fake.calls_of("answerCallbackQuery")[-1]
    assert MOVED_ON in answer.params["text"]
    assert MOVED_ON in amina.last_text
    assert "title" in amina.last_text.casefold()


def test_old_back_and_done_buttons_change_nothing(amina: TelegramUser, fake: FakeTelegram,
                                                 runner: TurnRunner) -> None:
    amina.pledge_until_review()
    with runner.db.transaction() as session:
        before = session.exec(select(Conversation)).one().model_dump()
    current = fake.last_message(amina.chat_id)["message_id"]

    def offers_back_or_done(message: dict) -> bool:
        return any(plain(b.get("callback_data")) in ("cmd:back", "done")
                   for row in message.get("reply_markup", {}).get("inline_keyboard", [])
                   for b in row)

    old = [m for (chat, number), m in sorted(fake.messages.items())
           if chat == amina.chat_id and number != current and offers_back_or_done(m)]
    assert old, "the chat has earlier questions with Back and Done"
    for message in old:
        for row in message["reply_markup"]["inline_keyboard"]:
            for data in [b["callback_data"] for b in row if "callback_data" in b]:
                amina.press(message, data)
    with runner.db.transaction() as session:
        after = session.exec(select(Conversation)).one().model_dump()
    assert {k: after[k] for k in ("flow", "step", "data", "history", "version")} == \
        {k: before[k] for k in ("flow", "step", "data", "history", "version")}
    assert _pledges(runner) == []


@pytest.mark.parametrize("body", [b"[]", b"42", b"{}", b'"hi"', b"null",
                                  b'{"update_id": 1, "message": "hi"}',
                                  b'{"update_id": "7"}', b'{"update_id": true}'])
def test_a_body_that_is_not_an_update_is_refused(amina: TelegramUser, body: bytes,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    response = amina.client.post("/telegram/webhook", content=body,
                                 headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert response.status_code == 400
    refusals = [r for r in caplog.records if "not a Telegram update" in r.getMessage()]
    assert len(refusals) == 1
    assert not [r for r in caplog.records if r.exc_info], "no traceback"


def test_a_press_on_an_inline_message_is_answered_and_ignored(
        amina: TelegramUser, fake: FakeTelegram, runner: TurnRunner) -> None:
    fake.expect_callback("cq-inline")
    response = amina.post(amina.update(callback_query={
        "id": "cq-inline", "from": amina.user, "inline_message_id": "AAQ1",
        "chat_instance": "ci-inline", "data": "confirm~3"}))
    assert response.status_code == 200
    assert fake.callback_queries["cq-inline"]
    assert _pledges(runner) == []


@pytest.mark.parametrize("kind", ["edited_message", "channel_post", "my_chat_member"])
def test_updates_the_bot_does_not_handle_are_acknowledged(amina: TelegramUser,
                                                          kind: str) -> None:
    chat = {"id": amina.chat_id, "type": "private", "first_name": "Amina"}
    content = {"message_id": 5, "date": 1_800_000_000, "chat": chat, "text": "hello",
               "from": amina.user}
    if kind == "my_chat_member":
        member = {"status": "member", "user": amina.user}
        content = {"chat": chat, "from": amina.user, "date": 1_800_000_000,
                   "old_chat_member": member,
                   "new_chat_member": {"status": "kicked", "user": amina.user,
                                       "until_date": 0}}
    elif kind == "channel_post":
        content = {**content, "chat": {"id": -100123, "type": "channel", "title": "News"}}
        del content["from"]
    assert amina.post(amina.update(**{kind: content})).status_code == 200


def test_a_redelivered_update_id_is_answered_once(amina: TelegramUser,
                                                  fake: FakeTelegram) -> None:
    amina.says("/start")
    update = amina.message(text="Sahel Connect")
    responses = at_once(lambda: amina.post(update), lambda: amina.post(update))
    assert sorted(r.status_code for r in responses) in ([200, 200], [200, 500])
    assert amina.post(update).status_code == 200
    sector = [c for c in fake.calls_of("sendMessage") if "Which sector" in c.params["text"]]
    assert len(sector) == 1
    assert json.loads(sector[0].params["reply_markup"])["inline_keyboard"]


def test_a_fault_in_a_turn_is_acknowledged_with_an_apology_and_saves_nothing(
        amina: TelegramUser, fake: FakeTelegram, runner: TurnRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug would fail the same way on every re-delivery: the update is acknowledged,
    the pledger told, and the conversation left where it was."""
    amina.pledge_until_review()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(effect_handlers.pledges, "add_pledge", broken)
    amina.presses("confirm")
    assert "something went wrong on my side" in amina.last_text
    assert _pledges(runner) == []
    assert _step(runner) == "review"


def test_a_database_failure_is_not_acknowledged_and_the_redelivery_succeeds(
        amina: TelegramUser, fake: FakeTelegram, runner: TurnRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    amina.pledge_until_review()
    review = fake.last_message(amina.chat_id)
    tap = amina.callback(review, amina.button_on(review, "confirm"))

    def locked(*args: object, **kwargs: object) -> None:
        raise OperationalError("INSERT INTO pledge", {}, Exception("database is locked"))

    with monkeypatch.context() as patch:
        patch.setattr(effect_handlers.pledges, "add_pledge", locked)
        assert amina.post(tap).status_code == 500
    assert _pledges(runner) == []
    fake.expect_callback(tap["callback_query"]["id"])
    assert amina.post(tap).status_code == 200
    [pledge] = _pledges(runner)
    assert pledge.reference in amina.last_text


def test_idle_connections_are_dropped_before_a_server_drops_them() -> None:
    """A pooled connection reused just as the server closes it fails like a send that may
    have arrived, and the reply would be lost (found by bench/soak.py); the pool must
    let go of idle connections before uvicorn's keep-alive (nginx's is longer) ends."""
    pool = bot_request()._client._transport._pool  # type: ignore[attr-defined]
    assert pool._keepalive_expiry < uvicorn.Config(app=None).timeout_keep_alive
    assert pool._max_connections == CONNECTIONS
