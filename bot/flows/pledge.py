"""Pledge intake: focus area → pillar → type → title → description → countries → value
→ beneficiaries → SDGs → dates → partners → review → confirm. The same steps edit a
saved pledge: the flow then starts at the review with the pledge's answers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from bot.dates import Bound
from bot.flows.checked_steps import CheckedTextStep
from bot.flows.country_steps import GLOBAL, CountriesConfirmStep, CountriesStep
from bot.flows.date_steps import DateStep
from bot.flows.draft import Data, Working, answers
from bot.flows.effects import SubmitPledge, UpdatePledge
from bot.flows.engine import Completion, Flow
from bot.flows.formatting import SDG_NUMBER, show_date, show_list, show_money
from bot.flows.model import (
    LONG_ANSWER_LENGTH,
    N_,
    NP_,
    UNSET,
    Choice,
    FlowContext,
    StepInput,
    Text,
)
from bot.flows.steps import (
    ChoiceStep,
    InvalidAnswerError,
    MultiChoiceStep,
    Outcome,
    ReviewStep,
    Step,
    TextStep,
    free_text,
)
from bot.flows.typed_text import one_line
from bot.matching import normalize
from bot.money import MoneyError, parse_currency, parse_money
from bot.typed_lists import fragments

EDITING_REFERENCE = Working.EDITING_REFERENCE
COMMON_CURRENCIES = ("USD", "EUR", "GBP", "CHF", "JPY", "CNY")
MAX_PARTNERS = 20
_SDG_WORD = re.compile(r"\bSDGs?\s*(?=\d)", re.IGNORECASE)

_MONEY_ERRORS = {
    "no_number": N_("I could not find an amount in that."),
    "several_numbers": N_("Please give one amount only."),
    "several_currencies": N_("Please give one currency only."),
    "unknown_word": N_("I could not understand all of that amount."),
    "not_positive": N_("The amount must be more than zero."),
    "negative": N_("The amount cannot be negative."),
    "too_large": N_("That amount is too large; please check it."),
}


def _focus_areas(data: Data, ctx: FlowContext) -> list[tuple[str, str]]:
    return [(f.id, f.label) for f in ctx.reference.taxonomy.focus_areas]


def _pillars(data: Data, ctx: FlowContext) -> list[tuple[str, str]]:
    area = ctx.reference.taxonomy.focus_area(data.get("focus_area", ""))
    return [(p.id, p.label) for p in area.pillars] if area else []


def _pledge_types(data: Data, ctx: FlowContext) -> list[tuple[str, str]]:
    return [(o.id, o.label) for o in ctx.reference.taxonomy.pledge_types]


def _beneficiary_groups(data: Data, ctx: FlowContext) -> list[tuple[str, str]]:
    return [(o.id, o.label) for o in ctx.reference.taxonomy.beneficiary_groups]


def _sdgs(data: Data, ctx: FlowContext) -> list[tuple[str, str]]:
    return [(str(s.number), s.label) for s in ctx.reference.taxonomy.sdgs]


class FocusAreaStep(ChoiceStep):
    """Focus areas read with their P2C names, e.g. "Empower communities (ADOPTION)"."""

    def options(self, data: Data, ctx: FlowContext) -> list[Choice]:
        names = {area.id: area.p2c_name for area in ctx.reference.taxonomy.focus_areas}
        return [Choice(c.id, ctx.fill("{label} ({name})", label=c.label, name=names[c.id]))
                for c in super().options(data, ctx)]

    def describe(self, data: Data, ctx: FlowContext) -> str:
        labels = {c.id: c.label for c in self.options(data, ctx)}
        return labels.get(data.get(self.key) or "", super().describe(data, ctx))


class SdgStep(MultiChoiceStep):
    """SDG buttons read "4 · Quality education", and typed numbers are SDG numbers."""

    def options(self, data: Data, ctx: FlowContext) -> list[Choice]:
        return [Choice(number, f"{number} · {ctx._(label)}") for number, label in
                self.options_of(data, ctx)]

    def describe(self, data: Data, ctx: FlowContext) -> str:
        return show_list([ctx._(SDG_NUMBER).format(number=str(n))
                          for n in data.get(self.key) or []], ctx) or ctx._("(none)")

    def accept(self, given: StepInput, data: Data, ctx: FlowContext) -> Outcome:
        """`SDG 4, SDG 5`, or `ODD 4, ODD 5` as the French summary writes them, reads
        as `4, 5`."""
        if isinstance(given, Text):
            given = Text(_goal_words(ctx).sub(r"\1", _SDG_WORD.sub("", given.text)),
                         token=given.token)
        return super().accept(given, data, ctx)


def _goal_words(ctx: FlowContext) -> re.Pattern[str]:
    """What the user's language writes around a goal's number (`ODD `, `ЦУР `,
    `可持续发展目标`), to be read past like `SDG `."""
    before, _, after = (part.strip() for part in ctx._(SDG_NUMBER).partition("{number}"))
    return re.compile((rf"(?:{re.escape(before)}\s*)?" if before else "") + r"(\d+)"
                      + (rf"(?:\s*{re.escape(after)})?" if after else ""), re.IGNORECASE)


def _parse_amount(text: str, data: Data, ctx: FlowContext) -> Mapping[str, Any]:
    try:
        money = parse_money(text, ctx.locale)
    except MoneyError as error:
        raise InvalidAnswerError(ctx._(_MONEY_ERRORS[error.reason]) + " " + ctx._(
            "Type an amount and a currency, for example: 5 million USD, €2.5m or CHF 300k."
        )) from error
    return {"amount": str(money.amount), "currency": money.currency or UNSET}


def _show_amount(data: Data, ctx: FlowContext) -> str:
    return show_money(data["amount"], data.get("currency"), ctx)


def _parse_currency(text: str, data: Data, ctx: FlowContext) -> Mapping[str, Any]:
    code = parse_currency(text, ctx.locale)
    if code is None:
        raise InvalidAnswerError(ctx._("Please type a currency code such as USD, EUR or KES."))
    return {"currency": code}


def _unusual_amount(updates: Mapping[str, Any], data: Data, ctx: FlowContext) -> str | None:
    """A pledge far outside the range the organization's sector usually pledges in."""
    amount = updates.get("amount", data.get("amount"))
    currency = updates.get("currency", data.get("currency"))
    if not isinstance(amount, str) or not isinstance(currency, str) or ctx.organization is None:
        return None
    sector = ctx.reference.taxonomy.sector(ctx.organization.sector)
    usd = Decimal(amount) if currency == "USD" else \
        ctx.reference.currencies.to_usd(Decimal(amount), currency)
    if sector is None or sector.usual_usd is None or usd is None:
        return None
    low, high = sector.usual_usd
    if low <= usd <= high:
        return None
    shown = show_money(amount, currency, ctx)
    usual = {"sector": ctx._(sector.label), "low": show_money(str(low), "USD", ctx),
             "high": show_money(str(high), "USD", ctx)}
    if usd > high:
        return ctx._("{amount} is far more than a pledge from {sector} usually is (up to "
                     "{high}).").format(amount=shown, **usual)
    return ctx._("{amount} is far less than a pledge from {sector} usually is (from "
                 "{low}).").format(amount=shown, **usual)


