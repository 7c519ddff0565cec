"""The published site's files, read back: the feeds' rows and totals against the hand-
worked figures in `tests/publish/pledges.py`, a page per approved pledge, nothing that was
not approved and nothing personal anywhere, hostile text inert, and stories' files only
of the allowed kinds, under their checksum; the same feeds from PostgreSQL."""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal
from pathlib import Path

from bot.i18n import Catalogs
from bot.publish.pages import CONTENT_SECURITY_POLICY
from bot.publish.site import publish_site
from bot.reference import ReferenceData
from storage.db import Database
from tests.publish.conftest import PUBLISHED_AT, Published
from tests.publish.pledges import (
    ALL,
    FORMULA_PARTNER,
    HOSTILE_DESCRIPTION,
    HOSTILE_TITLE,
    seed,
)

DATA_BLOCK = re.compile(r'<script type="application/json" id="pledges-data">(.*?)</script>',
                        re.DOTALL)
LOADED_FROM = re.compile(r'(?:src|href)\s*=\s*["\']?([^"\'\s>]+)', re.IGNORECASE)


def _csv_rows(site: Path) -> list[dict[str, str]]:
    with (site / "data" / "pledges.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _json_rows(site: Path) -> list[dict[str, object]]:
    document = json.loads((site / "data" / "pledges.json").read_text(encoding="utf-8"))
    assert document["schema_version"] == 1
    return list(document["pledges"])


def _files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file())


def test_the_csv_feed_has_each_approved_pledge_once_with_the_hand_worked_totals(
        published: Published) -> None:
    rows = _csv_rows(published.path)
    seeded = published.seeded
    assert [r["reference"] for r in rows] == list(seeded.approved.values())
    assert sum(Decimal(r["amount_usd"]) for r in rows if r["amount_usd"]) == Decimal(1_870_000)
    assert len({r["organization"] for r in rows}) == ALL.organizations
    countries = {c for r in rows for c in r["countries"].split("; ") if c}
    assert len(countries) == ALL.countries
    assert [r["reference"] for r in rows if r["amount"] and not r["amount_usd"]] == \
        [seeded.approved["P4"]]
    euro = rows[1]
    assert (euro["amount"], euro["currency"], euro["amount_usd"]) == ("248400.00", "EUR",
                                                                      "270000.00")
    assert (euro["countries"], euro["country_names"], euro["regions"]) == ("SEN", "Senegal",
                                                                          "Africa")
    assert (euro["targets_ldc"], euro["targets_lldc"], euro["targets_sids"]) == \
        ("true", "false", "false")
    assert (euro["focus_area"], euro["focus_area_label"]) == ("adoption", "Empower communities")
    towers = rows[0]
    assert (towers["progress_status"], towers["percent_done"], towers["last_reported_on"]) == \
        ("in_progress", "40", "2026-10-01")
    assert towers["countries"] == "MLI; NER"
    assert towers["page"] == f"pledges/{seeded.approved['P1']}.html"


def test_the_index_shows_the_totals_before_any_script_runs(published: Published) -> None:
    index = (published.path / "index.html").read_text(encoding="utf-8")
    for figure, value in (("pledges", ALL.pledges), ("organizations", ALL.organizations),
                          ("countries", ALL.countries), ("usd", ALL.usd)):
        assert f'<dd id="total-{figure}">{value}</dd>' in index
    assert '<p class="note" id="no-rate">1 pledge has an amount in a currency without a ' \
        'US dollar rate yet; it is not in the value.</p>' in index


def test_a_partner_named_like_a_formula_stays_text_in_the_csv(published: Published) -> None:
    [row] = [r for r in _csv_rows(published.path) if r["reference"] ==
             published.seeded.approved["P4"]]
    assert row["partners"] == "'" + FORMULA_PARTNER


def test_the_json_feed_matches_the_csv_with_numbers_and_lists(published: Published) -> None:
    rows = _json_rows(published.path)
    assert [r["reference"] for r in rows] == list(published.seeded.approved.values())
    assert sum(r["amount_usd"] or 0 for r in rows) == 1_870_000  # type: ignore[misc]
    first = rows[0]
    assert first["countries"] == ["MLI", "NER"]
    assert first["amount_usd"] == 1_000_000.0
    assert first["partners"] == ["Niger Telecom"]
    hostile = rows[5]
    assert (hostile["title"], hostile["global"], hostile["countries"]) == (HOSTILE_TITLE, True,
                                                                           [])


def test_every_approved_pledge_has_a_page_and_nothing_else_does(published: Published) -> None:
    pages = sorted(p.stem for p in (published.path / "pledges").iterdir())
    assert pages == sorted(published.seeded.approved.values())


