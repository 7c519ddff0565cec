"""Every user-facing text is in the catalogs, and catalogs are chosen sensibly."""

from __future__ import annotations

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from bot.catalog_extract import extract_taxonomy
from bot.i18n import Catalogs
from tests.conftest import PROJECT_DIR


def _extracted_msgids() -> set[str]:
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    found: set[str] = set()
    for directory, method_map, options in (
        ("bot", [("**.py", "python")], {}),
        ("config", [("taxonomy.toml", extract_taxonomy)], {}),
    ):
        for _file, _line, message, _comments, _context in extract_from_dir(
                PROJECT_DIR / directory, method_map, options, keywords=keywords):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_the_english_catalog_has_every_text() -> None:
    """Run `make catalogs` when this fails: a text was added without extraction."""
    with (PROJECT_DIR / "locales/en/LC_MESSAGES/messages.po").open("rb") as po:
        catalog = read_po(po)
    in_catalog = {m.id for m in catalog if m.id}
    missing = _extracted_msgids() - in_catalog
    assert not missing, f"not in the catalog: {sorted(missing)}"
    assert "Which P2C focus area does your pledge support?" in in_catalog
    assert "Infrastructure" in in_catalog


def test_the_best_catalog_is_chosen(catalogs: Catalogs) -> None:
    assert catalogs.best_match("en-GB") == "en"
    assert catalogs.best_match("xx") == "en"
    assert catalogs.best_match(None) == "en"
    assert catalogs.translator("en").gettext("Cancel") == "Cancel"


def test_a_catalog_translates(tmp_path) -> None:
    """Catalogs are compiled from the .po in memory; a French entry is used as such."""
    po = tmp_path / "fr" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Cancel"\nmsgstr "Annuler"\n', encoding="utf-8")
    translator = Catalogs(tmp_path).translator("fr-CA")
    assert translator.locale == "fr"
    assert translator.gettext("Cancel") == "Annuler"
    assert translator.gettext("Untranslated") == "Untranslated"