def _currency_option(code: str) -> tuple[str, str, Any]:
    return (f"cur:{code}", code, lambda data: {"currency": code})


def _check_dates(day: date, data: Data, ctx: FlowContext, *,
                 key: str) -> Mapping[str, Any]:
    """A start after the end clears the end (asked again); an end before the start is
    refused."""
    if key == "start_date" and data.get("end_date") and \
            date.fromisoformat(data["end_date"]) < day:
        return {"end_date": UNSET}
    if key == "end_date" and data.get("start_date") and \
            day < date.fromisoformat(data["start_date"]):
        raise InvalidAnswerError(ctx._("The end date must be on or after the start date "
                                 "({start}).").format(start=show_date(data["start_date"],
                                                                      ctx)))
    return {}


def _parse_partners(text: str, data: Data, ctx: FlowContext) -> Mapping[str, Any]:
    names = _distinct([one_line(n) for n in fragments(text)])
    if not names:
        raise InvalidAnswerError(ctx._("Please type the partner organizations' names, separated "
                                 "by commas."))
    if len(names) > MAX_PARTNERS or any(len(n) < 2 or len(n) > 200 for n in names):
        raise InvalidAnswerError(ctx.ngettext(
            "Please type up to {maximum} partner name of 2 to 200 characters.",
            "Please type up to {maximum} partner names of 2 to 200 characters each, separated "
            "by commas.", MAX_PARTNERS).format(maximum=MAX_PARTNERS))
    return {"partners": names}


