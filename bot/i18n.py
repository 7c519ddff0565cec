"""Gettext catalogs for the bot's languages, read from `locales/*/LC_MESSAGES/*.po`.

The `.po` files are compiled in memory when first needed, so there is no build step and
no compiled `.mo` file that could fall out of date with its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel import Locale, negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "messages"
PLURAL_SAMPLES = (*range(200), 1_000_000)
"""Enough whole numbers to meet each plural category CLDR gives whole numbers in the
bot's languages: Arabic's `other` is first at 100, French and Spanish `many` at a
million."""


@dataclass(frozen=True)
class Translator:
    """What a flow needs to speak the pledger's language."""

    locale: str
    translations: NullTranslations

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form for `n` by the catalog's plural rule (Russian has three forms,
        Chinese one); without a catalog, the English rule. `singular` and `plural` are
        the English msgids."""
        return self.translations.ngettext(singular, plural, n)

    def by_plural_category(self, singular: str, plural: str) -> dict[str, str]:
        """A message's forms by CLDR plural category (`one`, `few`, `other`...), for a
        browser script that picks one with `Intl.PluralRules` for counts known only
        there; each form is the catalog's for a number of that category."""
        rule = Locale.parse(self.locale).plural_form
        samples: dict[str, int] = {}
        for n in PLURAL_SAMPLES:
            samples.setdefault(rule(n), n)
        return {category: self.ngettext(singular, plural, n) for category, n in samples.items()}


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
        return negotiate_locale([requested.replace("-", "_")], self._available) is not None

    def best_match(self, requested: str | None) -> str:
        """`pt-BR` → `pt_BR` if we have it, else `pt`, else the default language (Babel's
        negotiation, as for an Accept-Language header)."""
        if not requested:
            return self._default
        found = negotiate_locale([requested.replace("-", "_")], self._available) or ""
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
