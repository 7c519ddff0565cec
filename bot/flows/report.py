"""Progress self-reports: pick the pledge, then status, percent done, amount disbursed
(financial pledges, in the pledge's currency), people reached, groups reached, narrative
and an evidence link; review; confirm."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal

from bot.flows.checked_steps import CheckedTextStep
from bot.flows.draft import Data, Working, answers
from bot.flows.effects import SubmitProgressReport
from bot.flows.engine import Completion, Flow
from bot.flows.formatting import PROGRESS_LABELS, excerpt, show_money, show_percent
from bot.flows.model import LONG_ANSWER_LENGTH, N_, NP_, FlowContext, PledgeSummary, StepInput
from bot.flows.pledge_choice import PledgeChoiceStep
from bot.flows.steps import (
    ChoiceStep,
    InvalidAnswerError,
    MultiChoiceStep,
    Outcome,
    ReviewStep,
    TextStep,
    free_text,
    match_choice,
    not_a_choice,
)
from bot.links import LinkError, parse_link
from bot.money import MoneyError, parse_money
from bot.percent import PercentError, parse_percent
from vocabulary import PledgeStatus, ProgressStatus

REPORTABLE = {PledgeStatus.SUBMITTED, PledgeStatus.APPROVED, PledgeStatus.CHANGES_REQUESTED}
"""Work under review can be reported on too; only reminders wait for approval."""
PROGRESS_STATUSES = tuple(PROGRESS_LABELS.items())
MAX_PEOPLE = 10**10


def reportable(ctx: FlowContext) -> list[PledgeSummary]:
    return [p for p in ctx.pledges if p.status in REPORTABLE]


def _pledge(data: Data, ctx: FlowContext) -> PledgeSummary | None:
    return next((p for p in ctx.pledges if p.reference == data.get("pledge")), None)


def pledge_facts(pledge: PledgeSummary) -> dict[str, Any]:
    """What the later questions need to know about the pledge reported on."""
    return {"pledge": pledge.reference,
            Working.FINANCIAL: pledge.answers.get("pledge_type") == "financial",
            Working.CURRENCY: pledge.answers.get("currency"),
            Working.PLEDGED_AMOUNT: pledge.answers.get("amount")}


class ReportedPledgeStep(PledgeChoiceStep):
    """Answering also records what later questions need to know about the pledge."""

    def accept(self, given: StepInput, data: Data, ctx: FlowContext) -> Outcome:
        choice = match_choice(given, self.options(data, ctx))
        if choice is None:
            return not_a_choice(ctx)
        pledge = next(p for p in reportable(ctx) if p.reference == choice.id)
        return self.answered(pledge_facts(pledge))


def _parse_percent(text: str, data: Data, ctx: FlowContext) -> Mapping[str, Any]:
    try:
        return {"percent_done": parse_percent(text)}
    except PercentError as error:
        raise InvalidAnswerError(ctx._("Please give a whole number from 0 to 100.")) \
            from error


def _parse_disbursed(text: str, data: Data, ctx: FlowContext) -> Mapping[str, Any]:
    pledge = _pledge(data, ctx)
    currency = pledge.answers.get("currency") if pledge else None
    try:
        money = parse_money(text, ctx.locale, allow_zero=True)
    except MoneyError as error:
        if error.reason == "negative":
            raise InvalidAnswerError(ctx._("The amount disbursed cannot be negative; "
                                           "give what has been paid out so far, or 0.")) \
                from error
        raise InvalidAnswerError(ctx._("Please give an amount, for example 250k or "
                                       "1.5 million.")) from error
    if money.currency not in (None, currency):
        raise InvalidAnswerError(ctx._("Please give the amount in the pledge's currency "
                                       "({currency}).").format(currency=currency))
    return {"amount_disbursed": str(money.amount)}


def _parse_people(text: str, data: Data, ctx: FlowContext) -> Mapping[str, Any]:
    try:
        money = parse_money(text, ctx.locale, allow_zero=True)
    except MoneyError as error:
        if error.reason == "negative":
            raise InvalidAnswerError(ctx._("The number of people cannot be negative; "
                                           "give 0 if nobody has been reached yet.")) \
                from error
        money = None
    if money is None or money.currency or money.amount != money.amount.to_integral() or \
            money.amount > MAX_PEOPLE:
        raise InvalidAnswerError(ctx._("Please give a number of people, for example 12,000 "
                                       "or 1.2 million."))
    return {"people_reached": int(money.amount)}


def _parse_evidence(text: str, data: Data, ctx: FlowContext) -> Mapping[str, Any]:
    try:
        return {"evidence_url": parse_link(text)}
    except LinkError as error:
        raise InvalidAnswerError(
            ctx._("Please give a web link starting with https://")) from error


def _more_than_pledged(updates: Mapping[str, Any], data: Data,
                       ctx: FlowContext) -> str | None:
    pledged = data.get(Working.PLEDGED_AMOUNT)
    disbursed = updates.get("amount_disbursed")
    if not pledged or not isinstance(disbursed, str) or Decimal(disbursed) <= Decimal(pledged):
        return None
    currency = data.get(Working.CURRENCY)
    return ctx._("{disbursed} is more than the {pledged} pledged.").format(
        disbursed=show_money(disbursed, currency, ctx), pledged=show_money(pledged, currency, ctx))


def _beneficiary_groups(data: Data, ctx: FlowContext) -> list[tuple[str, str]]:
    return [(o.id, o.label) for o in ctx.reference.taxonomy.beneficiary_groups]


class ReportReviewStep(ReviewStep):
    def heading(self, data: Data, ctx: FlowContext) -> str:
        return ctx._("Please review your progress report on {reference}:").format(
            reference=data.get("pledge"))

    def confirm_label(self, data: Data, ctx: FlowContext) -> str:
        return ctx._("Send the report")


def _complete(data: Mapping[str, Any], ctx: FlowContext) -> Completion:
    given = answers(data, leaving=("pledge",))
    return Completion(effects=(SubmitProgressReport(data["pledge"], given),))


def report_start_data(ctx: FlowContext, reference: str | None) -> dict[str, Any] | None:
    """The answers a report starts with: the pledge, when it is known (a reminder's button,
    or the only pledge); None when the pledger has nothing to report on."""
    candidates = reportable(ctx)
    if not candidates:
        return None
    chosen = next((p for p in candidates if p.reference == reference), None)
    if chosen is None and len(candidates) == 1:
        chosen = candidates[0]
    return pledge_facts(chosen) if chosen else {}


class StandingStep(ChoiceStep):
    """Names the pledge: a pledger with several is never unsure which one this is."""

    def ask(self, data: Data, ctx: FlowContext) -> str:
        pledge = _pledge(data, ctx)
        if pledge is None:
            return super().ask(data, ctx)
        return ctx._("Where does the pledge {reference} ({title}) stand?").format(
            reference=pledge.reference, title=excerpt(pledge.answers.get("title", ""), 60))


class NarrativeStep(TextStep):
    """A first report tells what has happened so far; later ones since the last."""

    def ask(self, data: Data, ctx: FlowContext) -> str:
        pledge = _pledge(data, ctx)
        if pledge is not None and not pledge.reports:
            return ctx._("Tell us in a few sentences what has happened so far. (10 to 3000 "
                         "characters)")
        return super().ask(data, ctx)


QUESTIONS = (
    ReportedPledgeStep("pledge", N_("Which pledge are you reporting on?"), reportable),
    StandingStep("status", N_("Where does the pledge stand?"),
                 lambda data, ctx: PROGRESS_STATUSES, label=N_("Status")),
    TextStep("percent_done", N_("About what percentage is done? (0 to 100)"), _parse_percent,
             label=N_("Percent done"), optional=lambda data: True,
             describe=lambda data, ctx: show_percent(data["percent_done"], ctx),
             applies=lambda data: data.get("status") == ProgressStatus.IN_PROGRESS),
    CheckedTextStep("amount_disbursed", N_("How much has been disbursed so far?"),
             _parse_disbursed, unusual=_more_than_pledged,
             label=N_("Amount disbursed"), optional=lambda data: True, echo=True,
             applies=lambda data: data.get(Working.FINANCIAL, False),
             describe=lambda data, ctx: show_money(data["amount_disbursed"],
                                                   data.get(Working.CURRENCY), ctx)),
    TextStep("people_reached", N_("How many people has it reached so far?"), _parse_people,
             label=N_("People reached"), optional=lambda data: True,
             describe=lambda data, ctx: format_decimal(data["people_reached"],
                                                       locale=ctx.locale)),
    MultiChoiceStep("groups_reached", N_("Which groups has it reached?"), _beneficiary_groups,
                    label=N_("Groups reached"), optional=lambda data: True, minimum=0),
    NarrativeStep("narrative", N_("Tell us in a few sentences what has happened since the "
                                  "last report. (10 to 3000 characters)"),
             free_text("narrative", minimum=10, maximum=LONG_ANSWER_LENGTH,
                       too_short=NP_("Please write at least {minimum} character.",
                                     "Please write at least {minimum} characters."),
                       too_long=NP_("The report can have at most {maximum} character "
                                    "(yours has {length}).",
                                    "The report can have at most {maximum} characters "
                                    "(yours has {length})."), multiline=True),
             label=N_("What happened"), long_answer=True),
    TextStep("evidence_url", N_("A link to evidence (a report, photos, a news article)? "
                                "Skip if there is none."), _parse_evidence,
             label=N_("Evidence"), optional=lambda data: True),
)

REPORT_FLOW = Flow("report", (*QUESTIONS, ReportReviewStep(QUESTIONS)), _complete)
