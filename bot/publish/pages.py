"""The site's HTML: Jinja2 templates from the package, always autoescaped (every title,
description and name is a pledger's text), under a Content-Security-Policy that lets a
page load only the site's own files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources

from babel.numbers import format_currency
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from bot.publish.records import BABEL_LOCALE, PublicRecord, long_date
from bot.publish.stories import PublishedStory

CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; "
                           "img-src 'self'; base-uri 'none'; form-action 'none'")
"""Scripts, styles and images from the site's own files only; nothing else at all:
no other origin, no inline script, no fetch, no form sent anywhere."""
ASSETS = ("site.css", "site.js", "favicon.svg")
"""Files copied as they are from the templates into the site's `assets/`."""


def environment() -> Environment:
    return Environment(loader=PackageLoader("bot.publish", "templates"), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True)


def asset(name: str) -> bytes:
    """A static file of the site, kept beside the templates in the package."""
    return resources.files("bot.publish").joinpath("templates", name).read_bytes()


def usd_text(amount: Decimal) -> str:
    """`$2,725,000`: whole dollars, as the index's totals show them."""
    return format_currency(amount.quantize(Decimal(1), ROUND_HALF_UP), "USD", format="¤#,##0",
                           locale=BABEL_LOCALE, currency_digits=False)


def value_text(record: PublicRecord) -> str:
    """`€2,500,000.00 (about $2,725,000)`, or the amount and a word that no rate is on
    file for its currency yet; empty for a pledge without an amount."""
    pledge = record.pledge
    if pledge.amount is None:
        return ""
    if pledge.currency is None:
        return f"{pledge.amount:,}"
    shown = format_currency(pledge.amount, pledge.currency, locale=BABEL_LOCALE)
    if pledge.currency == "USD":
        return shown
    if pledge.amount_usd is None:
        return f"{shown} (no US dollar rate for {pledge.currency} on file yet)"
    return f"{shown} (about {usd_text(pledge.amount_usd)})"


def dates_text(record: PublicRecord) -> str:
    pledge = record.pledge
    start = long_date(pledge.start_date)
    if pledge.end_date is None:
        return f"From {start}"
    return f"{start} to {long_date(pledge.end_date)}"


def progress_text(record: PublicRecord) -> str:
    progress = record.pledge.progress
    if progress is None or record.progress_label is None:
        return "No progress report yet"
    done = f", {progress.percent_done}% done" if progress.percent_done is not None else ""
    return f"{record.progress_label}{done} (reported {long_date(progress.reported_at)})"


def pledge_page(environment: Environment, record: PublicRecord,
                stories: list[PublishedStory], generated_at: datetime) -> str:
    return environment.get_template("pledge.html").render(
        csp=CONTENT_SECURITY_POLICY, root="../", generated_on=long_date(generated_at),
        pledge=record.pledge, record=record, value=value_text(record),
        dates=dates_text(record), approved_on=long_date(record.pledge.approved_at),
        progress=progress_text(record), stories=stories)


def index_page(environment: Environment, entries: Iterable[Markup],
               **context: object) -> Iterator[str]:
    """The index in pieces as it is rendered, so its embedded pledges (one escaped JSON
    object per entry) stream from disk to disk."""
    return environment.get_template("index.html").generate(
        csp=CONTENT_SECURITY_POLICY, root="", entries=entries, **context)
