"""The published site in a real headless Chromium, served as any static web server
would and opened from disk: the chart is drawn, each filter brings the totals to the
figures worked out by hand, no request leaves the site's own files, no hostile title
runs, and it reads on a phone; in French and in Arabic the filters change the totals
the same, written as Babel writes them in the page. Screenshots are kept in the test's
tmp_path."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from babel import Locale

from bot.i18n import Catalogs
from bot.publish.labels import SiteLabels
from bot.publish.site import SHOWN_NOTE, publish_site
from bot.reference import ReferenceData
from storage.db import Database
from tests.browser import Chromium, Page, serve_directory
from tests.publish.conftest import PUBLISHED_AT, Published
from tests.publish.pledges import (
    ACCESS,
    ALL,
    CHART_ALL,
    HOSTILE_TITLE,
    LDC,
    OCEANIA,
    POLICY_IN_NEPAL,
    SEARCH_PACIFIC,
    Totals,
    seed,
    seed_many,
)

PHONE = (390, 844)


def _totals(page: Page) -> Totals:
    return Totals(int(page.text("#total-pledges")), int(page.text("#total-organizations")),
                  int(page.text("#total-countries")), page.text("#total-usd"),
                  int(page.text("#no-rate").split(" ", 1)[0] or 0))


def _chart(page: Page) -> dict[str, int]:
    return {bar.get_attribute("data-focus-area") or "": int(bar.get_attribute("data-pledges")
                                                            or 0)
            for bar in page.find_all("#chart rect")}


def _clear(page: Page) -> None:
    page.click("button[type=reset]")
    assert _totals(page) == ALL


def test_filters_change_the_totals_and_chart_to_the_hand_worked_figures(
        published: Published, chromium: Chromium) -> None:
    with serve_directory(published.path) as base:
        page = chromium.open(base + "index.html")
        assert _totals(page) == ALL
        assert _chart(page) == CHART_ALL
        assert page.run("return document.querySelector('#chart').getBBox().width") > 100
        assert len(page.find_all("#pledge-list li")) == ALL.pledges
        page.screenshot("index-desktop")

        page.choose("#focus-area", "access")
        assert _totals(page) == ACCESS
        assert _chart(page) == {"access": 3, "adoption": 0, "value_creation": 0,
                                "accelerate": 0}
        page.screenshot("index-access")
        _clear(page)

        page.choose("#group", "ldc")
        assert _totals(page) == LDC
        _clear(page)

        page.type("#search", "pacific")
        assert _totals(page) == SEARCH_PACIFIC
        assert page.text("#no-rate").startswith("1 pledge has an amount in a currency")
        _clear(page)

        page.choose("#region", "Oceania")
        assert _totals(page) == OCEANIA
        page.choose("#pledge-type", "policy")
        page.choose("#region", "")
        page.choose("#country", "NPL")
        assert _totals(page) == POLICY_IN_NEPAL
        assert [li.text.splitlines()[0] for li in page.find_all("#pledge-list li")] == \
            ["Spectrum policy reform"]
        _clear(page)

        page.choose("#region", "Global")
        assert [li.text.splitlines()[0] for li in page.find_all("#pledge-list li")] == \
            [HOSTILE_TITLE]
        assert page.run("return window.pwned") is None

        assert page.requests_outside(base) == []
        assert page.console_errors() == []
        assert {r.url.removeprefix(base) for r in page.requests} == {
            "index.html", "assets/site.css", "assets/site.js", "assets/favicon.svg"}


def test_the_index_reads_on_a_phone(published: Published, chromium: Chromium) -> None:
    page = chromium.open(published.path / "index.html", size=PHONE)
    page.emulate(*PHONE, mobile=True)
    assert page.run("return document.documentElement.scrollWidth") <= PHONE[0]
    columns = page.run("return getComputedStyle(document.getElementById('filters'))"
                       ".gridTemplateColumns.split(' ').length")
    assert columns == 1
    assert _chart(page) == CHART_ALL
    shot = page.screenshot("index-phone")
    assert shot.stat().st_size > 10_000
    assert page.requests_outside(published.path) == []
    assert page.console_errors() == []


@pytest.mark.parametrize("size", [(1280, 900), PHONE], ids=["desktop", "phone"])
def test_a_pledge_page_with_its_story_loads_only_the_sites_files(
        published: Published, chromium: Chromium, size: tuple[int, int]) -> None:
    path = published.path / "pledges" / f"{published.seeded.approved['P1']}.html"
    page = chromium.open(path, size=size)
    page.emulate(*size, mobile=size == PHONE)
    assert page.text("h1") == "Rural towers in the Sahel"
    assert page.run("return document.querySelector('.story img').naturalWidth") == 120
    assert page.run("return document.documentElement.scrollWidth") <= size[0]
    page.screenshot(f"pledge-{size[0]}")
    assert page.requests_outside(published.path) == []
    assert page.console_errors() == []


def test_a_hostile_title_is_shown_as_text_on_its_page(published: Published,
                                                      chromium: Chromium) -> None:
    page = chromium.open(published.path / "pledges" / f"{published.seeded.approved['P6']}.html")
    assert page.text("h1") == HOSTILE_TITLE
    assert page.run("return window.pwned") is None
    assert page.find_all("main img") == []
    assert page.requests_outside(published.path) == []


def test_the_site_prints_without_its_controls(published: Published, chromium: Chromium,
                                              tmp_path: Path) -> None:
    page = chromium.open(published.path / "index.html")
    page.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert page.run("return getComputedStyle(document.getElementById('filters')).display") \
        == "none"
    assert page.run("return document.querySelectorAll('#chart rect').length") == 4
    page.screenshot("index-print")
    assert (tmp_path / "screenshots" / "index-print.png").is_file()


def test_a_long_list_shows_a_hundred_pledges_at_a_time(
        database: Database, reference: ReferenceData, catalogs: Catalogs,
        chromium: Chromium, tmp_path: Path) -> None:
    seed_many(database, 230)
    with database.snapshot() as session:
        site = publish_site(session, reference, tmp_path / "site", catalogs=catalogs,
                            stories_dir=tmp_path / "stories", now=PUBLISHED_AT)
    page = chromium.open(site.path / "index.html")
    assert _totals(page) == Totals(230, 1, 1, "$230,000")
    for shown in (100, 200, 230):
        assert len(page.find_all("#pledge-list li")) == shown
        assert page.text("#shown") == f"Showing {shown} of 230 pledges."
        if shown < 230:
            page.click("#more")
    assert not page.find("#more").is_displayed()
    page.type("#search", "NUMBER 23")  # each word, anywhere: 23, 123, 223 and 230
    assert page.text("#shown") == "Showing 4 of 4 pledges."
    page.type("#search", "NUMBER 230")
    assert page.text("#shown") == "Showing 1 of 1 pledge."
    assert page.requests_outside(site.path) == []


def test_a_filtered_view_is_kept_in_the_address_and_opens_as_it_was(
        published: Published, chromium: Chromium) -> None:
    index = published.path / "index.html"
    page = chromium.open(index)
    page.choose("#group", "ldc")
    page.type("#search", "sahel")
    assert page.run("return location.hash") == "#group=ldc&search=sahel"
    shared = page.run("return location.href")
    chromium.open("about:blank")
    again = chromium.open(shared)
    assert again.find("#group").get_attribute("value") == "ldc"
    assert _totals(again) == Totals(2, 1, 3, "$1,270,000")
    again.click("button[type=reset]")
    assert _totals(again) == ALL
    assert again.run("return location.hash") == ""
    chromium.open("about:blank")
    unknown = chromium.open(index.as_uri() + "#focus-area=nonsense&script=alert(1)")
    assert unknown.find("#focus-area").get_attribute("value") == ""
    assert _totals(unknown) == ALL
    assert unknown.console_errors() == []


def test_without_javascript_the_totals_and_the_feeds_are_still_there(
        published: Published, chromium: Chromium) -> None:
    chromium.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    page = chromium.open(published.path / "index.html")
    assert _totals(page) == ALL
    assert not page.find("#filters").is_displayed()
    notice = page.find(".without-script")
    assert notice.is_displayed()
    assert [a.get_attribute("href").rsplit("/", 2)[-2:] for a in
            notice.find_elements("css selector", "a")] == [["data", "pledges.csv"],
                                                           ["data", "pledges.json"]]
    page.screenshot("index-without-script")


def _figures(page: Page) -> tuple[str, ...]:
    """The four totals exactly as the script wrote them (WebDriver's text would turn
    the no-break spaces of French numbers into spaces)."""
    return tuple(page.run(f"return document.getElementById('total-{figure}').textContent")
                 for figure in ("pledges", "organizations", "countries", "usd"))


def _in_language(totals: Totals, labels: SiteLabels) -> tuple[str, ...]:
    """The hand-worked totals as the site's language writes them, by Babel."""
    dollars = Decimal(totals.usd.removeprefix("$").replace(",", ""))
    return (labels.count(totals.pledges), labels.count(totals.organizations),
            labels.count(totals.countries), labels.usd(dollars))


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_in_another_language_the_filters_still_change_the_totals(
        database: Database, reference: ReferenceData, catalogs: Catalogs,
        chromium: Chromium, tmp_path: Path, language: str) -> None:
    seed(database, tmp_path / "stories")
    with database.snapshot() as session:
        site = publish_site(session, reference, tmp_path / "site", catalogs=catalogs,
                            stories_dir=tmp_path / "stories", now=PUBLISHED_AT,
                            language=language)
    labels = SiteLabels(catalogs.translator(language), reference.taxonomy,
                        reference.countries)
    page = chromium.open(site.path / "index.html")
    assert _figures(page) == _in_language(ALL, labels)
    assert _chart(page) == CHART_ALL
    left, width = page.run("const box = document.querySelector('#chart').getBBox();"
                           "return [box.x, box.width]")
    assert left >= 0, "the chart runs off its left edge"
    assert left + width <= 401, "the chart runs off its right edge"
    page.choose("#focus-area", "access")
    assert _figures(page) == _in_language(ACCESS, labels)
    page.click("button[type=reset]")
    page.choose("#group", "ldc")
    assert _figures(page) == _in_language(LDC, labels)
    forms = labels.translator.by_plural_category(SHOWN_NOTE.singular, SHOWN_NOTE.plural)
    assert page.run("return document.getElementById('shown').textContent") == \
        str(forms[Locale.parse(language).plural_form(3)]).replace("{shown}", "3").replace(
            "{total}", "3")
    page.screenshot(f"index-{language}")
    assert page.console_errors() == []
