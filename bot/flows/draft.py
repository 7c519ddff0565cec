"""The conversation data's shape: answers under their step's key, and beside them the
working keys a flow keeps for itself. Every working key is named here, with the rule
that tells it from an answer, so the review, an edit and what is stored read the same
fields."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

Data = Mapping[str, Any]
"""A conversation's data as the flows read it (stored as JSON between turns)."""

PRIVATE_PREFIX = "_"
UNCONFIRMED_SUFFIX = "_typed"


class Working(StrEnum):
    """The fixed working keys: set when a flow starts, never stored as answers."""

    THEN = "_then"
    """The flow that follows this one (registration before a first pledge)."""
    ASK_TIME_ZONE = "_ask_time_zone"
    """Registration asks the time zone only when the channel did not give one."""
    EDITING_REFERENCE = "_reference"
    """The pledge being edited; the pledge flow then saves changes, not a new pledge."""
    FINANCIAL = "_financial"
    """A report on a financial pledge asks for the amount disbursed."""
    CURRENCY = "_currency"
    """The currency that amount is in: the pledge's."""
    EXISTING = "_existing"
    """The registered organization of the name typed at registration (name, sector,
    country), which the pledger is asked whether to join."""
    JOIN = "_join"
    """The pledger's answer to joining it: yes joins it, no asks for their own name."""
    CANCELLING = "_cancelling"
    """Cancel was said once with several answers given: said again, they are dropped."""
    PLEDGED_AMOUNT = "_pledged_amount"
    """The pledge's own amount: more disbursed than that is confirmed first."""


def unconfirmed_key(key: str) -> str:
    """What was understood from a typed answer, kept until the user confirms it
    (`countries_typed` before `countries`)."""
    return f"{key}{UNCONFIRMED_SUFFIX}"


def selecting_key(key: str) -> str:
    """The ticks of a several-of question until Done makes them the answer."""
    return f"{PRIVATE_PREFIX}{key}_selecting"


def pending_key(key: str) -> str:
    """A valid but unusual answer, kept until the pledger confirms it
    (`bot.flows.checked_steps`)."""
    return f"{PRIVATE_PREFIX}{key}_pending"


def readings_key(key: str) -> str:
    """The two dates an all-numeric answer can mean, until one is chosen
    (`bot.flows.date_steps`)."""
    return f"{PRIVATE_PREFIX}{key}_readings"


def is_answer(key: str) -> bool:
    return not key.startswith(PRIVATE_PREFIX) and not key.endswith(UNCONFIRMED_SUFFIX)


def answers(data: Data, *, leaving: tuple[str, ...] = ()) -> dict[str, Any]:
    """The answers alone, without the working keys (nor the keys in `leaving`)."""
    return {key: value for key, value in data.items()
            if is_answer(key) and key not in leaving}
