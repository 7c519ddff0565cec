"""The platforms' fakes as the soak benchmark needs them.

One loopback server carries the fake Telegram Bot API and the fake Slack Web API. The
first segment of each path names the calling process (`/serve-1/bot<token>/sendMessage`,
`/worker-2/api/chat.postMessage`), so every message is attributed to the process that sent
it, and a trap can SIGKILL the calling process at a chosen call: before the platform sees
it, while the platform acts on it (the caller never hears back), or just after.

The fakes run in the server's thread while the simulated pledgers run in the benchmark's
event loop, so what each chat shows is kept in a `ChatLog` behind a lock. Those records
are the ground truth for "what the pledger saw"."""

from __future__ import annotations

import copy
import itertools
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tests.fakes.slack_api import FakeSlack, SlackCall
from tests.fakes.telegram_api import BadRequestError, Call, FakeTelegram

CALLER: ContextVar[str] = ContextVar("soak_caller", default="unknown")
SEND_METHODS = frozenset({"sendMessage", "editMessageText", "chat.postMessage", "chat.update"})
BEFORE, DURING, AFTER = "before", "during", "after"
TRAP_POINTS = (BEFORE, DURING, AFTER)


@dataclass(frozen=True)
class Sighting:
    """One message as its chat showed it, when it was sent or edited, and by whom."""

    caller: str
    method: str
    chat: str
    key: str
    text: str
    selected: tuple[str, ...] = ()
    at: float = 0.0


@dataclass
class ChatLog:
    """Every chat's messages (newest state of each) and the history of changes."""

    _lock: threading.Lock = field(default_factory=threading.Lock)
    _sightings: list[Sighting] = field(default_factory=list)
    _by_chat: dict[str, list[Sighting]] = field(default_factory=lambda: defaultdict(list))
    _messages: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(dict))
    _created: dict[tuple[str, str], int] = field(default_factory=dict)
    _changed: dict[tuple[str, str], int] = field(default_factory=dict)
    _latest_post: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    _versions: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    _sequence: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _last: int = 0

    def record(self, method: str, chat: str, key: str, message: dict[str, Any]) -> None:
        snapshot = copy.deepcopy(message)
        with self._lock:
            sighting = Sighting(CALLER.get(), method, chat, key, str(snapshot.get("text", "")),
                                _selected(snapshot), time.time())
            self._sightings.append(sighting)
            self._by_chat[chat].append(sighting)
            self._messages[chat][key] = snapshot
            self._last = next(self._sequence)
            if (chat, key) not in self._created:
                self._created[(chat, key)] = self._latest_post[chat] = self._last
            self._changed[(chat, key)] = self._last
            self._versions[chat] += 1

    def version(self, chat: str) -> int:
        """How many times the chat changed: a pledger waits for this to move."""
        with self._lock:
            return self._versions[chat]

    def note(self, method: str, chat: str, key: str, text: str) -> None:
        """A call that changed nothing the pledger sees, kept in the history only."""
        with self._lock:
            self._by_chat[chat].append(Sighting(CALLER.get(), method, chat, key, text,
                                                at=time.time()))

    def mark(self) -> int:
        """Now, in the log's order of changes: what a pledger notes before an input."""
        with self._lock:
            return self._last

    def answered(self, chat: str, since: int, pressed: str | None) -> bool:
        """Whether the bot answered an input sent at `since` as a person sees it: a
        message posted below it, or the pressed message changed in place. (An edit of
        some older message is not an answer to a typed one.)"""
        with self._lock:
            if pressed is not None and self._changed.get((chat, pressed), 0) > since:
                return True
            return self._latest_post[chat] > since

    def newest(self, chat: str, count: int = 1) -> list[dict[str, Any]]:
        """The messages posted last (as they read now), newest first: the question being
        asked is among them."""
        with self._lock:
            keys = self._messages.get(chat, {})
            order = sorted(keys, key=lambda k: self._created[(chat, k)], reverse=True)
            return [copy.deepcopy(keys[k]) for k in order[:count]]

    def texts_of(self, chat: str) -> list[Sighting]:
        with self._lock:
            return list(self._by_chat[chat])

    def dump(self) -> dict[str, Any]:
        """Every chat's history and final messages, for a look after a failed run."""
        with self._lock:
            return {chat: {"history": [vars(s) for s in self._by_chat[chat]],
                           "messages": copy.deepcopy(self._messages[chat])}
                    for chat in self._by_chat}

    def sightings(self) -> list[Sighting]:
        with self._lock:
            return list(self._sightings)


def _selected(message: dict[str, Any]) -> tuple[str, ...]:
    """What a several-of question shows as chosen: Telegram's ✓ buttons, Slack's
    initial options."""
    keyboard = message.get("reply_markup", {}).get("inline_keyboard", [])
    marked = [b["text"] for row in keyboard for b in row if b["text"].startswith("✓")]
    for block in message.get("blocks", []):
        for element in block.get("elements", []):
            marked += [o["text"]["text"] for o in element.get("initial_options", [])]
    return tuple(marked)


