"""Telegram's and Slack's side of the webhooks, as the soak benchmark plays them.

- Telegram delivers an update to one of the web processes and, when the answer is not a
  2xx or there is none (the process is down), delivers it again with a growing pause
  until one answers 2xx.
- Slack delivers an event and retries it up to three times (`X-Slack-Retry-Num`,
  `X-Slack-Retry-Reason`) when the answer is not a 2xx or takes over 3 s: at once, after
  a minute, after five minutes, as Slack documents. (Not compressed: the bot takes over a
  delivery abandoned by a dead process after 30 s, and only the later retries come after
  that.) Slack does not retry slash commands or interactions: the pledger sees an error
  and presses again, which the pledger code does.

Requests are signed and shaped as the platforms send them; Telegram updates are checked
against the Bot API specification first (the fake's spec checker)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlencode

import httpx
from jsonschema import Draft7Validator  # type: ignore[import-untyped]

from bench.soak_fleet import Fleet, Slot
from tests.fakes.specs import load_spec
from tests.fakes.telegram_spec import TelegramSpec

TELEGRAM_TOKEN = "123456:SOAK-TOKEN"
TELEGRAM_SECRET = "soak-webhook-secret-0123456789"
TELEGRAM_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SLACK_SIGNING_SECRET = "5oak5ecret0123456789abcdefabcdef"
TELEGRAM_TIMEOUT = 30.0
TELEGRAM_MAX_PAUSE = 1.0
SLACK_TIMEOUT = 3.0
SLACK_RETRY_PAUSES = (1.0, 60.0, 300.0)
JSON, FORM = "application/json", "application/x-www-form-urlencoded"


@dataclass
class Delivered:
    """A delivery that got a 2xx: when, and from which web process."""

    slot: str
    at: float


@dataclass
class DeliveryStats:
    deliveries: int = 0
    attempts: int = 0
    refused: int = 0
    errors: int = 0
    timeouts: int = 0
    given_up: int = 0
    statuses: Counter[int] = field(default_factory=Counter)

    def line(self) -> str:
        return (f"{self.deliveries} deliveries, {self.attempts} attempts, "
                f"{self.refused} refused or cut off, {self.errors} non-2xx, "
                f"{self.timeouts} timed out, {self.given_up} given up"
                + "".join(f", {n}x HTTP {code}" for code, n in sorted(self.statuses.items())))


class Webhooks:
    """Posts to the web processes; the one tried first is picked by the pledger's rng,
    the next attempts go round the others (a load balancer with retries)."""

    def __init__(self, client: httpx.AsyncClient, fleet: Fleet, servers: list[Slot],
                 deadline: float) -> None:
        self.client = client
        self.fleet = fleet
        self.servers = servers
        self.deadline = deadline
        self.stats = DeliveryStats()

    async def attempt(self, slot: Slot, path: str, body: bytes, headers: dict[str, str],
                      timeout: float) -> str:
        """One POST: "ok", "error" (non-2xx), "timeout" or "refused"."""
        self.stats.attempts += 1
        try:
            response = await self.client.post(f"{slot.url}{path}", content=body,
                                              headers=headers, timeout=timeout)
        except httpx.TimeoutException:
            self.stats.timeouts += 1
            return "timeout"
        except httpx.TransportError:
            self.stats.refused += 1
            return "refused"
        if 200 <= response.status_code < 300:
            return "ok"
        self.stats.errors += 1
        self.stats.statuses[response.status_code] += 1
        return "error"

    def pick(self, rng: random.Random) -> int:
        return rng.randrange(len(self.servers))


class TelegramWebhook(Webhooks):
    async def deliver(self, update: dict[str, Any], rng: random.Random) -> Delivered | None:
        """Until a 2xx (or the run's deadline): Telegram does not give up on an update."""
        self.stats.deliveries += 1
        body = json.dumps(update).encode()
        headers = {"Content-Type": JSON, TELEGRAM_SECRET_HEADER: TELEGRAM_SECRET}
        first, pause = self.pick(rng), 0.1
        for attempt in range(10**6):
            if time.monotonic() > self.deadline:
                break
            slot = self.servers[(first + attempt) % len(self.servers)]
            if await self.attempt(slot, "/telegram/webhook", body, headers,
                                  TELEGRAM_TIMEOUT) == "ok":
                return Delivered(slot.name, time.monotonic())
            await asyncio.sleep(pause)
            pause = min(pause * 2, TELEGRAM_MAX_PAUSE)
        self.stats.given_up += 1
        return None


class SlackEndpoint(Webhooks):
    """Slack's Events API: the event, then retries after each of `retry_pauses`."""

    def __init__(self, client: httpx.AsyncClient, fleet: Fleet, servers: list[Slot],
                 deadline: float,
                 retry_pauses: tuple[float, ...] = SLACK_RETRY_PAUSES) -> None:
        super().__init__(client, fleet, servers, deadline)
        self.retry_pauses = retry_pauses

    async def event(self, body: bytes, rng: random.Random,
                    first_retry: int = 0) -> Delivered | None:
        """The event and Slack's retries of it, from retry number `first_retry` on."""
        self.stats.deliveries += 1
        first = self.pick(rng)
        reason = "http_timeout"
        for number in range(first_retry, len(self.retry_pauses) + 1):
            if time.monotonic() > self.deadline:
                break
            slot = self.servers[(first + number) % len(self.servers)]
            retry = (number, reason) if number else None
            outcome = await self.attempt(slot, "/slack/events", body,
                                         slack_headers(body, JSON, retry), SLACK_TIMEOUT)
            if outcome == "ok":
                return Delivered(slot.name, time.monotonic())
            reason = {"timeout": "http_timeout", "refused": "connection_failed"}.get(
                outcome, "http_error")
            if number < len(self.retry_pauses):
                if time.monotonic() + self.retry_pauses[number] > self.deadline:
                    break
                await asyncio.sleep(self.retry_pauses[number])
        self.stats.given_up += 1
        return None

    async def retry_of(self, body: bytes, number: int, rng: random.Random) -> None:
        """One retry as Slack sends it after a timeout, whatever became of the original."""
        self.stats.deliveries += 1
        slot = self.servers[self.pick(rng)]
        await self.attempt(slot, "/slack/events", body,
                           slack_headers(body, JSON, (number, "http_timeout")), SLACK_TIMEOUT)

    async def once(self, body: bytes, rng: random.Random) -> Delivered | None:
        """A slash command or an interaction: one try, no retry."""
        self.stats.deliveries += 1
        slot = self.servers[self.pick(rng)]
        if await self.attempt(slot, "/slack/events", body, slack_headers(body, FORM, None),
                              SLACK_TIMEOUT) == "ok":
            return Delivered(slot.name, time.monotonic())
        self.stats.given_up += 1
        return None


def slack_headers(body: bytes, content_type: str,
                  retry: tuple[int, str] | None) -> dict[str, str]:
    timestamp = str(int(time.time()))
    base = b"v0:" + timestamp.encode() + b":" + body
    signature = "v0=" + hmac.new(SLACK_SIGNING_SECRET.encode(), base,
                                 hashlib.sha256).hexdigest()
    headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp,
               "X-Slack-Signature": signature}
    if retry is not None:
        headers |= {"X-Slack-Retry-Num": str(retry[0]), "X-Slack-Retry-Reason": retry[1]}
    return headers


