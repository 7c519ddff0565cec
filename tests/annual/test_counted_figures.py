"""The annual report's page names each headline figure in the singular for one and in
the plural for more (through the catalog's `npgettext`/`ngettext`), without a database:
figures made by hand, rendered by the report's own template."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from bot.annual.figures import AnnualFigures
from bot.annual.html import render_report
from bot.annual.labels import ReportLabels
from bot.i18n import Catalogs
from bot.reference import ReferenceData
from storage.annual import Disbursement, Headline, Unconverted

NOW = datetime(2027, 1, 15, 9, 0, tzinfo=UTC)


def _page(reference: ReferenceData, catalogs: Catalogs, count: int) -> str:
    """`count` of every headline figure, and of the pledges without a rate, one of
    which is listed."""
    headline = Headline(pledges=count, new_in_year=count, organizations=count,
                        countries=count, usd=Decimal(0), without_usd=count + 1,
                        global_pledges=0)
    figures = AnnualFigures(
        year=2026, since=datetime(2026, 1, 1, tzinfo=UTC), until=datetime(2027, 1, 1, tzinfo=UTC),
        generated_at=NOW, headline=headline, by_sector=(), by_type=(), by_focus_area=(),
        by_pillar=(), by_origin_region=(), by_implementation_region=(), region_pairs=(),
        targeting=(), beneficiary_groups=(), sdgs=(), joint_pledges=0, joint_usd=Decimal(0),
        reporting_status=(), reporting_by_sector=(),
        disbursement=Disbursement(0, Decimal(0), Decimal(0), 0), rates=(),
        unconverted=(Unconverted("P2C-2026-00004", Decimal(5), "UGX"),), stories=())
    labels = ReportLabels(reference.taxonomy, catalogs.translator("en"))
    page = render_report(figures, [], labels, {})
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


@pytest.mark.parametrize(("count", "shown"), [
    (1, ["1 pledge", "1 made in 2026", "1 organization", "1 country reached",
         "Not listed here: 1 more; the workbook's Pledges sheet has it."]),
    (2, ["2 pledges", "2 made in 2026", "2 organizations", "2 countries reached",
         "Not listed here: 2 more; the workbook's Pledges sheet has them all."]),
    (1500, ["1,500 pledges", "1,500 organizations", "1,500 countries reached",
            "Not listed here: 1,500 more; the workbook's Pledges sheet has them all."]),
])
def test_the_headline_figures_agree_with_their_number(reference: ReferenceData,
                                                      catalogs: Catalogs, count: int,
                                                      shown: list[str]) -> None:
    """Each as whole words: `1 pledge` is not found in `1 pledges`."""
    text = _page(reference, catalogs, count)
    for words in shown:
        assert re.search(rf"(?<![\d,]){re.escape(words)}(?!\w)", text), words