@dataclass
class RecordingTelegram(FakeTelegram):
    log: ChatLog = field(default_factory=ChatLog)

    def _sendMessage(self, call: Call) -> dict[str, Any]:  # noqa: N802 - Bot API names
        message = super()._sendMessage(call)
        self.log.record(call.method, str(message["chat"]["id"]), str(message["message_id"]),
                        message)
        return message

    def _editMessageText(self, call: Call) -> dict[str, Any]:  # noqa: N802
        try:
            message = super()._editMessageText(call)
        except BadRequestError as error:
            if error.expected:  # "message is not modified": noted, nothing changes
                self.log.note(call.method + " (not modified)", call.params["chat_id"],
                              call.params["message_id"], call.params.get("text", ""))
            raise
        self.log.record(call.method, str(message["chat"]["id"]), str(message["message_id"]),
                        message)
        return message


@dataclass
class RecordingSlack(FakeSlack):
    log: ChatLog = field(default_factory=ChatLog)

    def _chat_postMessage(self, call: SlackCall) -> dict[str, Any]:  # noqa: N802
        result = super()._chat_postMessage(call)
        key = (result["channel"], result["ts"])
        self.log.record(call.method, key[0], key[1], self.messages[key])
        return result

    def _chat_update(self, call: SlackCall) -> dict[str, Any]:
        result = super()._chat_update(call)
        key = (call.params["channel"], call.params["ts"])
        self.log.record(call.method, key[0], key[1], self.messages[key])
        return result


@dataclass
class Trap:
    """SIGKILL `caller` at its `nth` send (counted over all its restarts) at `point`."""

    caller: str
    nth: int
    point: str
    sprung: threading.Event = field(default_factory=threading.Event)


class Traps:
    """Counts each caller's sends and springs the armed traps; `kill(caller, why)` is the
    fleet's, called from the fake server's thread."""

    def __init__(self, kill: Callable[[str, str], bool]) -> None:
        self._kill = kill
        self._lock = threading.Lock()
        self._sends: dict[str, int] = defaultdict(int)
        self._armed: list[Trap] = []

    def sends(self, caller: str) -> int:
        with self._lock:
            return self._sends[caller]

    def arm(self, caller: str, after: int, point: str) -> Trap:
        """A trap for `caller`'s `after`-th send from now."""
        with self._lock:
            trap = Trap(caller, self._sends[caller] + after, point)
            self._armed.append(trap)
            return trap

    def disarm(self) -> None:
        with self._lock:
            self._armed.clear()

    def counted(self, caller: str, method: str) -> Trap | None:
        """Counts a call; the trap it reaches, if any."""
        if method not in SEND_METHODS:
            return None
        with self._lock:
            self._sends[caller] += 1
            for trap in self._armed:
                if trap.caller == caller and self._sends[caller] >= trap.nth:
                    self._armed.remove(trap)
                    return trap
        return None

    def spring(self, trap: Trap) -> None:
        self._kill(trap.caller, f"trap at send {trap.nth}, {trap.point} the platform acts")
        trap.sprung.set()


class CallerRouter:
    """The ASGI app of the fakes' server: strips and remembers the caller segment, hands
    Bot API paths to the Telegram fake and the rest to the Slack fake, and springs traps."""

    def __init__(self, telegram: FakeTelegram, slack: FakeSlack, traps: Traps) -> None:
        self.telegram: ASGIApp = telegram.app
        self.slack: ASGIApp = slack.app
        self.traps = traps
        self.errors: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        parts = scope["path"].split("/", 2)
        if scope["type"] != "http" or len(parts) < 3:
            await _answer(send, 404)
            return
        caller, rest = parts[1], "/" + parts[2]
        inner = {**scope, "path": rest, "raw_path": rest.encode()}
        trap = self.traps.counted(caller, rest.rsplit("/", 1)[-1])
        token = CALLER.set(caller)
        try:
            if trap is not None and trap.point == BEFORE:
                self.traps.spring(trap)
                await _answer(send, 502)
                return
            if trap is not None and trap.point == DURING:
                send = self._springing(send, trap)
            app = self.telegram if rest.startswith("/bot") else self.slack
            try:
                await app(inner, receive, send)
            except ClientDisconnect:
                return  # the caller was killed while sending its request
            except Exception as error:
                self.errors.append(f"{caller} {rest}: {error!r}")
                raise
            if trap is not None and trap.point == AFTER:
                self.traps.spring(trap)
        finally:
            CALLER.reset(token)

    def _springing(self, send: Send, trap: Trap) -> Send:
        """The fake has acted (recorded the message); the caller dies before the answer."""
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start" and not trap.sprung.is_set():
                self.traps.spring(trap)
            await send(message)
        return sending


async def _answer(send: Send, status: int) -> None:
    await send({"type": "http.response.start", "status": status, "headers": []})
    await send({"type": "http.response.body", "body": b""})
