"""The secretariat's effects: each asks the server for data or a decision, and words
the outcome. The server checks the role again when it applies them (`Refused`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.flows import desk_views
from bot.flows.desk_model import (
    AttentionItem,
    DecisionOutcome,
    DecisionResult,
    DigestQueued,
    ExportOutcome,
    Figures,
    Refused,
    ReviewEntry,
)
from bot.flows.digest_views import digest_text
from bot.flows.formatting import show_list, show_status
from bot.flows.model import LONG_ANSWER_LENGTH, NP_, Effect, FlowContext, Reply
from bot.flows.steps import free_text
from vocabulary import ExportFormat, PledgeStatus

REVIEWER_NOTE = free_text(
    "note", minimum=5, maximum=LONG_ANSWER_LENGTH, multiline=True,
    too_short=NP_("Please write at least {minimum} character: the pledger needs to "
                  "understand it.",
                  "Please write at least {minimum} characters: the pledger needs to "
                  "understand it."),
    too_long=NP_("The note can have at most {maximum} character (yours has {length}).",
                 "The note can have at most {maximum} characters (yours has {length})."))
"""A member's reason or requested change, on a pledge or a story: the pledger reads it."""


def refusal(ctx: FlowContext) -> Reply:
    return Reply(ctx._("Sorry, only the P2C secretariat can do that. Nothing was changed."))


@dataclass(frozen=True)
class DeskEffect(Effect):
    """An effect only a secretariat member may cause: a refused outcome is worded the
    same for all of them."""

    def confirmation(self, outcome: Any, ctx: FlowContext) -> tuple[Reply, ...]:
        if isinstance(outcome, Refused):
            return (refusal(ctx),)
        return self.shown(outcome, ctx)

    def shown(self, outcome: Any, ctx: FlowContext) -> tuple[Reply, ...]:
        raise NotImplementedError


@dataclass(frozen=True)
class RecordRefusal(Effect):
    """Someone tried what they may not (a secretariat command, a forged button naming a
    pledge that is not theirs): audited, nothing else."""

    action: str
    argument: str | None = None


@dataclass(frozen=True)
class ShowReviewQueue(DeskEffect):
    def shown(self, outcome: tuple[tuple[ReviewEntry, ...], int],
              ctx: FlowContext) -> tuple[Reply, ...]:
        entries, waiting = outcome
        return desk_views.queue_replies(entries, waiting, ctx)


@dataclass(frozen=True)
class ShowFigures(DeskEffect):
    def shown(self, outcome: Figures, ctx: FlowContext) -> tuple[Reply, ...]:
        return (desk_views.stats_reply(outcome, ctx),)


@dataclass(frozen=True)
class FindPledges(DeskEffect):
    query: str

    def shown(self, outcome: tuple[tuple[ReviewEntry, ...], int],
              ctx: FlowContext) -> tuple[Reply, ...]:
        entries, total = outcome
        return desk_views.found_replies(self.query, entries, total, ctx)


@dataclass(frozen=True)
class ShowAttention(DeskEffect):
    def shown(self, outcome: tuple[tuple[AttentionItem, ...], int],
              ctx: FlowContext) -> tuple[Reply, ...]:
        items, total = outcome
        return (desk_views.attention_reply(items, total, ctx),)


@dataclass(frozen=True)
class SendDigestNow(DeskEffect):
    def shown(self, outcome: DigestQueued, ctx: FlowContext) -> tuple[Reply, ...]:
        if outcome.destinations:
            sent = ctx._("This digest is on its way to: {destinations}.").format(
                destinations=show_list(list(outcome.destinations), ctx))
        else:
            sent = ctx._("No digest destination is configured (P2C_DIGEST_SLACK_CHANNEL, "
                         "P2C_DIGEST_TELEGRAM_CHAT, P2C_DIGEST_EMAIL_TO), so it is shown "
                         "here only.")
        return (Reply(digest_text(outcome.digest, ctx)), Reply(sent))


@dataclass(frozen=True)
class ExportPledges(DeskEffect):
    format: ExportFormat

    def shown(self, outcome: ExportOutcome, ctx: FlowContext) -> tuple[Reply, ...]:
        text = ctx.ngettext("{count} pledge, as {format}.", "All {count} pledges, as {format}.",
                            outcome.pledges).format(count=outcome.pledges,
                                                    format=outcome.format.upper())
        return (Reply(text, attachment=outcome.attachment),)


@dataclass(frozen=True)
class DecidePledge(DeskEffect):
    """Approve, reject or ask for changes on the revision the member saw."""

    reference: str
    revision: int
    decision: PledgeStatus
    note: str = ""

    def shown(self, outcome: DecisionOutcome, ctx: FlowContext) -> tuple[Reply, ...]:
        if outcome.result is DecisionResult.GONE:
            return (Reply(ctx._("There is no pledge {reference}.").format(
                reference=self.reference)),)
        if outcome.result is DecisionResult.ALREADY:
            text = ctx._("{reference} is no longer waiting for review: it is {status}. "
                         "Nothing was changed.").format(
                reference=self.reference, status=show_status(outcome.status, ctx))
            return (Reply(text),)
        if outcome.result is DecisionResult.CHANGED:
            assert outcome.entry is not None, "a changed pledge is shown again"
            text = ctx._("{reference} was edited after it was shown to you, so nothing was "
                         "decided. Here it is as it reads now:").format(reference=self.reference)
            return (Reply(text), desk_views.entry_reply(outcome.entry, ctx))
        done = {
            PledgeStatus.APPROVED: ctx._("{reference} is approved. The pledger is told, and "
                                         "progress reminders are scheduled."),
            PledgeStatus.REJECTED: ctx._("{reference} is rejected. The pledger is told, with "
                                         "your reason."),
            PledgeStatus.CHANGES_REQUESTED: ctx._("Your note is sent: {reference} waits for "
                                                  "the pledger's changes, then returns to "
                                                  "review."),
        }[self.decision]
        return (Reply(done.format(reference=self.reference)),)
