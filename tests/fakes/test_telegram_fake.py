"""The fake Bot API refuses what the real one refuses; otherwise passing tests would
prove nothing."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from tests.fakes.telegram_api import FakeTelegram

KEYBOARD = {"inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}]]}


@pytest.fixture
def fake() -> FakeTelegram:
    return FakeTelegram()


def _call(fake: FakeTelegram, method: str, **params: object) -> tuple[int, dict]:
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    with TestClient(fake.app) as client:
        response = client.post(f"/bot123:T/{method}", data=form)
    return response.status_code, response.json()


def test_a_valid_message_is_answered_with_a_message(fake: FakeTelegram) -> None:
    status, body = _call(fake, "sendMessage", chat_id="42", text="<b>Hi</b> &amp; bye",
                         parse_mode="HTML", reply_markup=KEYBOARD)
    assert status == 200
    assert body["result"]["text"] == "Hi & bye"
    assert not fake.spec.check_object("Message", body["result"])
    assert fake.refused == []


@pytest.mark.parametrize(("method", "params", "reason"), [
    ("sendMesage", {"chat_id": "42", "text": "hi"}, "unknown method"),
    ("sendMessage", {"chat_id": "42", "text": "hi", "colour": "red"}, "unknown parameter"),
    ("sendMessage", {"text": "hi"}, "missing required chat_id"),
    ("sendMessage", {"chat_id": "42", "text": "hi", "disable_notification": "maybe"},
     "is not ['Boolean']"),
    ("sendMessage", {"chat_id": "42", "text": "hi",
                     "reply_markup": {"inline_keyboard": [[{"text": "x", "colour": 1}]]}},
     "is not"),
    ("sendMessage", {"chat_id": "42", "text": "<b>hi", "parse_mode": "HTML"}, "unclosed tag"),
    ("sendMessage", {"chat_id": "42", "text": "<blink>hi</blink>", "parse_mode": "HTML"},
     "unsupported tag"),
    ("sendMessage", {"chat_id": "42", "text": "R&D", "parse_mode": "HTML"}, "unescaped &"),
    ("sendMessage", {"chat_id": "42", "text": "x" * 4097}, "1-4096 characters"),
    ("sendMessage", {"chat_id": "42", "text": "🚀" * 2049}, "1-4096 characters"),
    ("sendMessage", {"chat_id": "42", "text": "hi", "reply_markup": {"inline_keyboard": [[
        {"text": "x", "callback_data": "x" * 65}]]}}, "1-64 bytes"),
    ("editMessageText", {"chat_id": "42", "message_id": "999", "text": "hi"},
     "message to edit not found"),
    ("answerCallbackQuery", {"callback_query_id": "never-sent"}, "query ID is invalid"),
])
def test_what_the_real_api_refuses_is_refused(fake: FakeTelegram, method: str,
                                              params: dict, reason: str) -> None:
    status, body = _call(fake, method, **params)
    assert (status, body["ok"]) == (400, False)
    assert reason in body["description"]
    assert fake.refused
