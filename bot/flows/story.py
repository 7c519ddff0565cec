"""A best-practice story, told by a pledger about one of their approved pledges: the
pledge, a title, the story, photos or a PDF; reviewed, then sent to the secretariat,
who may showcase it. Offered by /story and right after a progress report is saved."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.flows.engine import Completion, Flow
from bot.flows.menu_choices import menu_choices
from bot.flows.model import N_, NP_, ConversationState, FlowContext, PledgeSummary, Reply, Turn
from bot.flows.pledge_choice import PledgeChoiceStep
from bot.flows.steps import ReviewStep, TextStep, free_text
from bot.flows.story_effects import SubmitStory
from bot.flows.story_files import StoryFilesStep, kept_files
from bot.flows.story_model import BODY_LENGTH, TITLE_LENGTH
from vocabulary import PledgeStatus

if TYPE_CHECKING:
    from bot.flows.engine import Engine

STORY_FLOW_NAME = "story"


def showcased(ctx: FlowContext) -> list[PledgeSummary]:
    """Stories are told about approved pledges only: the showcase shows nothing else."""
    return [p for p in ctx.pledges if p.status == PledgeStatus.APPROVED]


class StoryReviewStep(ReviewStep):
    def heading(self, data: Mapping[str, Any], ctx: FlowContext) -> str:
        return ctx._("Please review your story about {reference}:").format(
            reference=data.get("pledge"))

    def confirm_label(self, data: Mapping[str, Any], ctx: FlowContext) -> str:
        return ctx._("Send the story")


def _complete(data: Mapping[str, Any], ctx: FlowContext) -> Completion:
    return Completion(effects=(SubmitStory(data["pledge"], data["title"], data["body"],
                                           tuple(kept_files(data.get("files")))),))


QUESTIONS = (
    PledgeChoiceStep("pledge", N_("Which pledge is your story about?"), showcased,
                     label=N_("Pledge")),
    TextStep("title", N_("A title for your story? (5 to 120 characters)"),
             free_text("title", minimum=TITLE_LENGTH[0], maximum=TITLE_LENGTH[1],
                       too_short=NP_("Please write at least {minimum} character.",
                                     "Please write at least {minimum} characters."),
                       too_long=NP_("A title can have at most {maximum} character (yours "
                                    "has {length}).",
                                    "A title can have at most {maximum} characters (yours "
                                    "has {length}).")),
             label=N_("Title")),
    TextStep("body", N_("Tell the story: what worked, for whom, and what others can learn "
                        "from it. (50 to 3000 characters)"),
             free_text("body", minimum=BODY_LENGTH[0], maximum=BODY_LENGTH[1],
                       too_short=NP_("Please write at least {minimum} character.",
                                     "Please write at least {minimum} characters."),
                       too_long=NP_("The story can have at most {maximum} character (yours "
                                    "has {length}).",
                                    "The story can have at most {maximum} characters (yours "
                                    "has {length})."), multiline=True),
             label=N_("Story"), long_answer=True),
    StoryFilesStep("files", "", label=N_("Photos and documents"), optional=lambda data: True),
)

STORY_FLOW = Flow(STORY_FLOW_NAME, (*QUESTIONS, StoryReviewStep(QUESTIONS)), _complete)


def start_story(engine: Engine, ctx: FlowContext, reference: str | None) -> Turn:
    """At the pledge question, or past it when the pledge is known (the button after a
    report names it) or is the only one that can have a story."""
    candidates = showcased(ctx)
    if not candidates:
        text = ctx._("A story is told about an approved pledge, and none of yours is "
                     "approved yet.")
        return Turn(ConversationState(), (Reply(text, choices=menu_choices(ctx)),))
    chosen = next((p for p in candidates if p.reference == reference), None)
    if chosen is None and len(candidates) == 1:
        chosen = candidates[0]
    if chosen is None:
        return engine.start(STORY_FLOW_NAME, ctx)
    return engine.start(STORY_FLOW_NAME, ctx, {"pledge": chosen.reference}, at="title")
