"""A button belongs to the question that showed it.

Every choice a turn shows carries the conversation's version (`confirm~12`): a press
comes back with it, and a press of a button whose question has moved on (an old Cancel
far up the chat, a second tap on Confirm) is recognised instead of acting on whatever
is asked now. The token adds at most a few bytes, well inside Telegram's 64-byte
callback data.

Buttons shown outside a conversation (a reminder, a home page) carry no token; they
open a menu command about one pledge, which means the same whatever is being asked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from bot.flows.model import (
    COMMAND_PREFIX,
    MENU_COMMANDS,
    REMINDER_COMMANDS,
    SECRETARIAT_COMMANDS,
    TOKEN_SEPARATOR,
    Choice,
    Choose,
    Pick,
    Reply,
    UserInput,
)

STANDALONE = frozenset(MENU_COMMANDS + REMINDER_COMMANDS + SECRETARIAT_COMMANDS)


@dataclass(frozen=True)
class Press:
    """A button press read back: the plain input, the version of the question that
    showed the button (None for an untokened button), and a key naming what was pressed."""

    given: Pick | Choose
    version: int | None
    key: str

    @property
    def standalone(self) -> bool:
        """A menu command (start a pledge, report on P2C-…), meaningful at any time."""
        if not isinstance(self.given, Pick):
            return False
        name = self.given.choice_id.removeprefix(COMMAND_PREFIX).partition(":")[0]
        return self.given.choice_id.startswith(COMMAND_PREFIX) and name in STANDALONE


def token(version: int) -> str:
    return f"{TOKEN_SEPARATOR}{version}"


def stamp(replies: Iterable[Reply], version: int) -> tuple[Reply, ...]:
    """The replies with every choice bound to `version`."""
    suffix = token(version)
    return tuple(replace(reply, token=suffix, choices=tuple(
        replace(choice, id=unstamped(choice.id) + suffix) for choice in reply.choices))
        for reply in replies)


def version_of(token_text: str) -> int | None:
    """The version a token (`~12`) names, or None for no token."""
    return _split(token_text)[1]


def unstamped(choice_id: str) -> str:
    return Choice(choice_id, "").plain_id


def read(given: UserInput) -> Press | None:
    """The press behind a Pick or Choose, or None for any other input."""
    if isinstance(given, Pick):
        plain, version = _split(given.choice_id)
        return Press(Pick(plain), version, plain)
    if isinstance(given, Choose):
        split = [_split(choice_id) for choice_id in given.choice_ids]
        versions = {_split(given.token)[1]} if given.token else {v for _, v in split}
        chosen = tuple(choice_id for choice_id, _ in split)
        return Press(Choose(chosen), versions.pop() if len(versions) == 1 else None,
                     "choose:" + ",".join(sorted(chosen)))
    return None


def _split(choice_id: str) -> tuple[str, int | None]:
    plain = unstamped(choice_id)
    return plain, int(choice_id[len(plain) + 1:]) if plain != choice_id else None
