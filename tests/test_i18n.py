"""Every user-facing text is in the catalogs, and catalogs are chosen sensibly; a
counted text takes the form the catalog's plural rule gives its number."""

from __future__ import annotations

import copy
import pickle
import re
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from bot.catalog_extract import extract_taxonomy
from bot.cli import app
from bot.i18n import Catalogs, Translator
from storage.db import Database
from tests.conftest import PROJECT_DIR
from tests.flows.languages import SomeTranslations

RUSSIAN_PO = r'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

msgid "{count} pledge is waiting for review."
msgid_plural "{count} pledges are waiting for review, the oldest first."
msgstr[0] "{count} обещание ждёт проверки."
msgstr[1] "{count} обещания ждут проверки."
msgstr[2] "{count} обещаний ждут проверки."
'''
WAITING = ("{count} pledge is waiting for review.",
           "{count} pledges are waiting for review, the oldest first.")
_PERCENT_PLACEHOLDER = re.compile(r"%\((\w+)\)")


def _extracted_msgids() -> set[str | tuple[str, str]]:
    """As `make catalogs` extracts them: a counted text as its (singular, plural)."""
    keywords = {**DEFAULT_KEYWORDS, "N_": None, "NP_": (1, 2)}
    found: set[str | tuple[str, str]] = set()
    for directory, method_map, options in (
        ("bot", [("**.py", "python")], {}),
        ("bot", [("**/templates/**.html", "jinja2")],
         {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}),
        ("config", [("taxonomy.toml", extract_taxonomy)], {}),
    ):
        for _file, _line, message, _comments, _context in extract_from_dir(
                PROJECT_DIR / directory, method_map, options, keywords=keywords):
            found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def _placeholders(message: str) -> set[str]:
    braced = {name for _text, name, _spec, _conversion in Formatter().parse(message)
              if name is not None}
    return braced | set(_PERCENT_PLACEHOLDER.findall(message))


def _russian(tmp_path: Path) -> Catalogs:
    po = tmp_path / "ru" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(RUSSIAN_PO, encoding="utf-8")
    return Catalogs(tmp_path)


def test_the_english_catalog_has_every_text() -> None:
    """Run `make catalogs` when this fails: a text was added (or made plural) without
    extraction."""
    with (PROJECT_DIR / "locales/en/LC_MESSAGES/messages.po").open("rb") as po:
        catalog = read_po(po)
    in_catalog = {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}
    missing = _extracted_msgids() - in_catalog
    assert not missing, f"not in the catalog: {sorted(map(str, missing))}"
    assert "Which P2C focus area does your pledge support?" in in_catalog
    assert "Infrastructure" in in_catalog
    assert WAITING in in_catalog


def test_a_counted_text_has_the_same_placeholders_in_both_forms() -> None:
    """A translator writes each form from both msgids: a placeholder missing from one
    would be a number or a name lost in some of the forms."""
    with (PROJECT_DIR / "locales/messages.pot").open("rb") as pot:
        counted = [m for m in read_po(pot) if m.id and m.pluralizable]
    assert len(counted) > 20
    differing = [m.id for m in counted if _placeholders(m.id[0]) != _placeholders(m.id[1])]
    assert not differing


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


@pytest.mark.parametrize(("count", "form"), [
    (1, "{count} обещание ждёт проверки."), (3, "{count} обещания ждут проверки."),
    (5, "{count} обещаний ждут проверки."), (21, "{count} обещание ждёт проверки."),
    (11, "{count} обещаний ждут проверки."), (22, "{count} обещания ждут проверки."),
])
def test_the_catalogs_plural_rule_picks_the_form(tmp_path, count: int, form: str) -> None:
    """Russian has three forms: 1 and 21 take the first, 3 and 22 the second, 5 and 11
    the third; English's one-or-many rule would get most of them wrong."""
    assert _russian(tmp_path).translator("ru").ngettext(*WAITING, count) == form


def test_without_a_catalog_the_english_rule_is_used(tmp_path) -> None:
    translator = Catalogs(tmp_path).translator("de")
    assert [translator.ngettext(*WAITING, n) for n in (1, 2, 0)] == [
        WAITING[0], WAITING[1], WAITING[1]]


def test_the_english_catalog_gives_the_english_forms(catalogs: Catalogs) -> None:
    english = catalogs.translator("en")
    assert [english.ngettext(*WAITING, n) for n in (1, 2, 0)] == [
        WAITING[0], WAITING[1], WAITING[1]]


def test_a_script_gets_each_plural_category_s_form(tmp_path) -> None:
    """A browser script choosing with `Intl.PluralRules` finds a form for every category
    a whole number can fall in."""
    assert _russian(tmp_path).translator("ru").by_plural_category(*WAITING) == {
        "one": "{count} обещание ждёт проверки.", "few": "{count} обещания ждут проверки.",
        "many": "{count} обещаний ждут проверки."}
    assert Catalogs(tmp_path).translator("en").by_plural_category(*WAITING) == {
        "one": WAITING[0], "other": WAITING[1]}


def test_french_millions_have_a_category_of_their_own(tmp_path) -> None:
    """`Intl.PluralRules("fr")` says `many` for a million: the form is there too."""
    po = tmp_path / "fr" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                  '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
                  f'msgid "{WAITING[0]}"\nmsgid_plural "{WAITING[1]}"\n'
                  'msgstr[0] "{count} engagement attend."\n'
                  'msgstr[1] "{count} engagements attendent."\n', encoding="utf-8")
    assert Catalogs(tmp_path).translator("fr").by_plural_category(*WAITING) == {
        "one": "{count} engagement attend.", "many": "{count} engagements attendent.",
        "other": "{count} engagements attendent."}


def test_chat_in_a_language_with_no_catalog_says_which_there_are(
        command_database: Database) -> None:
    result = CliRunner().invoke(app, ["chat", "--lang", "pt-BR"])
    assert result.exit_code == 2
    assert "There is no catalog for the language “pt-BR”. Languages: " in result.output
    assert Catalogs(PROJECT_DIR / "locales").available()[0] in result.output


def test_a_regional_variant_is_answered_by_its_language(catalogs: Catalogs) -> None:
    assert catalogs.has("en-GB")
    assert not catalogs.has("pt-BR")


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
