"""The pledger's own pledges: list, view, edit (through the intake review) and withdraw."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bot.flows.draft import Data
from bot.flows.effects import WithdrawPledge
from bot.flows.engine import Completion, Flow, NextFlow
from bot.flows.formatting import report_line, show_standing
from bot.flows.menu_choices import menu_choices
from bot.flows.model import N_, FlowContext, PledgeSummary, Reply, StepInput
from bot.flows.pledge import EDITING_REFERENCE, REVIEW
from bot.flows.pledge_choice import PledgeChoiceStep
from bot.flows.steps import (
    YES,
    YES_NO,
    ChoiceStep,
    Goto,
    Outcome,
    match_choice,
    not_a_choice,
)
from vocabulary import PledgeStatus

EDITABLE = {PledgeStatus.SUBMITTED, PledgeStatus.APPROVED, PledgeStatus.REJECTED,
            PledgeStatus.CHANGES_REQUESTED}
WITHDRAWABLE = {PledgeStatus.SUBMITTED, PledgeStatus.APPROVED, PledgeStatus.CHANGES_REQUESTED}


def _chosen(data: Data, ctx: FlowContext) -> PledgeSummary | None:
    return next((p for p in ctx.pledges if p.reference == data.get("pledge")), None)


def _actions(data: Data, ctx: FlowContext) -> list[tuple[str, str]]:
    pledge = _chosen(data, ctx)
    actions = []
    if pledge and pledge.status in EDITABLE:
        actions.append(("edit", N_("Edit")))
    if pledge and pledge.status in WITHDRAWABLE:
        actions.append(("withdraw", N_("Withdraw")))
    return [*actions, ("list", N_("Back to my pledges"))]


class PledgeActionStep(ChoiceStep):
    def ask(self, data: Data, ctx: FlowContext) -> str:
        pledge = _chosen(data, ctx)
        if pledge is None:
            return ctx._("That pledge is no longer available.")
        heading = ctx._("{reference} ({status})").format(reference=pledge.reference,
                                                          status=show_standing(pledge, ctx))
        text = heading + "\n\n" + REVIEW.summary(pledge.answers, ctx)
        if pledge.review_note and pledge.status == PledgeStatus.CHANGES_REQUESTED:
            text += "\n\n" + ctx._("The secretariat asks: {note}").format(note=pledge.review_note)
        elif pledge.review_note and pledge.status == PledgeStatus.REJECTED:
            text += "\n\n" + ctx._("The secretariat's reason: {note}").format(
                note=pledge.review_note)
        if pledge.reports:
            text += "\n\n" + ctx._("Progress reports:") + "\n" + "\n".join(
                report_line(report, ctx) for report in pledge.reports)
        return text

    def prompt(self, data: Data, ctx: FlowContext, *, can_go_back: bool) -> Reply:
        """Opened from the list, « Back returns to it: no second button saying so."""
        reply = super().prompt(data, ctx, can_go_back=can_go_back)
        if not can_go_back:
            return reply
        return replace(reply, choices=tuple(c for c in reply.choices if c.id != "list"))

    def accept(self, given: StepInput, data: Data, ctx: FlowContext) -> Outcome:
        choice = match_choice(given, self.options(data, ctx), ctx.locale)
        if choice is None:
            return not_a_choice(ctx)
        if choice.id == "list":
            return Goto("pledge")
        return self.answered({self.key: choice.id})


class WithdrawConfirmStep(ChoiceStep):
    def ask(self, data: Data, ctx: FlowContext) -> str:
        return ctx._("Withdraw pledge {reference}? The secretariat will see it as withdrawn; "
                     "this cannot be undone.").format(reference=data.get("pledge"))


def _complete(data: Mapping[str, Any], ctx: FlowContext) -> Completion:
    pledge = _chosen(data, ctx)
    if pledge is None:
        return Completion(replies=(Reply(ctx._("That pledge is no longer available."),
                                         choices=menu_choices(ctx)),))
    if data["action"] == "edit":
        answers = {**pledge.answers, EDITING_REFERENCE: pledge.reference}
        return Completion(then=NextFlow("pledge", answers, at="review"))
    if data.get("withdraw_confirm") == YES:
        return Completion(effects=(WithdrawPledge(pledge.reference),))
    return Completion(replies=(Reply(ctx._("All right, the pledge stays as it is."),
                                     choices=menu_choices(ctx)),))


MY_PLEDGES_FLOW = Flow(
    "my_pledges",
    (
        PledgeChoiceStep("pledge", N_("Your pledges. Choose one to see it, edit it or "
                                      "withdraw it:")),
        PledgeActionStep("action", "", _actions),
        WithdrawConfirmStep("withdraw_confirm", "", lambda data, ctx: YES_NO,
                            applies=lambda data: data.get("action") == "withdraw"),
    ),
    _complete,
    holds_input=False,
)
