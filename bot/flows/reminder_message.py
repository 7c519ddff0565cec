"""The words and buttons of a progress reminder and of its one follow-up."""

from __future__ import annotations

from bot.flows.formatting import excerpt
from bot.flows.model import COMMAND_PREFIX, Choice, FlowContext, PledgeSummary, Reply

FOLLOW_UP = "follow_up"


def reminder_reply(pledge: PledgeSummary, kind: str, ctx: FlowContext) -> Reply:
    title = excerpt(pledge.answers.get("title", ""), 80)
    if kind == FOLLOW_UP:
        text = ctx._("A gentle reminder: we have not yet received your progress report on "
                     "{reference} “{title}”. Partner2Connect counts on it.")
    else:
        text = ctx._("It is time to report progress on your pledge {reference} “{title}”. "
                     "It takes a few minutes.")
    reference = pledge.reference
    return Reply(text.format(reference=reference, title=title), choices=(
        Choice(f"{COMMAND_PREFIX}report:{reference}", ctx._("Report now"), primary=True),
        Choice(f"{COMMAND_PREFIX}snooze:{reference}", ctx._("Remind me in a week")),
        Choice(f"{COMMAND_PREFIX}pause:{reference}", ctx._("Pause reminders")),
    ))


def decision_reply(pledge: PledgeSummary, ctx: FlowContext) -> Reply:
    """The secretariat's decision, told to the pledger in their language; a change
    request opens the pledge, where the note is shown beside Edit."""
    title = excerpt(pledge.answers.get("title", ""), 80)
    note = pledge.review_note or ""
    if pledge.status == "approved":
        text = ctx._("Good news: the P2C secretariat approved your pledge {reference} "
                     "“{title}”. I will remind you when it is time to report progress.")
    elif pledge.status == "rejected":
        text = ctx._("The P2C secretariat did not accept your pledge {reference} “{title}”. "
                     "Their reason: {note}")
    else:
        text = ctx._("The P2C secretariat asks for a change to your pledge {reference} "
                     "“{title}”: {note}\nEdit the pledge and it returns to review.")
    reference = pledge.reference
    return Reply(text.format(reference=reference, title=title, note=note), choices=(
        Choice(f"{COMMAND_PREFIX}mypledges:{reference}",
               ctx._("Open {reference}").format(reference=reference), primary=True),))
