"""The annual report's HTML as a reader sees it in headless Chromium: every chart drawn
(bars of real width), the headline figures shown, nothing requested beyond the
report's own folder, no console error (a Content-Security-Policy violation would be
one), and on a phone nothing wider than the screen. Screenshots are kept."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.annual.report import write_annual_report
from bot.i18n import Catalogs
from bot.reference import ReferenceData
from storage.db import Database
from tests.annual.portfolio import STORY_TITLE, seed_portfolio
from tests.browser import Chromium, chromium  # noqa: F401 - the fixture

BARS_DRAWN = """
return Array.from(document.querySelectorAll('svg.chart')).map(svg => {
  const box = svg.getBoundingClientRect();
  const bars = Array.from(svg.querySelectorAll('rect.bar'));
  return [box.width, box.height, bars.filter(b => b.getBBox().width > 0).length];
});"""
IMAGES_LOADED = """
return Array.from(document.images).map(i => i.complete && i.naturalWidth > 0);"""
OVERFLOW = "return document.documentElement.scrollWidth - window.innerWidth;"


def test_the_report_reads_in_a_real_browser(chromium: Chromium,  # noqa: F811
                                            database: Database, tmp_path: Path,
                                            reference: ReferenceData,
                                            catalogs: Catalogs) -> None:
    seed_portfolio(database, tmp_path / "stories")
    report = write_annual_report(database, 2026, tmp_path / "out", reference,
                                 catalogs.translator("en"), tmp_path / "stories",
                                 datetime(2027, 1, 15, tzinfo=UTC))
    page = chromium.open(report.html)
    charts = page.run(BARS_DRAWN)
    assert len(charts) >= 12
    for width, height, bars in charts:
        assert width > 200
        assert height > 20
        assert bars >= 1
    assert page.text('[data-figure="pledges"]') == "4"
    assert page.text('[data-figure="usd"]') == "$2,000,000.00"
    assert STORY_TITLE in page.text("#stories")
    assert page.run(IMAGES_LOADED) == [True]
    assert page.screenshot("annual-report-desktop").stat().st_size > 10_000
    page.emulate(390, 844, mobile=True)
    assert page.run(OVERFLOW) <= 1
    assert page.screenshot("annual-report-phone").stat().st_size > 10_000
    assert page.requests_outside(report.html.parent) == []
    assert page.console_errors() == []
