"""The annual report as a workbook: a summary, one sheet per breakdown with a native
Excel chart beside its table, the regions matrix, reporting, disbursement, rates and
stories, then every pledge and every progress report of the year as filterable tables
(streamed, see `bot.spreadsheets`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Row
from sqlmodel import Session
from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from bot.annual.breakdowns import Breakdown, BreakdownId
from bot.annual.figures import AnnualFigures, year_bounds
from bot.annual.labels import ReportLabels
from bot.flows.model import N_
from bot.secretariat.exports import SheetRow
from bot.spreadsheets import StreamedSheet, write_workbook
from storage.exports import PledgeFilter, pledge_rows, report_rows
from vocabulary import PledgeStatus

SHEET_NAMES = {
    BreakdownId.SECTOR: N_("Sector"),
    BreakdownId.PLEDGE_TYPE: N_("Pledge type"),
    BreakdownId.FOCUS_AREA: N_("Focus area"),
    BreakdownId.PILLAR: N_("Pillar"),
    BreakdownId.ORIGIN_REGION: N_("Region of origin"),
    BreakdownId.IMPLEMENTATION_REGION: N_("Region of implementation"),
    BreakdownId.TARGETING: N_("LDC LLDC SIDS"),
    BreakdownId.BENEFICIARY_GROUPS: N_("Beneficiary groups"),
    BreakdownId.SDGS: N_("SDGs"),
    BreakdownId.REPORTING_STATUS: N_("Reporting status"),
}
PLEDGE_COLUMNS = ("reference", "organization", "sector", "organization_country",
                  "focus_area", "pillar", "pledge_type", "title", "global", "countries",
                  "targets_ldc", "targets_lldc", "targets_sids", "amount", "currency",
                  "amount_usd", "beneficiary_groups", "sdgs", "partners", "start_date",
                  "end_date", "submitted_at", "latest_status", "latest_percent_done",
                  "latest_amount_disbursed", "latest_reported_at")
IN_SHEET = SheetRow.of(PLEDGE_COLUMNS)
REPORT_COLUMNS = ("pledge", "organization", "reported_at", "status", "percent_done",
                  "amount_disbursed", "people_reached", "beneficiary_groups", "narrative",
                  "evidence_url")
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    return _NOT_IN_SHEET_NAMES.sub(" ", title)[:31].strip()


def _portfolio(until: datetime) -> PledgeFilter:
    """The pledges the report covers: approved, and submitted before the year's end."""
    return PledgeFilter(statuses=(PledgeStatus.APPROVED,), submitted_before=until)


def _pledge_rows(session: Session, until: datetime) -> Iterator[list[Any]]:
    """The portfolio's pledges with their latest report as of the year's end."""
    for part in pledge_rows(session, PLEDGE_COLUMNS, _portfolio(until), latest_before=until):
        yield from (IN_SHEET(list(row)) for row in part)


def _report_rows(session: Session, since: datetime, until: datetime) -> Iterator[Row[Any]]:
    for part in report_rows(session, REPORT_COLUMNS, _portfolio(until), since, until):
        yield from part


