"""Gettext catalogs for the bot's languages, read from `locales/*/LC_MESSAGES/*.po`.

The `.po` files are compiled in memory when first needed, so there is no build step and
no compiled `.mo` file that could fall out of date with its source.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path
from string import Formatter

from babel import Locale, UnknownLocaleError, negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

DOMAIN = "messages"
PLURAL_SAMPLES = (*range(200), 1_000_000)
"""Enough whole numbers to meet each plural category CLDR gives whole numbers in the
bot's languages: Arabic's `other` is first at 100, French and Spanish `many` at a
million."""
FSI, PDI = "\u2068", "\u2069"
"""FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: the text between them is laid out
on its own, in its own direction, and moves nothing around it."""
RLM = "\u200f"
"""RIGHT-TO-LEFT MARK: an invisible right-to-left letter, so a line whose words are all
isolated values is still laid out right to left."""


@dataclass(frozen=True)
class Translator:
    """What a flow needs to speak the pledger's language."""

    locale: str
    translations: NullTranslations

    def gettext(self, message: str) -> str:
        return Message(self.translations.gettext(message), self.locale)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form for `n` by the catalog's plural rule (Russian has three forms,
        Chinese one); without a catalog, the English rule. `singular` and `plural` are
        the English msgids."""
        return Message(self.translations.ngettext(singular, plural, n), self.locale)

    def by_plural_category(self, singular: str, plural: str) -> dict[str, str]:
        """A message's forms by CLDR plural category (`one`, `few`, `other`...), for a
        browser script that picks one with `Intl.PluralRules` for counts known only
        there; each form is the catalog's for a number of that category."""
        rule = Locale.parse(self.locale).plural_form
        samples: dict[str, int] = {}
        for n in PLURAL_SAMPLES:
            samples.setdefault(rule(n), n)
        return {category: self.ngettext(singular, plural, n) for category, n in samples.items()}

    def fill(self, pattern: str, **values: object) -> str:
        """A pattern that is no translation (`{label}: {answer}`) filled as a
        translated text is."""
        return Message(pattern, self.locale).format(**values)


class Message(str):
    """A text in the pledger's language whose placeholders are filled as that language
    needs: numbers as the locale writes them (`1 234` in French), and in a
    right-to-left language each value set apart in Unicode isolates, so that a
    reference (`P2C-2026-00042`), a Latin name, an amount or a link keeps its order
    inside Arabic text and moves no word around it. Telegram, Slack and terminals that
    lay out bidirectional text honour isolates (a line takes the direction of its first
    letter outside them, so one with no letter of its own, `{reference} ({status})`,
    starts with a right-to-left mark); in a left-to-right language nothing is added.
    Every `ctx._(...).format(...)` goes through here: values are placed in this one
    place."""

    locale: str

    def __new__(cls, text: str, locale: str) -> Message:
        message = super().__new__(cls, text)
        message.locale = locale
        return message

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        """Copied and pickled with its locale (a reply's text may be a Message)."""
        return (str(self), self.locale)

    def format(self, *args: object, **kwargs: object) -> str:
        filled = str.format(self, *(shown(a, self.locale) for a in args),
                            **{key: shown(value, self.locale) for key, value in kwargs.items()})
        if right_to_left(self.locale) and not _writes_right_to_left(self):
            return RLM + filled
        return filled


def _writes_right_to_left(pattern: str) -> bool:
    """The pattern's own words (not its placeholders) include a right-to-left letter."""
    return any(unicodedata.bidirectional(char) in ("R", "AL")
               for literal, *_ in Formatter().parse(pattern) for char in literal)


def shown(value: object, locale: str) -> str:
    """A value as placed in a text of `locale`: a number formatted by Babel, and
    isolated where the language is written right to left."""
    if isinstance(value, int | Decimal | float) and not isinstance(value, bool):
        text = format_decimal(value, locale=locale)
    else:
        text = str(value)
    return f"{FSI}{text}{PDI}" if text and right_to_left(locale) else text


@cache
def right_to_left(locale: str) -> bool:
    try:
        return Locale.parse(locale).text_direction == "rtl"
    except (UnknownLocaleError, ValueError, TypeError):
        return False


class Catalogs:
    def __init__(self, locales_dir: Path, default_language: str = "en") -> None:
        self._dir = locales_dir
        self._default = default_language
        self._loaded: dict[str, NullTranslations] = {}
        self._available = sorted(p.parent.parent.name
                                 for p in locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
        """Read once: catalogs change with a release, and a turn asks several times."""

    def available(self) -> list[str]:
        return list(self._available)

    def has(self, requested: str) -> bool:
        """Whether a catalog answers the language asked for (`fr-CA` by `fr`, say)."""
        return self._negotiated(requested) is not None

    def _negotiated(self, requested: str) -> str | None:
        return negotiate_locale([requested.replace("-", "_")], self._available)

    def best_match(self, requested: str | None) -> str:
        """`pt-BR` → `pt_BR` if we have it, else `pt`, else the default language (Babel's
        negotiation, as for an Accept-Language header)."""
        if not requested:
            return self._default
        found = self._negotiated(requested) or ""
        return next((a for a in self._available if a.casefold() == found.casefold()),
                    self._default)

    def translator(self, language: str) -> Translator:
        language = self.best_match(language)
        if language not in self._loaded:
            self._loaded[language] = self._compile(language)
        return Translator(locale=language, translations=self._loaded[language])

    def _compile(self, language: str) -> NullTranslations:
        po_path = self._dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not po_path.exists():
            return NullTranslations()
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=language)
        buffer = BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return Translations(fp=buffer, domain=DOMAIN)
