"""A pledger's hands on each channel: typing, pressing, selecting. The platforms'
mischief is mixed in here, at the rate the run asks for:

- a double tap: the same button pressed twice at once (two callback queries, two
  block_actions), delivered in either order;
- a duplicated delivery: the same update (or the same interaction payload) posted twice
  at once, or once more a few seconds later, after the pledger moved on;
- Slack retries: the same `event_id` again with `X-Slack-Retry-Num`, racing the original,
  arriving before it, or arriving late."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.soak_fakes import ChatLog
from bench.soak_platforms import (
    Delivered,
    SlackEndpoint,
    SlackPayloads,
    TelegramUpdates,
    TelegramWebhook,
)
from bench.soak_screens import MultiSelect, Screen, slack_screen, telegram_screen

DOUBLE_TAP = "double taps"
DUPLICATE = "duplicated deliveries"
LATE_DUPLICATE = "late duplicates"
REORDERED = "out-of-order deliveries"
SLACK_RETRY = "slack retries racing the original"
SLACK_RETRY_FIRST = "slack retries before the original"
SLACK_LATE_RETRY = "slack late retries"
LATE_SECONDS = (0.5, 4.0)
NEWEST_MESSAGES = 3
TELEGRAM, SLACK_EVENT, SLACK_ACTION, SLACK_COMMAND = (
    "telegram update", "slack event", "slack interaction", "slack command")


@dataclass
class Sent:
    """One input: when it left, which web process answered it 2xx (None: nobody), and
    for a press, the key of the pressed message."""

    kind: str
    at: float
    delivered: Delivered | None
    pressed: str | None = None
    trick: str | None = None


@dataclass
class Adversity:
    rate: float
    counts: Counter[str] = field(default_factory=Counter)

    def pick(self, rng: random.Random, tricks: Sequence[str]) -> str | None:
        if not tricks or rng.random() >= self.rate:
            return None
        trick = rng.choice(tricks)
        self.counts[trick] += 1
        return trick


class Background:
    """Deliveries that come after the pledger moved on (late duplicates, late retries)."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def later(self, delay: float, make: Callable[[], Awaitable[Any]]) -> None:
        async def run() -> None:
            await asyncio.sleep(delay)
            await make()
        task = asyncio.create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self, timeout: float) -> int:
        """Waits for what is still to come; the number that had to be cancelled."""
        pending = set(self._tasks)
        if not pending:
            return 0
        _, late = await asyncio.wait(pending, timeout=timeout)
        for task in late:
            task.cancel()
        for task in late:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        return len(late)


@dataclass
class Hands:
    """What every channel's person shares."""

    log: ChatLog
    adversity: Adversity
    background: Background
    rng: random.Random


class TelegramPerson:
    def __init__(self, chat: str, updates: TelegramUpdates, webhook: TelegramWebhook,
                 hands: Hands) -> None:
        self.chat = chat
        self.updates = updates
        self.webhook = webhook
        self.hands = hands

    def screens(self) -> list[Screen]:
        return [telegram_screen(m) for m in self.hands.log.newest(self.chat, NEWEST_MESSAGES)]

    async def start(self) -> Sent:
        return await self._send(self.updates.text("/start"), ())

    async def type(self, text: str) -> Sent:
        return await self._send(self.updates.text(text), (DUPLICATE, LATE_DUPLICATE))

    async def press(self, screen: Screen, data: Any) -> Sent:
        def tap() -> dict[str, Any]:
            return self.updates.press(screen.message, data)
        sent = await self._send(tap(), (DOUBLE_TAP, DUPLICATE, LATE_DUPLICATE), tap)
        sent.pressed = str(screen.message["message_id"])
        return sent

    async def select(self, screen: Screen, multi: MultiSelect, values: set[str]) -> Sent:
        raise NotImplementedError("Telegram toggles options by pressing them")

    async def _send(self, update: dict[str, Any], tricks: Sequence[str],
                    again: Callable[[], dict[str, Any]] | None = None) -> Sent:
        at, rng = time.monotonic(), self.hands.rng
        trick = self.hands.adversity.pick(rng, tricks)
        results: Sequence[Delivered | None]
        if trick == DOUBLE_TAP and again is not None:
            both = [update, again()]
            if rng.random() < 0.5:
                both.reverse()
                self.hands.adversity.counts[REORDERED] += 1
            results = await asyncio.gather(*(self.webhook.deliver(u, rng) for u in both))
        elif trick == DUPLICATE:
            results = await asyncio.gather(self.webhook.deliver(update, rng),
                                           self.webhook.deliver(update, rng))
        else:
            results = (await self.webhook.deliver(update, rng),)
            if trick == LATE_DUPLICATE:
                self.hands.background.later(rng.uniform(*LATE_SECONDS),
                                            lambda: self.webhook.deliver(update, rng))
        return Sent(TELEGRAM, at, next((r for r in results if r), None), trick=trick)