def test_nothing_unapproved_or_personal_is_in_any_file(published: Published) -> None:
    seeded = published.seeded
    forbidden = seeded.secrets + seeded.unpublished
    files = _files(published.path)
    assert len(files) > 10
    for path in files:
        content = path.read_bytes()
        for secret in forbidden:
            assert secret.encode() not in content, f"{secret!r} is in {path}"


def test_every_page_forbids_loading_from_other_sites_and_asks_for_none(
        published: Published) -> None:
    pages = [p for p in _files(published.path) if p.suffix == ".html"]
    assert len(pages) == 7
    policy = CONTENT_SECURITY_POLICY.replace("'", "&#39;")
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert f'<meta http-equiv="Content-Security-Policy" content="{policy}">' in html
        for target in LOADED_FROM.findall(html):
            assert "//" not in target, f"{page.name} refers to {target}"
    css = (published.path / "assets" / "site.css").read_text(encoding="utf-8")
    assert "url(" not in css
    assert "@import" not in css


def test_hostile_titles_and_descriptions_are_inert_text(published: Published) -> None:
    site = published.path
    index = (site / "index.html").read_text(encoding="utf-8")
    page = (site / "pledges" / f"{published.seeded.approved['P6']}.html").read_text(
        encoding="utf-8")
    for html in (index, page):
        assert HOSTILE_TITLE not in html
        assert "<img src=x" not in html
        assert "<script>window.pwned" not in html
        assert len(re.findall(r"<script\b", html)) == (3 if html is index else 0)
    assert "&lt;/script&gt;&lt;img src=x onerror=&#34;window.pwned=1&#34;&gt;" in page
    assert "&lt;script&gt;window.pwned=2&lt;/script&gt;" in page
    [block] = DATA_BLOCK.findall(index)
    entries = json.loads(block)
    assert [e["title"] for e in entries if e["global"]] == [HOSTILE_TITLE]
    assert HOSTILE_DESCRIPTION not in index


def test_a_pledge_page_shows_the_pledge_in_the_taxonomys_words(published: Published) -> None:
    page = (published.path / "pledges" / f"{published.seeded.approved['P2']}.html").read_text(
        encoding="utf-8")
    for shown in ("Digital skills for girls", "Sahel Connect (Civil society / NGO, Senegal)",
                  "Empower communities (ADOPTION)", "Digital skills", "Programmatic support",
                  "Senegal", "Least Developed Countries (LDCs)",
                  "€248,400.00 (about $270,000)", "July 1, 2026 to June 30, 2028",
                  "SDG 4: Quality education", "No progress report yet"):
        assert shown in page, shown
    rupees = (published.path / "pledges" / f"{published.seeded.approved['P4']}.html").read_text(
        encoding="utf-8")
    assert "(no US dollar rate for MMK on file yet)" in rupees
    towers = (published.path / "pledges" / f"{published.seeded.approved['P1']}.html").read_text(
        encoding="utf-8")
    assert "In progress, 40% done (reported October 1, 2026)" in towers


def test_only_allowed_story_files_are_published_under_their_checksum(
        published: Published) -> None:
    seeded = published.seeded
    stories = sorted(p.name for p in (published.path / "stories").iterdir())
    assert stories == sorted([f"{seeded.image_sha256}.png", f"{seeded.pdf_sha256}.pdf"])
    page = (published.path / "pledges" / f"{seeded.approved['P1']}.html").read_text(
        encoding="utf-8")
    assert f'<img src="../stories/{seeded.image_sha256}.png" alt="towers.png">' in page
    assert f'<a href="../stories/{seeded.pdf_sha256}.pdf" download>report.pdf</a>' in page
    assert "evil-page.html" not in page
    assert "changed.jpg" not in page
    index = (published.path / "index.html").read_text(encoding="utf-8")
    assert "Towers that villagers maintain" in index
    assert published.site.stories == 1


def test_the_feeds_are_the_same_from_postgresql(any_database: Database,
                                                 reference: ReferenceData,
                                                 catalogs: Catalogs, tmp_path: Path) -> None:
    seeded = seed(any_database, tmp_path / "stories")
    with any_database.snapshot() as session:
        site = publish_site(session, reference, tmp_path / "site", catalogs=catalogs,
                            stories_dir=tmp_path / "stories", now=PUBLISHED_AT)
    rows = _csv_rows(site.path)
    assert [r["reference"] for r in rows] == list(seeded.approved.values())
    assert sum(Decimal(r["amount_usd"]) for r in rows if r["amount_usd"]) == Decimal(1_870_000)
    assert (rows[0]["progress_status"], rows[0]["percent_done"]) == ("in_progress", "40")
    assert site.stories == 1
