"""The main menu's choices, offered after anything finishes."""

from __future__ import annotations

from bot.flows.model import COMMAND_PREFIX, Choice, FlowContext


def menu_choices(ctx: FlowContext) -> tuple[Choice, ...]:
    return (
        Choice(COMMAND_PREFIX + "pledge", ctx._("Make a pledge")),
        Choice(COMMAND_PREFIX + "mypledges", ctx._("My pledges")),
        Choice(COMMAND_PREFIX + "report", ctx._("Report progress")),
        Choice(COMMAND_PREFIX + "reminders", ctx._("Reminders")),
        Choice(COMMAND_PREFIX + "language", ctx._("Language")),
        Choice(COMMAND_PREFIX + "help", ctx._("Help")),
    )