class SlackPerson:
    def __init__(self, chat: str, payloads: SlackPayloads, endpoint: SlackEndpoint,
                 hands: Hands) -> None:
        self.chat = chat
        self.payloads = payloads
        self.endpoint = endpoint
        self.hands = hands

    def screens(self) -> list[Screen]:
        return [slack_screen(m) for m in self.hands.log.newest(self.chat, NEWEST_MESSAGES)]

    async def start(self) -> Sent:
        at = time.monotonic()
        return Sent(SLACK_COMMAND, at,
                    await self.endpoint.once(self.payloads.command(), self.hands.rng))

    async def type(self, text: str) -> Sent:
        at, rng, endpoint = time.monotonic(), self.hands.rng, self.endpoint
        body = self.payloads.message(text)
        trick = self.hands.adversity.pick(rng, (SLACK_RETRY, SLACK_RETRY_FIRST,
                                                SLACK_LATE_RETRY))
        if trick == SLACK_RETRY:
            delivered, _ = await asyncio.gather(endpoint.event(body, rng),
                                                endpoint.retry_of(body, 1, rng))
        elif trick == SLACK_RETRY_FIRST:
            self.hands.adversity.counts[REORDERED] += 1
            _, delivered = await asyncio.gather(endpoint.retry_of(body, 1, rng),
                                                _after(0.05, endpoint.event(body, rng)))
        else:
            delivered = await endpoint.event(body, rng)
            if trick == SLACK_LATE_RETRY:
                self.hands.background.later(rng.uniform(*LATE_SECONDS),
                                            lambda: endpoint.retry_of(body, 2, rng))
        return Sent(SLACK_EVENT, at, delivered, trick=trick)

    async def press(self, screen: Screen, action: Any) -> Sent:
        return await self._act(screen, action)

    async def select(self, screen: Screen, multi: MultiSelect, values: set[str]) -> Sent:
        return await self._act(screen, {
            "type": "multi_static_select", "action_id": multi.action_id,
            "selected_options": [o for o in multi.options if o["value"] in values]})

    async def _act(self, screen: Screen, action: dict[str, Any]) -> Sent:
        at, rng = time.monotonic(), self.hands.rng
        body = self.payloads.action(screen.message, action)
        trick = self.hands.adversity.pick(rng, (DOUBLE_TAP, DUPLICATE))
        results: Sequence[Delivered | None]
        if trick == DOUBLE_TAP:
            second = self.payloads.action(screen.message, action)
            results = await asyncio.gather(self.endpoint.once(body, rng),
                                           self.endpoint.once(second, rng))
        elif trick == DUPLICATE:
            results = await asyncio.gather(self.endpoint.once(body, rng),
                                           self.endpoint.once(body, rng))
        else:
            results = [await self.endpoint.once(body, rng)]
        return Sent(SLACK_ACTION, at, next((r for r in results if r), None),
                    screen.message["ts"], trick)


async def _after(seconds: float, coroutine: Awaitable[Delivered | None]) -> Delivered | None:
    await asyncio.sleep(seconds)
    return await coroutine
