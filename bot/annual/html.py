"""The annual report as one HTML page (Jinja2, autoescaped): readable on a phone,
printable, its charts inline SVG, nothing loaded from another site. The PDF is printed
from this same page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from bot.annual.breakdowns import Breakdown
from bot.annual.charts import Bar, bar_chart
from bot.annual.figures import AnnualFigures
from bot.annual.labels import ReportLabels

TEMPLATE = "annual_report.html"


@dataclass(frozen=True)
class Numbers:
    """Numbers as the report's language writes them."""

    locale: str

    def count(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def usd(self, value: Decimal | None) -> str:
        if value is None:
            return ""
        return format_currency(value, "USD", locale=self.locale)

    def share(self, value: float) -> str:
        return format_percent(value, "#,##0.0%", locale=self.locale)


ENVIRONMENT = Environment(loader=PackageLoader("bot.annual", "templates"),
                          autoescape=select_autoescape(default=True),
                          extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)


def _chart(breakdown: Breakdown, numbers: Numbers) -> Markup:
    """Markup, not text: `bar_chart` escapes every label and value it draws."""
    bars = [Bar(row.label, float(row.pledges), numbers.count(row.pledges))
            for row in breakdown.rows]
    return Markup(bar_chart(bars, breakdown.title))


def render_report(figures: AnnualFigures, breakdowns: list[Breakdown],
                  labels: ReportLabels, story_files: dict[str, str]) -> str:
    """`story_files` maps a story file's sha256 to its path relative to the page."""
    locale = labels.translator.locale
    numbers = Numbers(locale)
    environment = ENVIRONMENT.overlay()
    environment.install_gettext_translations(  # type: ignore[attr-defined]
        labels.translator.translations, newstyle=True)
    money = figures.disbursement
    money_chart = Markup(bar_chart(
        [Bar(labels._("Pledged"), float(money.pledged_usd), numbers.usd(money.pledged_usd)),
         Bar(labels._("Disbursed"), float(money.disbursed_usd),
             numbers.usd(money.disbursed_usd))], labels._("US dollars pledged and disbursed")))
    rate_chart = Markup(bar_chart(
        [Bar(labels.sector(s.sector), s.rate * 100, numbers.share(s.rate))
         for s in figures.reporting_by_sector], labels._("Reporting rate by sector")))
    origins, places, matrix = figures.region_matrix
    return environment.get_template(TEMPLATE).render(
        figures=figures, breakdowns=breakdowns, labels=labels, n=numbers,
        charts={b.id: _chart(b, numbers) for b in breakdowns},
        money_chart=money_chart, rate_chart=rate_chart, origins=origins, places=places,
        matrix=matrix, story_files=story_files, language=locale.replace("_", "-"),
        generated=format_date(figures.generated_at.date(), format="long", locale=locale),
        period_end=format_date(date(figures.year, 12, 31), format="long", locale=locale))
