"""The report's breakdowns as labelled rows, in the order the report shows them: the
HTML tables and charts, the workbook's sheets and the JSON figures all iterate this one
list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from bot.annual.figures import AnnualFigures, ListGroup
from bot.annual.labels import ReportLabels
from bot.flows.model import N_
from storage.figures import Group


class BreakdownId(StrEnum):
    SECTOR = "sector"
    PLEDGE_TYPE = "pledge_type"
    FOCUS_AREA = "focus_area"
    PILLAR = "pillar"
    ORIGIN_REGION = "origin_region"
    IMPLEMENTATION_REGION = "implementation_region"
    TARGETING = "targeting"
    BENEFICIARY_GROUPS = "beneficiary_groups"
    SDGS = "sdgs"
    REPORTING_STATUS = "reporting_status"


TITLES = {
    BreakdownId.SECTOR: N_("By sector of the pledging organization"),
    BreakdownId.PLEDGE_TYPE: N_("By pledge type"),
    BreakdownId.FOCUS_AREA: N_("By focus area"),
    BreakdownId.PILLAR: N_("By pillar"),
    BreakdownId.ORIGIN_REGION: N_("By region of the pledging organization"),
    BreakdownId.IMPLEMENTATION_REGION: N_("By region of implementation"),
    BreakdownId.TARGETING: N_("Least developed, landlocked and small island countries"),
    BreakdownId.BENEFICIARY_GROUPS: N_("By beneficiary group"),
    BreakdownId.SDGS: N_("By Sustainable Development Goal"),
    BreakdownId.REPORTING_STATUS: N_("Reporting status at the year's end"),
}
NOTES = {
    BreakdownId.IMPLEMENTATION_REGION: N_("A pledge implemented in several regions counts "
                                          "in each; global pledges are counted apart."),
    BreakdownId.TARGETING: N_("A pledge counts in a group when one of its countries of "
                              "implementation belongs to it."),
    BreakdownId.BENEFICIARY_GROUPS: N_("A pledge naming several groups counts in each."),
    BreakdownId.SDGS: N_("A pledge naming several goals counts in each."),
}


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    pledges: int
    usd: Decimal | None
    share: float
    """Of all the report's pledges."""


@dataclass(frozen=True)
class Breakdown:
    id: BreakdownId
    title: str
    note: str
    rows: tuple[Row, ...]

    @property
    def has_usd(self) -> bool:
        return any(row.usd is not None for row in self.rows)


def breakdowns(figures: AnnualFigures, labels: ReportLabels) -> list[Breakdown]:
    def rows(groups: tuple[Group, ...] | tuple[ListGroup, ...],
             label: Callable[[str], str]) -> tuple[Row, ...]:
        return tuple(Row(g.key, label(g.key), g.pledges, g.usd, figures.share(g.pledges))
                     for g in groups)

    found = {
        BreakdownId.SECTOR: rows(figures.by_sector, labels.sector),
        BreakdownId.PLEDGE_TYPE: rows(figures.by_type, labels.pledge_type),
        BreakdownId.FOCUS_AREA: rows(figures.by_focus_area, labels.focus_area),
        BreakdownId.PILLAR: tuple(
            Row(f"{p.focus_area}/{p.pillar}",
                f"{labels.focus_area(p.focus_area)}: {labels.pillar(p.focus_area, p.pillar)}",
                p.pledges, p.usd, figures.share(p.pledges)) for p in figures.by_pillar),
        BreakdownId.ORIGIN_REGION: rows(figures.by_origin_region, labels.region),
        BreakdownId.IMPLEMENTATION_REGION: rows(figures.by_implementation_region,
                                                labels.region),
        BreakdownId.TARGETING: tuple(
            Row(t.group, labels.group(t.group), t.pledges, t.usd, figures.share(t.pledges))
            for t in figures.targeting),
        BreakdownId.BENEFICIARY_GROUPS: rows(figures.beneficiary_groups,
                                             labels.beneficiary_group),
        BreakdownId.SDGS: rows(figures.sdgs, labels.sdg),
        BreakdownId.REPORTING_STATUS: tuple(
            Row(status, labels.status(status), n, None, figures.share(n))
            for status, n in figures.reporting_status),
    }
    return [Breakdown(key, labels._(TITLES[key]), labels._(NOTES[key]) if key in NOTES
                      else "", found[key]) for key in BreakdownId]
