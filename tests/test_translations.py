"""The six UN languages each have a catalog fit to ship (`bot.catalog_check`): every
text translated, none fuzzy, every plural form there, the placeholders of the English,
and hardly anything left in English. The check itself is shown to catch each fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalog_check import LEFT_IN_ENGLISH, catalog_problems
from bot.i18n import Catalogs
from tests.conftest import PROJECT_DIR

UN_LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
LOCALES = PROJECT_DIR / "locales"


def test_each_un_language_has_a_catalog() -> None:
    assert tuple(Catalogs(LOCALES).available()) == UN_LANGUAGES


@pytest.mark.parametrize("language", UN_LANGUAGES)
def test_the_catalog_is_complete_and_keeps_the_placeholders(language: str) -> None:
    problems = catalog_problems(LOCALES, language)
    assert not problems, "\n".join(map(str, problems))


HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : '
          'n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);\\n"\n\n')
TEMPLATE = HEADER + "\n".join([
    'msgid "Cancel"\nmsgstr ""\n',
    'msgid "Pledge {reference} is saved."\nmsgstr ""\n',
    'msgid "{count} pledge"\nmsgid_plural "{count} pledges"\nmsgstr[0] ""\nmsgstr[1] ""\n',
    'msgid "Telegram"\nmsgstr ""\n',
])


def _locales(tmp_path: Path, translations: str) -> Path:
    (tmp_path / "messages.pot").write_text(TEMPLATE, encoding="utf-8")
    po = tmp_path / "ar" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(HEADER + translations, encoding="utf-8")
    return tmp_path


SIX_FORMS = "".join(f'msgstr[{form}] "{text}"\n' for form, text in enumerate(
    ["لا تعهدات", "تعهد واحد", "تعهدان", "{count} تعهدات", "{count} تعهدًا", "{count} تعهد"]))
GOOD = "\n".join([
    'msgid "Cancel"\nmsgstr "إلغاء"\n',
    'msgid "Pledge {reference} is saved."\nmsgstr "حُفظ التعهد {reference}."\n',
    'msgid "{count} pledge"\nmsgid_plural "{count} pledges"\n' + SIX_FORMS,
    'msgid "Telegram"\nmsgstr "Telegram"\n',
])


def test_a_sound_catalog_passes_and_forms_for_one_number_may_say_it_in_words(
        tmp_path: Path) -> None:
    assert catalog_problems(_locales(tmp_path, GOOD), "ar") == []


@pytest.mark.parametrize(("fault", "broken", "reported"), [
    ("missing", GOOD.replace('msgid "Cancel"\nmsgstr "إلغاء"\n', ""), "missing"),
    ("untranslated", GOOD.replace('"إلغاء"', '""'), "untranslated"),
    ("fuzzy", GOOD.replace('msgid "Cancel"', '#, fuzzy\nmsgid "Cancel"'), "fuzzy"),
    ("renamed", GOOD.replace("{reference}.", "{ref}."), "placeholders"),
    ("dropped", GOOD.replace(" {reference}.", "."), "placeholders"),
    ("count left out of a form for many numbers", GOOD.replace("{count} تعهد\"", "تعهد\""),
     "placeholders"),
    ("a plural form short", GOOD.replace('msgstr[5] "{count} تعهد"\n', ""),
     "untranslated"),
])
def test_each_fault_is_reported(tmp_path: Path, fault: str, broken: str,
                                reported: str) -> None:
    problems = catalog_problems(_locales(tmp_path, broken), "ar")
    assert [p for p in problems if reported in p.what], (fault, problems)


def test_a_header_with_another_plural_rule_is_reported(tmp_path: Path) -> None:
    locales = _locales(tmp_path, GOOD)
    po = locales / "ar" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        HEADER.split("\n")[3], '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', 1),
        encoding="utf-8")
    assert next(p.what for p in catalog_problems(locales, "ar")).startswith(
        "the header has 2 plural forms; the language has 6")


def test_a_catalog_mostly_in_english_is_reported(tmp_path: Path) -> None:
    entries = [f'msgid "Question number {n} asks"\nmsgstr "{{}}"\n'
               for n in range(LEFT_IN_ENGLISH + 1)]
    locales = _locales(tmp_path, "".join(entry.format(f"Question number {n} asks")
                                         for n, entry in enumerate(entries)))
    (locales / "messages.pot").write_text(
        HEADER + "".join(entry.format("") for entry in entries), encoding="utf-8")
    assert [p.what for p in catalog_problems(locales, "ar")] == [
        f"{LEFT_IN_ENGLISH + 1} texts left in English (at most {LEFT_IN_ENGLISH})"]
