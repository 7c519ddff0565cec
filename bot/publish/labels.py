"""The site's words in its language. The records keep the English labels and the keys
the feeds publish (data, the same in every language); a page shows each label through
the catalog (the taxonomy's English labels are its msgids), country names as CLDR gives
them in the language, region and country-group names, and dates, numbers and amounts as
the locale writes them."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent
from babel.units import format_unit

from bot.annual.labels import GROUP_NAMES, REGION_NAMES
from bot.countries import CountryDirectory
from bot.flows.formatting import SDG_NUMBER
from bot.i18n import Translator, right_to_left
from bot.publish.records import Country, PublicRecord, TargetGroup
from bot.taxonomy import Taxonomy


@dataclass
class SiteLabels:
    translator: Translator
    taxonomy: Taxonomy
    countries: CountryDirectory
    _names: dict[str, str] = field(default_factory=dict)

    @property
    def locale(self) -> str:
        return self.translator.locale

    @property
    def language(self) -> str:
        """The page's `lang`: a BCP 47 tag (`zh-Hant`, not Babel's `zh_Hant`)."""
        return self.locale.replace("_", "-")

    @property
    def direction(self) -> str:
        return "rtl" if right_to_left(self.locale) else "ltr"

    @property
    def script_locale(self) -> str:
        """The locale the index's script gives `Intl`, with the Latin digits Babel
        writes (and the chat shows), so the totals the script redraws read as the ones
        written in the page: Arabic's CLDR default would be Arabic-Indic digits."""
        return f"{self.language}-u-nu-latn"

    def _(self, message: str) -> str:
        return self.translator.gettext(message)

    def text(self, label: str) -> str:
        """A label the records hold in English (a taxonomy label or a key no longer
        listed, shown as stored), in the site's language."""
        return self._(label) if label else label

    def country(self, iso3: str) -> str:
        if iso3 not in self._names:
            self._names[iso3] = self.countries.name(iso3, self.locale)
        return self._names[iso3]

    def countries_of(self, countries: list[Country]) -> str:
        return self.join([self.country(c.iso3) for c in countries])

    def regions_of(self, record: PublicRecord) -> str:
        return self.join([self.region(r) for r in record.regions])

    def groups_of(self, record: PublicRecord) -> str:
        return self.join([self.group(g) for g in record.groups])

    def beneficiaries_of(self, record: PublicRecord) -> str:
        return self.join([self.text(b) for b in record.beneficiary_labels])

    def sdgs_of(self, record: PublicRecord) -> str:
        """`SDG 4: Quality education; SDG 5: Gender equality`: a goal's name may hold
        commas of its own, so goals are set apart by semicolons."""
        return "; ".join(self.sdg(n) for n in record.pledge.sdgs)

    def region(self, key: str) -> str:
        return self._(REGION_NAMES.get(key, key))

    def group(self, group: TargetGroup) -> str:
        return self._(GROUP_NAMES[group.value])

    def sdg(self, number: int) -> str:
        label = next((s.label for s in self.taxonomy.sdgs if s.number == number), "")
        goal = self._(SDG_NUMBER).format(number=number)
        return f"{goal}: {self._(label)}" if label else goal

    def join(self, items: list[str]) -> str:
        """`A, B et C`, `A y B`, `A وB`, `A、B和C`: as the chat lists them."""
        return format_list(items, locale=self.locale) if items else ""

    def count(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def percent(self, value: int) -> str:
        return format_percent(Decimal(value) / 100, locale=self.locale)

    def date(self, moment: date | None) -> str:
        """`June 3, 2026`, `3 juin 2026` (a time by its UTC day); empty for none."""
        if moment is None:
            return ""
        return _long_day(moment.date() if isinstance(moment, datetime) else moment,
                         self.locale)

    def usd(self, amount: Decimal) -> str:
        """Whole US dollars as the index's totals show them: `$2,725,000`,
        `2 725 000 $US`."""
        return _whole_usd(self.locale, amount.quantize(Decimal(1), ROUND_HALF_UP))

    def amount(self, amount: Decimal, currency: str | None) -> str:
        if currency is None:
            return format_decimal(amount, locale=self.locale)
        return format_currency(amount, currency, locale=self.locale)

    def size(self, size: int) -> str:
        """A story file's size: `1.2 MB`, `350 kB`, `1,2 Mo`."""
        if size >= 1_000_000:
            return format_unit(Decimal(size) / 1_000_000, "digital-megabyte", length="short",
                               format="#,##0.0", locale=self.locale)
        return format_unit(max(1, size // 1000), "digital-kilobyte", length="short",
                           locale=self.locale)

    def record_value(self, record: PublicRecord) -> str:
        """`€2,500,000.00 (about $2,725,000)`, or the amount and a word that no rate is
        on file for its currency yet; empty for a pledge without an amount."""
        pledge = record.pledge
        if pledge.amount is None:
            return ""
        shown = self.amount(pledge.amount, pledge.currency)
        if pledge.currency is None or pledge.currency == "USD":
            return shown
        if pledge.amount_usd is None:
            return self._("{amount} (no US dollar rate for {currency} on file yet)").format(
                amount=shown, currency=pledge.currency)
        return self._("{amount} (about {usd})").format(amount=shown,
                                                       usd=self.usd(pledge.amount_usd))

    def record_dates(self, record: PublicRecord) -> str:
        pledge = record.pledge
        start = self.date(pledge.start_date)
        if pledge.end_date is None:
            return self._("From {start}").format(start=start)
        return self._("{start} to {end}").format(start=start, end=self.date(pledge.end_date))

    def record_progress(self, record: PublicRecord) -> str:
        progress = record.pledge.progress
        if progress is None or record.progress_label is None:
            return self._("No progress report yet")
        status = self._(record.progress_label)
        reported = self.date(progress.reported_at)
        if progress.percent_done is None:
            return self._("{status} (reported {date})").format(status=status, date=reported)
        return self._("{status}, {percent} done (reported {date})").format(
            status=status, percent=self.percent(progress.percent_done), date=reported)


@cache
def _long_day(day: date, locale: str) -> str:
    """Formatted once per day: pledges share a few dates, and Babel is slow at 100k."""
    return format_date(day, format="long", locale=locale)


@cache
def _locale(locale: str) -> Locale:
    return Locale.parse(locale)


def _whole_usd(locale: str, amount: Decimal) -> str:
    """The locale's own currency pattern (the sign before or after, its spacing) with
    no decimals, as `Intl.NumberFormat` writes it with `maximumFractionDigits: 0`."""
    parsed = _locale(locale)
    pattern = copy.copy(parsed.currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    return str(pattern.apply(amount, parsed, currency="USD", currency_digits=False))
