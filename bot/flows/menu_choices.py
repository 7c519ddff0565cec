"""The main menu's choices, offered after anything finishes."""

from __future__ import annotations

from bot.flows.model import COMMAND_PREFIX, Choice, FlowContext
from vocabulary import PledgeStatus


def menu_choices(ctx: FlowContext) -> tuple[Choice, ...]:
    return (
        Choice(COMMAND_PREFIX + "pledge", ctx._("Make a pledge")),
        Choice(COMMAND_PREFIX + "mypledges", ctx._("My pledges")),
        Choice(COMMAND_PREFIX + "report", ctx._("Report progress")),
        Choice(COMMAND_PREFIX + "reminders", ctx._("Reminders")),
        Choice(COMMAND_PREFIX + "language", ctx._("Language")),
        Choice(COMMAND_PREFIX + "help", ctx._("Help")),
    )


def story_offer(reference: str, ctx: FlowContext) -> tuple[Choice, ...]:
    """After a report on an approved pledge: a button to tell its story."""
    if not any(p.reference == reference and p.status == PledgeStatus.APPROVED
               for p in ctx.pledges):
        return ()
    return (Choice(f"{COMMAND_PREFIX}story:{reference}", ctx._("Share a best-practice story")),)