def _distinct(names: list[str]) -> list[str]:
    """Each partner once (`GSMA; ITU; gsma` is two partners), as first spelt."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(normalize(name), name)
    return list(seen.values())


class PledgeReviewStep(ReviewStep):
    """The pledge review: who pledges, every answer, and the UN groups targeted."""

    def heading(self, data: Data, ctx: FlowContext) -> str:
        if EDITING_REFERENCE in data:
            return ctx._("Pledge {reference}: review your changes:").format(
                reference=data[EDITING_REFERENCE])
        return ctx._("Please review your pledge:")

    def preamble(self, data: Data, ctx: FlowContext) -> list[str]:
        if ctx.organization is None:
            return []
        return [ctx._("Pledging organization: {name}").format(name=ctx.organization.name)]

    def postscript(self, data: Data, ctx: FlowContext) -> list[str]:
        groups = targeted_groups(data, ctx)
        return [ctx._("Targets: {groups}").format(groups=show_list(groups, ctx))] if groups \
            else []

    def confirm_label(self, data: Data, ctx: FlowContext) -> str:
        return ctx._("Save changes") if EDITING_REFERENCE in data else \
            ctx._("Confirm and submit")


def targeted_groups(data: Data, ctx: FlowContext) -> list[str]:
    """The UN groups among the countries, as the report will count them."""
    if data.get(GLOBAL) or not data.get("countries"):
        return []
    targeting = ctx.reference.country_groups.targeting(data["countries"], ctx.today)
    names = [(targeting.ldc, N_("LDCs")), (targeting.lldc, N_("LLDCs")),
             (targeting.sids, N_("SIDS"))]
    return [ctx._(name) for flag, name in names if flag]


def _complete(data: Mapping[str, Any], ctx: FlowContext) -> Completion:
    given = answers(data)
    if EDITING_REFERENCE in data:
        return Completion(effects=(UpdatePledge(data[EDITING_REFERENCE], given),))
    return Completion(effects=(SubmitPledge(given),))


_COUNTRIES = CountriesStep(
    "countries",
    N_("In which countries will the pledge be implemented? Type their names or ISO "
       "codes separated by commas (for example: Kenya, Uganda, TZA), or choose Global."),
    single=False, allow_global=True, label=N_("Countries of implementation"),
    help_text=N_("Names in any language or case, common alternatives (DRC, Ivory Coast) "
                 "and ISO codes all work; I will confirm what I understood."),
)

QUESTIONS: tuple[Step, ...] = (
    FocusAreaStep("focus_area", N_("Which P2C focus area does your pledge support?"),
                  _focus_areas, label=N_("Focus area"), clears=("pillar",)),
    ChoiceStep("pillar", N_("Which pillar of this focus area?"), _pillars,
               label=N_("Pillar")),
    ChoiceStep("pledge_type", N_("What type of pledge is it?"), _pledge_types,
               label=N_("Pledge type"),
               help_text=N_("Financial: money committed. Policy: a policy or regulatory "
                            "commitment. Advocacy: raising awareness or convening. "
                            "Programmatic support: running or supporting a programme.")),
    TextStep("title", N_("What is the title of your pledge? (5 to 150 characters)"),
             free_text("title", minimum=5, maximum=150,
                       too_short=NP_("The title needs at least {minimum} character.",
                                     "The title needs at least {minimum} characters."),
                       too_long=NP_("The title can have at most {maximum} character "
                                    "(yours has {length}).",
                                    "The title can have at most {maximum} characters "
                                    "(yours has {length}).")),
             label=N_("Title")),
    TextStep("description",
             N_("Describe the pledge: what will be done, for whom and how. (20 to 3000 "
                "characters)"),
             free_text("description", minimum=20, maximum=LONG_ANSWER_LENGTH,
                       too_short=NP_("Please describe the pledge in at least {minimum} "
                                     "character.",
                                     "Please describe the pledge in at least {minimum} "
                                     "characters."),
                       too_long=NP_("The description can have at most {maximum} character "
                                    "(yours has {length}).",
                                    "The description can have at most {maximum} characters "
                                    "(yours has {length})."), multiline=True),
             label=N_("Description"), long_answer=True),
    _COUNTRIES,
    CountriesConfirmStep("countries"),
    CheckedTextStep("amount",
             N_("What is the estimated value of the pledge? Type an amount and a "
                "currency, for example: 5 million USD, €2.5m or CHF 300k."),
             _parse_amount, describe=_show_amount, label=N_("Estimated value"),
             unusual=_unusual_amount,
             optional=lambda data: data.get("pledge_type") != "financial",
             clears=("currency",), echo=True,
             help_text=N_("Required for financial pledges; for other pledges an estimate "
                          "is welcome but you may skip it.")),
    CheckedTextStep("currency", N_("In which currency? Choose one or type its code (for "
                                   "example KES)."), _parse_currency, unusual=_unusual_amount,
             extra_options=tuple(_currency_option(code) for code in COMMON_CURRENCIES),
             applies=lambda data: data.get("amount") is not None and not data.get("currency")),
    MultiChoiceStep("beneficiary_groups", N_("Which groups will benefit?"),
                    _beneficiary_groups, label=N_("Beneficiary groups")),
    SdgStep("sdgs", N_("Which Sustainable Development Goals does the pledge support?"),
            _sdgs, label=N_("SDGs")),
    DateStep("start_date", N_("When does (or did) the pledge start? For example: "
                              "2027-01-15, June 2027 or Q3 2027."),
             Bound.START, partial(_check_dates, key="start_date"), label=N_("Start date"),
             echo=True),
    DateStep("end_date", N_("When will it end? For example: 2027-06-30, June 2027 or end "
                            "of 2028. Skip if it is open-ended."),
             Bound.END, partial(_check_dates, key="end_date"), label=N_("End date"),
             optional=lambda data: True, echo=True),
    TextStep("partners", N_("Is this a joint pledge? Type the partner organizations' names "
                            "separated by commas, or choose No partners."),
             _parse_partners, describe=lambda data, ctx: show_list(data["partners"], ctx),
             extra_options=(("no_partners", N_("No partners"),
                             lambda data: {"partners": []}),),
             label=N_("Partners"), optional=lambda data: True),
)

REVIEW = PledgeReviewStep(QUESTIONS)
PLEDGE_FLOW = Flow("pledge", (*QUESTIONS, REVIEW), _complete)
