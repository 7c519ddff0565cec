"""The key terms (LDC, LLDC, SIDS, focus areas, pledge types, SDG names) are translated
as the UN writes them: each catalog's translation of every msgid the glossary lists
uses one of the names `locales/glossary.toml` gives for that language, and each name
cites its source."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from babel.messages.pofile import read_po

from bot.i18n import Catalogs
from bot.reference import load_reference
from tests.conftest import PROJECT_DIR

LOCALES = PROJECT_DIR / "locales"
GLOSSARY: list[dict[str, Any]] = tomllib.loads(
    (LOCALES / "glossary.toml").read_text(encoding="utf-8"))["term"]


def _translations(language: str) -> dict[str, str]:
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=language)
    return {m.id: m.string or m.id for m in catalog
            if isinstance(m.id, str) and isinstance(m.string, str) and m.id}


def test_the_glossary_covers_the_taxonomy_and_every_language() -> None:
    taxonomy = load_reference(PROJECT_DIR / "config").taxonomy
    ids = {term["id"] for term in GLOSSARY}
    assert {f"focus_area.{area.id}" for area in taxonomy.focus_areas} <= ids
    assert {f"pledge_type.{kind.id}" for kind in taxonomy.pledge_types} <= ids
    assert {f"sdg.{number}" for number in range(1, 18)} <= ids
    assert {"ldc", "lldc", "sids"} <= ids
    for term in GLOSSARY:
        assert set(Catalogs(LOCALES).available()) <= set(term), term["id"]
        for language in Catalogs(LOCALES).available():
            assert term[language]["names"], (term["id"], language)
            assert term[language]["source"].strip(), (term["id"], language)


@pytest.mark.parametrize("language", Catalogs(LOCALES).available())
def test_each_key_term_is_translated_as_the_glossary_says(language: str) -> None:
    translations = _translations(language)
    wrong = []
    for term in GLOSSARY:
        names = [name.casefold() for name in term[language]["names"]]
        for msgid in term["msgids"]:
            assert msgid in translations, f"{msgid!r} is no longer in the catalog"
            said = translations[msgid].casefold()
            fits = said in names if term["match"] == "exact" else any(
                name in said for name in names)
            if not fits:
                wrong.append(f"{term['id']}: {msgid!r} -> {translations[msgid]!r} "
                             f"(expected {term['match']} {names})")
    assert not wrong, "\n".join(wrong)
