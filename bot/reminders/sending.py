"""What the dispatcher needs from a channel to push a message, and the pacing that keeps
it inside each platform's limits."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from enum import Enum
from typing import Protocol

from bot.flows.model import Reply
from vocabulary import Channel


class Delivery(Enum):
    """How a push ended. FAILED is a definite refusal (the message surely did not
    arrive, so it may be tried again); UNCERTAIN is a timeout or a connection lost after
    the request left: it may have arrived, so it is never sent again."""

    SENT = "sent"
    UNREACHABLE = "unreachable"
    FAILED = "failed"
    UNCERTAIN = "uncertain"


class RetryLaterError(Exception):
    """The platform asked us to slow down (HTTP 429); try the same message again."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class Sender(Protocol):
    """One channel's way of pushing a reply to a person, unprompted."""

    channel: Channel

    async def push(self, external_id: str, reply: Reply) -> Delivery:
        """Raises RetryLaterError when the platform answers 429."""
        ...


HEADROOM = 0.98


class Pacer:
    """At most `per_second` sends overall, and one per `per_chat` seconds to the same
    chat: the platform's documented limits, kept by waiting rather than by 429s. Sends are
    spaced for 98% of the limit, so that network jitter bunching two requests together
    never puts a second over it."""

    def __init__(self, per_second: float, per_chat: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_second = per_second
        self.interval = 1 / (per_second * HEADROOM)
        self.per_chat = per_chat
        self.clock = clock
        self._next_slot = 0.0
        self._chat_ready: dict[str, float] = {}
        self._lock = asyncio.Lock()

    async def wait(self, chat: str) -> None:
        async with self._lock:
            now = self.clock()
            start = max(now, self._next_slot, self._chat_ready.get(chat, 0.0))
            self._next_slot = start + self.interval
            self._chat_ready[chat] = start + self.per_chat
        delay = start - self.clock()
        if delay > 0:
            await asyncio.sleep(delay)

    def hold(self, seconds: float) -> None:
        """After a 429, nobody sends until `retry_after` has passed."""
        self._next_slot = max(self._next_slot, self.clock() + seconds)
