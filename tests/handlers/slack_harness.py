"""Drives the real web app's Bolt endpoint with signed Slack requests from a pretend
workspace member, while Bolt's Web API client talks to the fake over HTTP."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

from jsonschema import Draft7Validator
from sqlmodel import select
from starlette.testclient import TestClient

from bot.handlers.slack import build_slack_app
from bot.server import create_web_app
from bot.turns import TurnRunner
from storage.models import ProcessedDelivery
from tests.fakes.slack_api import BOT_TOKEN, TEAM_ID, FakeSlack, SlackUser
from tests.fakes.specs import load_spec
from tests.handlers.telegram_harness import plain

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
DELIVERY_WAIT_SECONDS = 10


def slack_client(runner: TurnRunner, api_url: str) -> TestClient:
    app = build_slack_app(runner, BOT_TOKEN, SIGNING_SECRET, f"{api_url}/api/")
    return TestClient(create_web_app(runner, slack=app))


def sign(body: bytes, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SlackMember:
    """One person in the workspace, talking to the bot in direct messages."""

    _ids = itertools.count(1)

    def __init__(self, client: TestClient, fake: FakeSlack, runner: TurnRunner,
                 user: SlackUser) -> None:
        self.client = client
        self.fake = fake
        self.runner = runner
        self.user = user
        fake.users[user.id] = user
        self.dm = fake.dm(user.id)

    def post(self, body: bytes, content_type: str, *, timestamp: int | None = None,
             signature: str | None = None, retry: int | None = None):
        timestamp = int(time.time()) if timestamp is None else timestamp
        headers = {"Content-Type": content_type,
                   "X-Slack-Request-Timestamp": str(timestamp),
                   "X-Slack-Signature": signature or sign(body, timestamp)}
        if retry is not None:
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return self.client.post("/slack/events", content=body, headers=headers)

    def event_body(self, event: dict[str, Any], event_id: str | None = None) -> bytes:
        envelope = {"token": "legacy", "team_id": TEAM_ID, "api_app_id": "A0P2CAPP0",
                    "type": "event_callback", "event": event,
                    "event_id": event_id or f"Ev{next(self._ids):08d}",
                    "event_time": int(time.time()), "authed_users": [self.user.id]}
        schema = load_spec("slack-events-wrapper.schema.json")
        errors = [e.message for e in Draft7Validator(schema).iter_errors(envelope)]
        assert not errors, f"the test built an off-spec event: {errors}"
        return json.dumps(envelope).encode()

    def says(self, text: str, **extra: Any) -> str:
        ts = f"{time.time():.6f}"
        event = {"type": "message", "channel": self.dm, "channel_type": "im",
                 "user": self.user.id, "text": text, "ts": ts, "event_ts": ts, **extra}
        body = self.event_body(event)
        response = self.post(body, "application/json")
        assert response.status_code == 200, response.text
        event_id = json.loads(body)["event_id"]
        return self.wait_delivered(f"event:{event_id}")

    def command(self, text: str = "", *, in_dm: bool = False) -> Any:
        """`/pledge` as Slack sends it, typed in #general or (`in_dm`) in the DM."""
        trigger = f"trig-{next(self._ids)}"
        where = {"channel_id": self.dm, "channel_name": "directmessage"} if in_dm else \
            {"channel_id": "C0GENERAL0", "channel_name": "general"}
        body = urlencode({"token": "legacy", "team_id": TEAM_ID, **where,
                          "user_id": self.user.id, "command": "/pledge", "text": text,
                          "response_url": "https://hooks.slack.test/commands/1",
                          "trigger_id": trigger}).encode()
        response = self.post(body, "application/x-www-form-urlencoded")
        assert response.status_code == 200, response.text
        self.wait_delivered(f"command:{trigger}")
        return response

    def interact(self, payload: dict[str, Any]) -> Any:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, "application/x-www-form-urlencoded")

    def act(self, message: dict[str, Any], action: dict[str, Any]) -> str:
        trigger = f"trig-{next(self._ids)}"
        response = self.interact({
            "type": "block_actions", "team": {"id": TEAM_ID}, "trigger_id": trigger,
            "user": {"id": self.user.id, "team_id": TEAM_ID},
            "container": {"type": "message", "message_ts": message["ts"],
                          "channel_id": message["channel"], "is_ephemeral": False},
            "channel": {"id": message["channel"]}, "message": message,
            "actions": [{**action, "block_id": "b1", "action_ts": f"{time.time():.6f}"}]})
        assert response.status_code == 200, response.text
        return self.wait_delivered(f"action:{trigger}")

    def presses(self, label_or_value: str) -> str:
        message = self.fake.last_message(self.dm)
        for element in self.elements(message):
            if element["type"] == "button" and label_or_value in (
                    element["text"]["text"], plain(element.get("value"))):
                return self.act(message, {"type": "button", "action_id": element["action_id"],
                                          "value": element["value"],
                                          "text": element["text"]})
        raise AssertionError(f"no button {label_or_value!r} in {self.elements(message)}")

    def selects(self, value: str) -> str:
        message = self.fake.last_message(self.dm)
        menu = next(e for e in self.elements(message) if e["type"] == "static_select")
        option = next(o for o in menu["options"] if plain(o["value"]) == value)
        return self.act(message, {"type": "static_select", "action_id": menu["action_id"],
                                  "selected_option": option})

    def chooses(self, *values: str) -> str:
        message = self.fake.last_message(self.dm)
        menu = next(e for e in self.elements(message) if e["type"] == "multi_static_select")
        options = [o for o in menu["options"] if plain(o["value"]) in values]
        return self.act(message, {"type": "multi_static_select",
                                  "action_id": menu["action_id"], "selected_options": options})

    def open_form(self, trigger: str) -> dict[str, Any]:
        """Presses "Write it in a form" on the newest message; the view Slack opened."""
        question = self.fake.last_message(self.dm)
        write = next(e for e in self.elements(question) if e["action_id"] == "p2c_write")
        opened_before = len(self.fake.calls_of("views.open"))
        response = self.interact({
            "type": "block_actions", "trigger_id": trigger, "team": {"id": TEAM_ID},
            "user": {"id": self.user.id}, "channel": {"id": self.dm}, "message": question,
            "container": {"type": "message", "message_ts": question["ts"],
                          "channel_id": self.dm},
            "actions": [{**write, "block_id": "b1", "action_ts": "1.2"}]})
        assert response.status_code == 200, response.text
        return self.fake.wait_for_calls("views.open", opened_before + 1)[-1].params["view"]

    def submit_form(self, view: dict[str, Any], text: str, view_id: str,
                    trigger: str) -> Any:
        """The form submitted with `text` written in it, as Slack posts it."""
        return self.interact({
            "type": "view_submission", "trigger_id": trigger, "team": {"id": TEAM_ID},
            "user": {"id": self.user.id},
            "view": {"id": view_id, "type": "modal", "callback_id": view["callback_id"],
                     "private_metadata": view["private_metadata"],
                     "state": {"values": {"answer": {"answer": {
                         "type": "plain_text_input", "value": text}}}}}})

    @staticmethod
    def elements(message: dict[str, Any]) -> list[dict[str, Any]]:
        return [e for b in message.get("blocks", []) for e in b.get("elements", [])]

    def wait_delivered(self, delivery_id: str) -> str:
        """Bolt acknowledges first and works afterwards: wait until the turn's replies
        are sent (the runner marks its delivery), then return it."""
        deadline = time.monotonic() + DELIVERY_WAIT_SECONDS
        while time.monotonic() < deadline:
            with self.runner.db.transaction() as session:
                record = session.exec(select(ProcessedDelivery).where(
                    ProcessedDelivery.delivery_id == delivery_id)).first()
                if record is not None and record.delivered_at is not None:
                    return delivery_id
            time.sleep(0.02)
        raise AssertionError(f"{delivery_id} was not answered: {self.fake.calls[-3:]}")

    @property
    def last_text(self) -> str:
        return self.fake.last_message(self.dm)["text"]
