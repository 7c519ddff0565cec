"""The fake Slack Web API refuses what Slack refuses."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.fakes.http_server import serving
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack, SlackUser

AUTH = {"Authorization": f"Bearer {BOT_TOKEN}"}


@pytest.fixture
def fake() -> Iterator[tuple[FakeSlack, str]]:
    fake = FakeSlack(users={"U0AMINA01": SlackUser("U0AMINA01", "amina", "Amina")})
    with serving(fake.app) as url:
        yield fake, url


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _buttons(count: int, text: str = "Go") -> dict:
    return {"type": "actions", "elements": [
        {"type": "button", "text": {"type": "plain_text", "text": text},
         "action_id": f"a{i}", "value": "v"} for i in range(count)]}


def test_a_valid_message_is_answered_per_the_schema(fake) -> None:
    fake_slack, url = fake
    body = httpx.post(f"{url}/api/chat.postMessage", headers=AUTH,
                      json={"channel": "D0AMINA0100", "text": "Hi",
                            "blocks": [_section("Hi"), _buttons(2)]}).json()
    assert body["ok"] is True
    assert body["ts"]
    assert fake_slack.refused == []


@pytest.mark.parametrize(("method", "payload", "headers", "error"), [
    ("chat.postMesage", {"channel": "D1", "text": "x"}, AUTH, "unknown_method"),
    ("chat.postMessage", {"channel": "D1", "text": "x"}, {}, "invalid_auth"),
    ("chat.postMessage", {"channel": "D1", "text": "x", "colour": "red"}, AUTH,
     "invalid_arguments"),
    ("chat.postMessage", {"text": "x"}, AUTH, "invalid_arguments"),
    ("chat.postMessage", {"channel": "D1", "blocks": [_section("x" * 3001)]}, AUTH,
     "invalid_arguments"),
    ("chat.postMessage", {"channel": "D1", "blocks": [_section("x")] * 51}, AUTH,
     "invalid_arguments"),
    ("chat.postMessage", {"channel": "D1", "blocks": [_buttons(1, "x" * 76)]}, AUTH,
     "invalid_arguments"),
    ("chat.postMessage", {"channel": "D1", "blocks": [_buttons(26)]}, AUTH,
     "invalid_arguments"),
    ("chat.update", {"channel": "D1", "ts": "1.000001", "text": "x"}, AUTH,
     "message_not_found"),
    ("users.info", {"user": "U0NOBODY01"}, AUTH, "user_not_found"),
])
def test_what_slack_refuses_is_refused(fake, method: str, payload: dict, headers: dict,
                                       error: str) -> None:
    fake_slack, url = fake
    body = httpx.post(f"{url}/api/{method}", headers=headers, json=payload).json()
    assert (body["ok"], body["error"]) == (False, error)
    assert fake_slack.refused
