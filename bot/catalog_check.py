"""What makes a language's catalog unfit to ship, checked against the template
(`locales/messages.pot`): a text missing, untranslated (any plural form) or fuzzy; a
header whose plural rule is not the language's; a placeholder added,
dropped or renamed; more than a handful of texts left in English.

`python -m bot.catalog_check` prints the problems and fails: `make catalogs` runs it
after updating, and the install step runs it, so a fresh clone never runs with a
broken catalog."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from gettext import c2py
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from bot.i18n import Catalogs

SOURCE_LANGUAGE = "en"
TEMPLATE = "messages.pot"
PLACEHOLDER = re.compile(r"\{[A-Za-z_]\w*\}|%\([A-Za-z_]\w*\)[sd]")
LEFT_IN_ENGLISH = 12
"""At most this many texts may read exactly as in English: names such as
"Partner2Connect", "Telegram" or "Slack" are the same in every language."""
_WORDS = re.compile(r"[^\W\d_]{3,}")
"""A text with no word of three letters once its placeholders are gone (`{reference}`,
`{day} · {time}`) cannot be left in English."""
_NUMBERS_TRIED = range(1_001)


@dataclass(frozen=True)
class Problem:
    language: str
    msgid: str
    what: str

    def __str__(self) -> str:
        return f"{self.language}: {self.what}: {self.msgid!r}"


def _read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale=language)


def _forms(message: Message) -> list[str]:
    return [message.string] if isinstance(message.string, str) else list(message.string or ())


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def _single_number_forms(catalog: Catalog) -> set[int]:
    """The plural forms the language keeps for one number only (Arabic's for 0, 1 and
    2): those may say the number in words and leave its placeholder out."""
    choose = c2py(catalog.plural_expr)
    numbers_of: dict[int, int] = {}
    for n in _NUMBERS_TRIED:
        form = choose(n)
        numbers_of[form] = numbers_of.get(form, 0) + 1
    return {form for form, count in numbers_of.items() if count == 1}


def _message_problems(language: str, source: Message, translated: Message | None,
                      catalog: Catalog) -> Iterator[Problem]:
    singular = source.id if isinstance(source.id, str) else source.id[0]
    if translated is None:
        yield Problem(language, singular, "missing")
        return
    if translated.fuzzy:
        yield Problem(language, singular, "fuzzy")
    forms = _forms(translated)
    plural = source.id if isinstance(source.id, str) else source.id[1]
    expected = [_placeholders(plural)] * len(forms)
    may_omit = _single_number_forms(catalog) if not isinstance(source.id, str) else set()
    for form, (text, wanted) in enumerate(zip(forms, expected, strict=False)):
        if not text:
            yield Problem(language, singular, "untranslated")
            continue
        found = _placeholders(text)
        if found - wanted or (wanted - found and form not in may_omit):
            yield Problem(language, singular, f"placeholders {sorted(found)}, not "
                          f"{sorted(wanted)}")


def catalog_problems(locales_dir: Path, language: str) -> list[Problem]:
    """The catalog's problems; it is also compiled, as `bot.i18n` compiles it when the
    bot starts, which raises on a catalog that cannot be."""
    template = _read(locales_dir / TEMPLATE)
    catalog = _read(locales_dir / language / "LC_MESSAGES" / "messages.po", language)
    problems: list[Problem] = []
    rule = get_plural(language)
    if catalog.num_plurals != rule.num_plurals:
        problems.append(Problem(language, "", f"the header has {catalog.num_plurals} plural "
                                f"forms; the language has {rule.num_plurals} "
                                f"({rule.plural_forms})"))
    in_english = []
    for source in template:
        if not source.id:
            continue
        translated = catalog.get(source.id, context=source.context)
        if language == SOURCE_LANGUAGE:
            if translated is None or translated.fuzzy:
                problems.extend(_message_problems(language, source, translated, catalog))
            continue
        problems.extend(_message_problems(language, source, translated, catalog))
        if (translated is not None and isinstance(source.id, str)
                and translated.string == source.id
                and _WORDS.search(PLACEHOLDER.sub("", source.id))):
            in_english.append(source.id)
    write_mo(BytesIO(), catalog)
    if len(in_english) > LEFT_IN_ENGLISH:
        problems.append(Problem(language, ", ".join(in_english),
                                f"{len(in_english)} texts left in English (at most "
                                f"{LEFT_IN_ENGLISH})"))
    return problems


def main(locales_dir: Path) -> int:
    problems = [problem for language in Catalogs(locales_dir).available()
                for problem in catalog_problems(locales_dir, language)]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("locales")))
