"""The site published in French and in Arabic: headings, filter labels, country and
region names, dates and amounts in the language, `lang` and `dir` right, and the feeds
the same bytes as the English site's, since they are data."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.i18n import Catalogs
from bot.publish.site import publish_site
from bot.reference import ReferenceData
from storage.db import Database
from tests.publish.conftest import PUBLISHED_AT
from tests.publish.pledges import Seeded, seed

FEEDS = ("data/pledges.csv", "data/pledges.json")


def _publish(database: Database, reference: ReferenceData, catalogs: Catalogs,
             folder: Path, stories_dir: Path, language: str | None) -> Path:
    with database.snapshot() as session:
        return publish_site(session, reference, folder, catalogs=catalogs,
                            stories_dir=stories_dir, now=PUBLISHED_AT,
                            language=language).path


@pytest.fixture
def seeded(database: Database, tmp_path: Path) -> Seeded:
    return seed(database, tmp_path / "stories")


def _sites(database: Database, reference: ReferenceData, catalogs: Catalogs,
           tmp_path: Path, language: str) -> tuple[Path, Path]:
    stories = tmp_path / "stories"
    return (_publish(database, reference, catalogs, tmp_path / "en", stories, None),
            _publish(database, reference, catalogs, tmp_path / language, stories, language))


def _read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_the_french_site_is_in_french_and_its_feeds_are_unchanged(
        database: Database, reference: ReferenceData, catalogs: Catalogs, seeded: Seeded,
        tmp_path: Path) -> None:
    english, french = _sites(database, reference, catalogs, tmp_path, "fr")
    index = _read(french, "index.html")
    assert '<html lang="fr" dir="ltr">' in index
    for shown in ("<h1>Engagements Partner2Connect</h1>", "<h2>Totaux</h2>",
                  "<label>Domaine prioritaire", "<label>Type d'engagement",
                  "<label>Région de mise en œuvre", "<label>Groupe de pays",
                  '<option value="">Tous les domaines prioritaires</option>',
                  '<option value="SEN">Sénégal</option>', '<option value="Africa">Afrique</option>',
                  '<option value="ldc">Pays les moins avancés (PMA)</option>',
                  '<dd id="total-usd">1\u202f870\u202f000\xa0$US</dd>',
                  "Effacer les filtres", "publiés le 23 novembre 2026"):
        assert shown in index, shown
    assert '"locale": "fr-u-nu-latn"' in index
    page = _read(french, f"pledges/{seeded.approved['P2']}.html")
    for shown in ("<dt>Domaine prioritaire</dt>", "Sahel Connect (Société civile / ONG, Sénégal)",
                  "248\u202f400,00\xa0€ (environ 270\u202f000\xa0$US)",
                  "Du 1 juillet 2026 au 30 juin 2028", "ODD 4", "Pays les moins avancés (PMA)",
                  "Aucun rapport d&#39;avancement pour l&#39;instant"):
        assert shown in page, shown
    towers = _read(french, f"pledges/{seeded.approved['P1']}.html")
    assert "Mali et Niger" in towers
    assert "En cours, 40\xa0% réalisé (rapport du 1 octobre 2026)" in towers
    for feed in FEEDS:
        assert (french / feed).read_bytes() == (english / feed).read_bytes(), feed


def test_the_arabic_site_reads_right_to_left_in_arabic_and_its_feeds_are_unchanged(
        database: Database, reference: ReferenceData, catalogs: Catalogs, seeded: Seeded,
        tmp_path: Path) -> None:
    english, arabic = _sites(database, reference, catalogs, tmp_path, "ar")
    index = _read(arabic, "index.html")
    assert '<html lang="ar" dir="rtl">' in index
    for shown in ("<h2>المجاميع</h2>", "<label>مجال التركيز", "<label>نوع التعهد",
                  "<label>منطقة التنفيذ", '<option value="SEN">السنغال</option>',
                  '<option value="Africa">أفريقيا</option>',
                  '<option value="ldc">أقل البلدان نموا</option>',
                  '<dd id="total-usd">\u200f1,870,000\xa0US$</dd>', "جميع البلدان"):
        assert shown in index, shown
    assert "Focus area" not in index
    page = _read(arabic, f"pledges/{seeded.approved['P2']}.html")
    for shown in ("<dt>مجال التركيز</dt>", "<dt>بلدان التنفيذ</dt>", "السنغال",
                  "لا يوجد تقرير مرحلي بعد"):
        assert shown in page, shown
    for feed in FEEDS:
        assert (arabic / feed).read_bytes() == (english / feed).read_bytes(), feed
