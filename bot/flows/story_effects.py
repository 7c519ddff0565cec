"""What the story flows ask the server to do, and how each outcome is worded: a
pledger's story sent for review, the secretariat's queue of stories and its decisions
(checked for the role again where they are applied)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.flows import story_views
from bot.flows.desk_effects import DeskEffect
from bot.flows.desk_model import DecisionResult
from bot.flows.menu_choices import menu_choices
from bot.flows.model import Attachment, Effect, FlowContext, KeptFile, Reply
from bot.flows.story_model import StoryDecisionOutcome, StoryEntry
from vocabulary import StoryStatus


@dataclass(frozen=True)
class SubmitStory(Effect):
    reference: str
    title: str
    body: str
    files: tuple[KeptFile, ...]

    def confirmation(self, outcome: int | None, ctx: FlowContext) -> tuple[Reply, ...]:
        text = ctx._("Thank you! Your story about {reference} is with the P2C secretariat. "
                     "Once approved, it is showcased in the digest, the annual report and "
                     "the published site.").format(reference=self.reference)
        return (Reply(text, choices=menu_choices(ctx)),)


@dataclass(frozen=True)
class ShowStoryQueue(DeskEffect):
    def shown(self, outcome: tuple[tuple[StoryEntry, ...], int],
              ctx: FlowContext) -> tuple[Reply, ...]:
        entries, waiting = outcome
        return story_views.queue_replies(entries, waiting, ctx)


@dataclass(frozen=True)
class ShowStoryFiles(DeskEffect):
    """A story's photos and documents sent in the chat, for the member to judge it. The
    story is shown again first: a pressed button's message is replaced by the first
    reply, and the story keeps its place with its buttons."""

    story_id: int

    def shown(self, outcome: tuple[StoryEntry, tuple[Attachment, ...]] | None,
              ctx: FlowContext) -> tuple[Reply, ...]:
        if outcome is None:
            return (Reply(ctx._("There is no story {number}.").format(number=str(self.story_id))),)
        entry, files = outcome
        return (story_views.entry_reply(entry, ctx), *(
            Reply(ctx._("Story {number}, file {position} of {count}: {name}").format(
                number=str(self.story_id), position=position, count=len(files), name=file.filename),
                attachment=file) for position, file in enumerate(files, start=1)))


@dataclass(frozen=True)
class DecideStory(DeskEffect):
    """Approve a story for the showcase, or reject it with a reason: once, however often
    the button is pressed."""

    story_id: int
    decision: StoryStatus
    note: str = ""

    def shown(self, outcome: StoryDecisionOutcome, ctx: FlowContext) -> tuple[Reply, ...]:
        if outcome.result is DecisionResult.GONE:
            return (Reply(ctx._("There is no story {number}.").format(number=str(self.story_id))),)
        if outcome.result is DecisionResult.ALREADY:
            return (Reply(ctx._("Story {number} is no longer waiting for review: it is "
                                "{status}. Nothing was changed.").format(
                number=str(self.story_id),
                status=story_views.show_story_status(outcome.status, ctx))),)
        if self.decision == StoryStatus.APPROVED:
            text = ctx._("Story {number} is approved for the showcase. The pledger is told.")
        else:
            text = ctx._("Story {number} is rejected. The pledger is told, with your reason.")
        return (Reply(text.format(number=str(self.story_id))),)