class TelegramUpdates:
    """Updates from one Telegram user in a private chat; ids are the pledger's own range,
    so a run is the same whatever order the pledgers' turns interleave in."""

    def __init__(self, spec: TelegramSpec, user_id: int, first_id: int,
                 expect_callback: Callable[[str], None]) -> None:
        self.spec = spec
        self.user = {"id": user_id, "is_bot": False, "first_name": f"Pledger{user_id}",
                     "language_code": "en"}
        self.chat = {"id": user_id, "type": "private", "first_name": f"Pledger{user_id}"}
        self._next = first_id
        self._expect_callback = expect_callback

    def _id(self) -> int:
        self._next += 1
        return self._next

    def _checked(self, update: dict[str, Any]) -> dict[str, Any]:
        problems = self.spec.check_object("Update", update)
        if problems:
            raise AssertionError(f"the benchmark built an off-spec update: {problems}")
        return update

    def text(self, text: str) -> dict[str, Any]:
        message: dict[str, Any] = {"message_id": self._id(), "date": int(time.time()),
                                   "chat": self.chat, "from": self.user, "text": text}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split()[0])}]
        return self._checked({"update_id": self._id(), "message": message})

    def press(self, message: dict[str, Any], data: str) -> dict[str, Any]:
        """A callback query from a button of `message` as the fake recorded it."""
        query_id = f"cq-{self.user['id']}-{self._id()}"
        self._expect_callback(query_id)
        return self._checked({"update_id": self._id(), "callback_query": {
            "id": query_id, "from": self.user, "message": message,
            "chat_instance": f"ci-{self.user['id']}", "data": data}})


class SlackPayloads:
    """Signed-request bodies from one workspace member talking to the bot in DMs."""

    def __init__(self, team_id: str, user_id: str, channel: str, first_id: int) -> None:
        self.team_id = team_id
        self.user_id = user_id
        self.channel = channel
        self._next = first_id

    def _id(self) -> int:
        self._next += 1
        return self._next

    def message(self, text: str) -> bytes:
        ts = f"{time.time():.6f}"
        event = {"type": "message", "channel": self.channel, "channel_type": "im",
                 "user": self.user_id, "text": text, "ts": ts, "event_ts": ts}
        envelope = {"token": "legacy", "team_id": self.team_id, "api_app_id": "A0P2CSOAK",
                    "type": "event_callback", "event": event,
                    "event_id": f"Ev{self._id():010d}", "event_time": int(time.time()),
                    "authed_users": [self.user_id]}
        problems = [e.message for e in _event_schema().iter_errors(envelope)]
        if problems:
            raise AssertionError(f"the benchmark built an off-spec event: {problems}")
        return json.dumps(envelope).encode()

    def command(self, text: str = "") -> bytes:
        return _form({"token": "legacy", "team_id": self.team_id, "channel_id": "C0GENERAL0",
                      "user_id": self.user_id, "command": "/pledge", "text": text,
                      "response_url": "https://hooks.slack.test/commands/1",
                      "trigger_id": f"trig-{self.user_id}-{self._id()}"})

    def action(self, message: dict[str, Any], action: dict[str, Any]) -> bytes:
        """A block_actions interaction on `message` as the fake recorded it."""
        payload = {
            "type": "block_actions", "team": {"id": self.team_id},
            "trigger_id": f"trig-{self.user_id}-{self._id()}",
            "user": {"id": self.user_id, "team_id": self.team_id},
            "container": {"type": "message", "message_ts": message["ts"],
                          "channel_id": message["channel"], "is_ephemeral": False},
            "channel": {"id": message["channel"]}, "message": message,
            "actions": [{**action, "block_id": "b1", "action_ts": f"{time.time():.6f}"}]}
        return _form({"payload": json.dumps(payload)})


def _form(fields: dict[str, str]) -> bytes:
    return urlencode(fields).encode()


@cache
def _event_schema() -> Draft7Validator:
    return Draft7Validator(load_spec("slack-events-wrapper.schema.json"))
