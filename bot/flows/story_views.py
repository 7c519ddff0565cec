"""How stories are worded for the secretariat and for the pledger told of a decision,
in the reader's language."""

from __future__ import annotations

from collections.abc import Sequence

from babel.dates import format_date

from bot.flows.desk_views import first_shown
from bot.flows.formatting import excerpt
from bot.flows.model import COMMAND_PREFIX, N_, Choice, FlowContext, Reply
from bot.flows.story_files import file_line
from bot.flows.story_model import StoryEntry
from vocabulary import StoryStatus

STORIES_SHOWN = 10
"""Stories shown at once by /stories (the oldest first); deciding shows the next."""
STORY_STATUS_LABELS = {
    StoryStatus.SUBMITTED: N_("waiting for review"),
    StoryStatus.APPROVED: N_("approved for the showcase"),
    StoryStatus.REJECTED: N_("rejected"),
}


def show_story_status(status: str, ctx: FlowContext) -> str:
    return ctx._(STORY_STATUS_LABELS[StoryStatus(status)])


def decision_choices(entry: StoryEntry, ctx: FlowContext) -> tuple[Choice, ...]:
    if entry.status != StoryStatus.SUBMITTED:
        return ()
    shown = (Choice(f"{COMMAND_PREFIX}storyfiles:{entry.id}", ctx._("Show the files")),) \
        if entry.files else ()
    return (Choice(f"{COMMAND_PREFIX}approvestory:{entry.id}", ctx._("Approve"), primary=True),
            Choice(f"{COMMAND_PREFIX}rejectstory:{entry.id}", ctx._("Reject")), *shown)


def entry_text(entry: StoryEntry, ctx: FlowContext) -> str:
    lines = [ctx._("Story {number} ({status}) on {reference} “{pledge}”, by {organization}, "
                   "sent on {day} by {pledger}").format(
        number=str(entry.id), status=show_story_status(entry.status, ctx),
        reference=entry.pledge_reference, pledge=excerpt(entry.pledge_title, 60),
        organization=entry.organization, pledger=entry.pledger,
        day=format_date(entry.submitted_on, format="medium", locale=ctx.locale)),
        "", entry.title, "", entry.body]
    if entry.files:
        lines += ["", ctx._("Photos and documents:")]
        lines += ["• " + file_line(f, ctx) for f in entry.files]
    return "\n".join(lines)


def queue_replies(entries: Sequence[StoryEntry], waiting: int,
                  ctx: FlowContext) -> tuple[Reply, ...]:
    if not entries:
        return (Reply(ctx._("No story is waiting for review.")),)
    heading = ctx.ngettext("{count} story is waiting for review.",
                           "{count} stories are waiting for review, the oldest first.",
                           waiting).format(count=waiting)
    if waiting > len(entries):
        heading += " " + first_shown(len(entries), ctx)
    return (Reply(heading), *(entry_reply(e, ctx) for e in entries))


def entry_reply(entry: StoryEntry, ctx: FlowContext) -> Reply:
    return Reply(entry_text(entry, ctx), choices=decision_choices(entry, ctx))


def decision_reply(entry: StoryEntry, ctx: FlowContext) -> Reply:
    """The secretariat's decision on a story, told to the pledger who sent it."""
    title = excerpt(entry.title, 80)
    if entry.status == StoryStatus.APPROVED:
        text = ctx._("Good news: the P2C secretariat approved your story “{title}” about "
                     "{reference}. It will be showcased in the digest, the annual report "
                     "and the published site.")
    else:
        text = ctx._("The P2C secretariat did not take your story “{title}” about "
                     "{reference} for the showcase. Their reason: {note}")
    return Reply(text.format(title=title, reference=entry.pledge_reference,
                             note=entry.review_note or ""))
