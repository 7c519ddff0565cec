"""How answers are shown back to the pledger, in their locale."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time, get_timezone_gmt, get_timezone_location
from babel.lists import format_list
from babel.numbers import (
    format_compact_currency,
    format_currency,
    format_decimal,
    format_percent,
)
from babel.units import format_unit

from bot.flows.model import N_, FlowContext, PledgeSummary, ReportSummary

REVIEW_EXCERPT = 300
COMPACT_FROM = Decimal(1_000_000)
"""From here an approximate US dollar figure reads better rounded: `about $2.7M`."""
TITLE_IN_LIST = 40
UTC = "Etc/UTC"
PROGRESS_LABELS = {
    "not_started": N_("Not started"),
    "in_progress": N_("In progress"),
    "completed": N_("Completed"),
    "discontinued": N_("Discontinued"),
}
STATUS_LABELS = {
    "submitted": N_("submitted"),
    "approved": N_("approved"),
    "rejected": N_("rejected"),
    "changes_requested": N_("changes requested"),
    "withdrawn": N_("withdrawn"),
}

SDG_NUMBER = N_("SDG {number}")
"""A goal by its number, as the UN abbreviates it in each language (ODD 4, ЦУР 4)."""


def show_date(iso: str, ctx: FlowContext) -> str:
    return format_date(date.fromisoformat(iso), format="long", locale=ctx.locale)


def show_hour(hour: int, ctx: FlowContext) -> str:
    """A whole hour as the locale's clock shows it: `9:00 AM`, `09:00`, `9:00 ص`."""
    return format_time(time(hour), format="short", locale=ctx.locale)


def show_time_zone(zone: str, ctx: FlowContext) -> str:
    """`Nairobi`, `Найроби`, `نيروبي`, `内罗毕`: the zone's city in the pledger's
    language (CLDR's), or for a zone of no place its offset as the locale writes one
    (`GMT+03:00`, `UTC+03:00` in French, `غرينتش+03:00`); `UTC` itself."""
    if zone.startswith("Etc/") and zone != UTC:
        return get_timezone_gmt(datetime(2026, 1, 1, tzinfo=ZoneInfo(zone)), locale=ctx.locale)
    return get_timezone_location(zone, locale=ctx.locale, return_city=True)


def show_money(amount: str, currency: str | None, ctx: FlowContext) -> str:
    value = Decimal(amount)
    if currency is None:
        return format_decimal(value, locale=ctx.locale)
    shown = format_currency(value, currency, locale=ctx.locale, currency_digits=False,
                            format_type="standard")
    if currency == "USD":
        return shown
    usd = ctx.reference.currencies.to_usd(value, currency)
    if usd is None:
        return shown + " " + ctx._("(no US dollar rate for {currency} is on file yet; the "
                                   "secretariat will add one)").format(currency=currency)
    return shown + " " + ctx._("(about {usd})").format(
        usd=format_compact_currency(usd, "USD", locale=ctx.locale, fraction_digits=1)
        if usd >= COMPACT_FROM else format_currency(usd, "USD", locale=ctx.locale))


def show_countries(codes: list[str], ctx: FlowContext) -> str:
    """`Kenya, Uganda and Tanzania`, as the pledger's language writes a list."""
    return show_list([ctx.reference.countries.name(c, ctx.locale) for c in codes], ctx)


def show_list(items: list[str], ctx: FlowContext) -> str:
    """Items joined the locale's way: `A, B et C`, `A y B`, `A وB`, `A、B和C`."""
    return format_list(items, locale=ctx.locale) if items else ""


def show_alternatives(items: list[str], ctx: FlowContext) -> str:
    """`A, B or C` in the locale's words, for suggestions to choose among."""
    return format_list(items, style="or", locale=ctx.locale) if items else ""


def excerpt(text: str, limit: int = REVIEW_EXCERPT) -> str:
    """Long texts are shortened in summaries so a review always fits in one message."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def show_size(size: int, ctx: FlowContext) -> str:
    """A file's size as people read it, in the locale's units: `1.2 MB`, `350 kB`,
    `1,2 Mo` in French, `1,2 МБ` in Russian."""
    mebibyte = 1024 * 1024
    if size >= mebibyte:
        return format_unit(Decimal(size) / mebibyte, "digital-megabyte", length="short",
                           format="#,##0.#", locale=ctx.locale)
    return format_unit(max(1, round(size / 1024)), "digital-kilobyte", length="short",
                       locale=ctx.locale)


def language_name(code: str) -> str:
    """A language in its own words ("français"), as language pickers show it."""
    return Locale.parse(code).get_display_name(code) or code


def show_status(status: str, ctx: FlowContext) -> str:
    return ctx._(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def show_standing(pledge: PledgeSummary, ctx: FlowContext) -> str:
    """The secretariat's status and, once reported on, where the work stands by the
    latest report (reports come oldest first): `submitted · completed`,
    `approved · in progress, 40%`."""
    shown = show_status(pledge.status, ctx)
    if not pledge.reports:
        return shown
    latest = pledge.reports[-1]
    progress = ctx._(PROGRESS_LABELS.get(latest.status, latest.status)).casefold()
    if latest.percent_done is not None:
        progress += ", " + show_percent(latest.percent_done, ctx)
    return f"{shown} · {progress}"


def show_percent(percent: int, ctx: FlowContext) -> str:
    """`40%` in English, `40 %` in French: as the locale writes it."""
    return format_percent(Decimal(percent) / 100, locale=ctx.locale)


def pledge_line(pledge: PledgeSummary, ctx: FlowContext) -> str:
    """`P2C-2026-00042 · Rural broadband for all (submitted · completed)`: a pledge in
    a list."""
    title = excerpt(pledge.answers.get("title", ""), TITLE_IN_LIST)
    return ctx.fill("{reference} · {title} ({standing})", reference=pledge.reference,
                    title=title, standing=show_standing(pledge, ctx))


def report_line(report: ReportSummary, ctx: FlowContext) -> str:
    """`1 March 2027 · In progress · 40%`: one report in a pledge's history."""
    parts = [format_date(report.reported_on, format="long", locale=ctx.locale),
             ctx._(PROGRESS_LABELS.get(report.status, report.status))]
    if report.percent_done is not None:
        parts.append(show_percent(report.percent_done, ctx))
    return " · ".join(parts)