class _Drawing:
    """The XlsxWriter sheets, in constant-memory mode: each written top to bottom."""

    def __init__(self, workbook: Workbook, figures: AnnualFigures, labels: ReportLabels,
                 breakdowns: list[Breakdown]) -> None:
        self.book = workbook
        self.figures = figures
        self.labels = labels
        self.breakdowns = breakdowns
        self.bold = workbook.add_format({"bold": True})
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.usd = workbook.add_format({"num_format": "#,##0.00"})
        self.share = workbook.add_format({"num_format": "0.0%"})

    def _(self, message: str) -> str:
        return self.labels._(message)

    def draw(self) -> None:
        self.summary()
        for breakdown in self.breakdowns:
            self.breakdown(breakdown)
        self.regions()
        self.reporting()
        self.financial()
        self.rates()
        self.stories()

    def _sheet(self, name: str, heading: str) -> Worksheet:
        sheet = self.book.add_worksheet(sheet_name(self._(name)))
        sheet.write_string(0, 0, heading, self.title)
        sheet.set_column(0, 0, 46)
        sheet.set_column(1, 4, 16)
        return sheet

    def _header(self, sheet: Worksheet, row: int, names: list[str]) -> None:
        for column, name in enumerate(names):
            sheet.write_string(row, column, name, self.bold)

    def summary(self) -> None:
        figures, head = self.figures, self.figures.headline
        sheet = self._sheet(N_("Summary"), self._("Partner2Connect annual report %(year)s")
                            % {"year": figures.year})
        lines: list[tuple[str, Any, Any]] = [
            (self._("Pledges"), head.pledges, None),
            (self._("Made in %(year)s") % {"year": figures.year}, head.new_in_year, None),
            (self._("Estimated value (US dollars)"), head.usd, self.usd),
            (self._("Organizations"), head.organizations, None),
            (self._("Countries reached"), head.countries, None),
            (self._("Global pledges"), head.global_pledges, None),
            (self._("Joint pledges"), figures.joint_pledges, None),
            (self._("Reporting rate"), figures.reporting_rate, self.share),
            (self._("Pledges with no US dollar rate"), head.without_usd, None),
        ]
        for offset, (label, value, style) in enumerate(lines, start=2):
            sheet.write_string(offset, 0, label)
            sheet.write_number(offset, 1, float(value) if isinstance(value, Decimal)
                               else value, style)

    def breakdown(self, breakdown: Breakdown) -> None:
        sheet = self._sheet(SHEET_NAMES[breakdown.id], breakdown.title)
        columns = [self._("Pledges"), self._("Share")]
        if breakdown.has_usd:
            columns.append(self._("US dollars"))
        self._header(sheet, 2, ["", *columns])
        for offset, row in enumerate(breakdown.rows, start=3):
            sheet.write_string(offset, 0, row.label)
            sheet.write_number(offset, 1, row.pledges)
            sheet.write_number(offset, 2, row.share, self.share)
            if breakdown.has_usd:
                sheet.write_number(offset, 3, float(row.usd or 0), self.usd)
        if breakdown.note:
            sheet.write_string(len(breakdown.rows) + 4, 0, breakdown.note)
        self._bars(sheet, breakdown.title, self._("Pledges"), len(breakdown.rows), 1,
                   "#1f5f8b")

    def _bars(self, sheet: Worksheet, title: str, series: str, rows: int, column: int,
              colour: str) -> None:
        """A native bar chart beside a table whose labels are column 0 from row 3, of
        the values in `column`; none for an empty table."""
        if not rows:
            return
        last = 2 + rows
        chart = self.book.add_chart({"type": "bar"})
        chart.add_series({"name": series, "categories": [sheet.name, 3, 0, last, 0],
                          "values": [sheet.name, 3, column, last, column],
                          "fill": {"color": colour}})
        chart.set_title({"name": title})
        chart.set_legend({"none": True})
        chart.set_y_axis({"reverse": True})
        chart.set_size({"width": 640, "height": max(240, 28 * rows + 90)})
        sheet.insert_chart(2, 5, chart)

    def regions(self) -> None:
        sheet = self._sheet(N_("Origin vs implementation"),
                            self._("Pledges by region of the pledging organization (rows) "
                                   "and of implementation (columns)"))
        origins, places, counts = self.figures.region_matrix
        self._header(sheet, 2, ["", *[self.labels.region(p) for p in places]])
        for offset, origin in enumerate(origins, start=3):
            sheet.write_string(offset, 0, self.labels.region(origin))
            for column, place in enumerate(places, start=1):
                sheet.write_number(offset, column, counts.get((origin, place), 0))

    def reporting(self) -> None:
        rates = self.figures.reporting_by_sector
        sheet = self._sheet(N_("Reporting rate"), self._("Reporting rate by sector"))
        self._header(sheet, 2, ["", self._("Pledges"), self._("Reported on"), self._("Rate")])
        for offset, rate in enumerate(rates, start=3):
            sheet.write_string(offset, 0, self.labels.sector(rate.sector))
            sheet.write_number(offset, 1, rate.pledges)
            sheet.write_number(offset, 2, rate.reported)
            sheet.write_number(offset, 3, rate.rate, self.share)
        self._bars(sheet, self._("Reporting rate by sector"), self._("Rate"), len(rates), 3,
                   "#2e8b57")

    def financial(self) -> None:
        money = self.figures.disbursement
        sheet = self._sheet(N_("Disbursed"), self._("Financial pledges: disbursed against "
                                                      "pledged"))
        self._header(sheet, 2, ["", self._("US dollars")])
        sheet.write_string(3, 0, self._("Pledged"))
        sheet.write_number(3, 1, float(money.pledged_usd), self.usd)
        sheet.write_string(4, 0, self._("Disbursed"))
        sheet.write_number(4, 1, float(money.disbursed_usd), self.usd)
        sheet.write_string(5, 0, self._("Financial pledges"))
        sheet.write_number(5, 1, money.pledges)
        sheet.write_string(6, 0, self._("Of which reporting an amount disbursed"))
        sheet.write_number(6, 1, money.reporting)
        chart = self.book.add_chart({"type": "column"})
        chart.add_series({"name": self._("US dollars"), "categories": [sheet.name, 3, 0, 4, 0],
                          "values": [sheet.name, 3, 1, 4, 1], "fill": {"color": "#c26d1a"}})
        chart.set_title({"name": self._("US dollars pledged and disbursed")})
        chart.set_legend({"none": True})
        sheet.insert_chart(2, 4, chart)

    def rates(self) -> None:
        figures = self.figures
        sheet = self._sheet(N_("Rates"), self._("Exchange rates used"))
        self._header(sheet, 2, [self._("Currency"), self._("Units per US dollar"),
                                self._("Rate of"), self._("Pledges"), self._("Amount"),
                                self._("US dollars"), self._("Pledges with no rate")])
        for offset, rate in enumerate(figures.rates, start=3):
            sheet.write_string(offset, 0, rate.currency)
            if rate.units_per_usd is None:
                sheet.write_string(offset, 1, self._("no rate"))
            else:
                sheet.write_number(offset, 1, float(rate.units_per_usd))
            sheet.write_string(offset, 2, rate.as_of.isoformat() if rate.as_of else "")
            sheet.write_number(offset, 3, rate.pledges)
            sheet.write_number(offset, 4, float(rate.amount), self.usd)
            sheet.write_number(offset, 5, float(rate.usd), self.usd)
            sheet.write_number(offset, 6, rate.without_usd)

    def stories(self) -> None:
        sheet = self._sheet(N_("Stories"), self._("Best practices"))
        self._header(sheet, 2, [self._("Pledge"), self._("Organization"), self._("Title"),
                                self._("Story"), self._("Approved")])
        for offset, story in enumerate(self.figures.stories, start=3):
            sheet.write_string(offset, 0, story.pledge_reference)
            sheet.write_string(offset, 1, story.organization)
            sheet.write_string(offset, 2, story.title)
            sheet.write_string(offset, 3, story.body)
            sheet.write_string(offset, 4, story.approved_at.date().isoformat())


def write_annual_workbook(path: Path, session: Session, year: int, labels: ReportLabels,
                          drawn: Callable[[], tuple[AnnualFigures, list[Breakdown]]]) -> None:
    """The year's pledges and reports are read and written first; `drawn` gives the
    figures and breakdowns of the sheets before them, and may still be computing
    elsewhere while the tables are written."""
    since, until = year_bounds(year)
    streamed = [
        StreamedSheet(sheet_name(labels._("Pledges")), PLEDGE_COLUMNS,
                      _pledge_rows(session, until), {0: 18, 1: 30, 7: 40}),
        StreamedSheet(sheet_name(labels._("Progress reports")), REPORT_COLUMNS,
                      _report_rows(session, since, until), {0: 18, 1: 30, 8: 60}),
    ]

    def draw(book: Workbook) -> None:
        figures, breakdowns = drawn()
        _Drawing(book, figures, labels, breakdowns).draw()

    write_workbook(path, draw, streamed)
