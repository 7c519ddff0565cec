"""Every user-facing text is in the catalogs, and catalogs are chosen sensibly."""

from __future__ import annotations

import copy
import pickle

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from bot.catalog_extract import extract_taxonomy
from bot.i18n import Catalogs, Translator
from tests.conftest import PROJECT_DIR
from tests.flows.languages import SomeTranslations


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


FSI, PDI, RLM = "\u2068", "\u2069", "\u200f"


def _translator(locale: str, texts: dict[str, str]) -> Translator:
    return Translator(locale, SomeTranslations(texts))


def test_values_in_an_arabic_text_are_isolated() -> None:
    """A reference or a Latin name inside Arabic keeps its order and moves nothing
    around it on Telegram, Slack and the terminal."""
    arabic = _translator("ar", {"Pledge {reference} is saved.": "تم حفظ التعهد {reference}."})
    assert arabic.gettext("Pledge {reference} is saved.").format(
        reference="P2C-2026-00042") == f"تم حفظ التعهد {FSI}P2C-2026-00042{PDI}."


def test_values_in_a_left_to_right_text_are_as_given() -> None:
    french = _translator("fr", {"Pledge {reference} is saved.": "Engagement {reference} "
                                                                 "enregistré."})
    assert french.gettext("Pledge {reference} is saved.").format(
        reference="P2C-2026-00042") == "Engagement P2C-2026-00042 enregistré."


@pytest.mark.parametrize(("locale", "shown"), [
    ("en", "12,345 pledges"), ("fr", "12\u202f345 pledges"), ("es", "12.345 pledges"),
    ("ru", "12\u00a0345 pledges"), ("zh", "12,345 pledges"),
    ("ar", f"{RLM}{FSI}12,345{PDI} pledges"),
])
def test_numbers_in_a_text_are_written_as_the_locale_writes_them(locale: str,
                                                                 shown: str) -> None:
    """The English catalog's text in an Arabic conversation has no Arabic letter of its
    own: a right-to-left mark still lays the line out right to left."""
    assert _translator(locale, {}).gettext("{count} pledges").format(count=12345) == shown


def test_a_line_of_values_alone_is_laid_out_right_to_left_in_arabic() -> None:
    line = _translator("ar", {}).fill("{label}: {answer}", label="المنظمة",
                                      answer="ACME Telecom")
    assert line == f"{RLM}{FSI}المنظمة{PDI}: {FSI}ACME Telecom{PDI}"


def test_a_translated_text_keeps_its_language_when_copied() -> None:
    """Replies are copied and stored; a text filled later still fills as Arabic."""
    message = _translator("ar", {"Story {number}": "القصة {number}"}).gettext("Story {number}")
    assert copy.deepcopy(message).format(number="7") == f"القصة {FSI}7{PDI}"
    assert pickle.loads(pickle.dumps(message)).format(number="7") == f"القصة {FSI}7{PDI}"
