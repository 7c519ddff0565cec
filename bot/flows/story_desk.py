"""The secretariat's side of stories in chat: /stories lists those waiting, a button
sends a story's photos and documents, Approve decides at once, Reject asks for the
reason first. Anyone else is refused and the
attempt audited; the server checks the role again when it applies the decision."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.flows.desk_effects import REVIEWER_NOTE, RecordRefusal, refusal
from bot.flows.engine import Completion, Flow
from bot.flows.model import (
    Command,
    ConversationState,
    Effect,
    FlowContext,
    Reply,
    Turn,
)
from bot.flows.steps import TextStep
from bot.flows.story_effects import DecideStory, ShowStoryFiles, ShowStoryQueue
from vocabulary import StoryStatus

if TYPE_CHECKING:
    from bot.flows.engine import Engine

STORY_COMMANDS = frozenset({"stories", "storyfiles", "approvestory"})
STORY_NOTE_FLOW_NAME = "story_decision"


def _story_id(argument: str | None) -> int | None:
    said = (argument or "").strip()
    return int(said) if said.isdigit() else None


def story_desk_action(command: Command, ctx: FlowContext) -> tuple[tuple[Reply, ...],
                                                                   tuple[Effect, ...]]:
    """/stories, or a story's button: its files, or Approve."""
    story_id = _story_id(command.argument)
    if not ctx.secretariat or (command.name != "stories" and story_id is None):
        return (refusal(ctx),), (RecordRefusal(command.name, command.argument),)
    if story_id is None:
        return (), (ShowStoryQueue(),)
    if command.name == "storyfiles":
        return (), (ShowStoryFiles(story_id),)
    return (), (DecideStory(story_id, StoryStatus.APPROVED),)


def start_story_note(engine: Engine, command: Command, ctx: FlowContext) -> Turn:
    """Reject: the reason, which the pledger reads, is asked for first."""
    story_id = _story_id(command.argument)
    if not ctx.secretariat or story_id is None:
        return Turn(ConversationState(), (refusal(ctx),),
                    (RecordRefusal(command.name, command.argument),))
    return engine.start(STORY_NOTE_FLOW_NAME, ctx, {"story": story_id})


class ReasonStep(TextStep):
    def ask(self, data: Mapping[str, Any], ctx: FlowContext) -> str:
        return ctx._("Why is story {number} not taken for the showcase? The pledger will "
                     "read your reason.").format(number=str(data["story"]))


def _complete(data: Mapping[str, Any], ctx: FlowContext) -> Completion:
    return Completion(effects=(DecideStory(data["story"], StoryStatus.REJECTED,
                                           data["note"]),))


STORY_NOTE_FLOW = Flow(STORY_NOTE_FLOW_NAME, (
    ReasonStep("note", "", REVIEWER_NOTE, long_answer=True),
), _complete, holds_input=False)
