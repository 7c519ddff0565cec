"""The secretariat's commands in chat: /review, /stats, /find, /digest, /export,
/overdue, and the decisions on a pledge (and, through `bot.flows.story_desk`, /stories).
Anyone else is refused politely, and the attempt is audited; the server checks the role
again when it applies an effect."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.flows.desk_effects import (
    REVIEWER_NOTE,
    DecidePledge,
    ExportPledges,
    FindPledges,
    RecordRefusal,
    SendDigestNow,
    ShowAttention,
    ShowFigures,
    ShowReviewQueue,
    refusal,
)
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
from bot.flows.story_desk import STORY_COMMANDS, start_story_note, story_desk_action
from vocabulary import ExportFormat, PledgeStatus

if TYPE_CHECKING:
    from bot.flows.engine import Engine

NOTE_DECISIONS = {"reject": PledgeStatus.REJECTED, "changes": PledgeStatus.CHANGES_REQUESTED}
DECISION_FLOW = "decision"


def read_target(argument: str | None) -> tuple[str, int] | None:
    """`P2C-2026-00042.3` → the reference and the revision the button showed."""
    reference, separator, revision = (argument or "").rpartition(".")
    if not separator or not reference or not revision.isdigit():
        return None
    return reference, int(revision)


def desk_action(command: Command, ctx: FlowContext) -> tuple[tuple[Reply, ...],
                                                             tuple[Effect, ...]]:
    """A secretariat command done at once, whatever the member is in the middle of."""
    if command.name in STORY_COMMANDS:
        return story_desk_action(command, ctx)
    if not ctx.secretariat:
        return (refusal(ctx),), (RecordRefusal(command.name, command.argument),)
    name, argument = command.name, (command.argument or "").strip()
    if name == "review":
        return (), (ShowReviewQueue(),)
    if name == "stats":
        return (), (ShowFigures(),)
    if name == "overdue":
        return (), (ShowAttention(),)
    if name == "digest":
        return (), (SendDigestNow(),)
    if name == "find":
        if not argument:
            return (Reply(ctx._("Say what to look for: a reference such as P2C-2026-00042, or "
                                "a word of the title or the organization's name.")),), ()
        return (), (FindPledges(argument),)
    if name == "export":
        chosen = argument.casefold() or ExportFormat.XLSX
        if chosen not in set(ExportFormat):
            return (Reply(ctx._("Exports come as csv, xlsx or json: say which.")),), ()
        return (), (ExportPledges(ExportFormat(chosen)),)
    target = read_target(argument)
    if target is None:
        return (refusal(ctx),), (RecordRefusal(name, command.argument),)
    return (), (DecidePledge(target[0], target[1], PledgeStatus.APPROVED),)


def start_note(engine: Engine, command: Command, ctx: FlowContext) -> Turn:
    """Reject or ask for changes: the reason or note is asked for first."""
    if command.name == "rejectstory":
        return start_story_note(engine, command, ctx)
    target = read_target(command.argument)
    if not ctx.secretariat or target is None:
        return Turn(ConversationState(), (refusal(ctx),),
                    (RecordRefusal(command.name, command.argument),))
    reference, revision = target
    return engine.start(DECISION_FLOW, ctx, {"reference": reference, "revision": revision,
                                             "decision": NOTE_DECISIONS[command.name]})


class NoteStep(TextStep):
    def ask(self, data: Mapping[str, Any], ctx: FlowContext) -> str:
        if data["decision"] == PledgeStatus.REJECTED:
            return ctx._("Why is {reference} rejected? The pledger will read your reason.")\
                .format(reference=data["reference"])
        return ctx._("What should the pledger change in {reference}? They will see your note "
                     "when they edit the pledge.").format(reference=data["reference"])


def _complete(data: Mapping[str, Any], ctx: FlowContext) -> Completion:
    return Completion(effects=(DecidePledge(data["reference"], data["revision"],
                                            PledgeStatus(data["decision"]), data["note"]),))


DECISION_FLOW_STEPS = (
    NoteStep("note", "", REVIEWER_NOTE, long_answer=True),
)
NOTE_FLOW = Flow(DECISION_FLOW, DECISION_FLOW_STEPS, _complete, holds_input=False)
