"""What each key in the annual report is called, in the report's language: taxonomy
labels (English msgids, translated where shown), UN M49 region names and the reporting
statuses. A key the taxonomy no longer has is shown as stored rather than dropped."""

from __future__ import annotations

from dataclasses import dataclass

from bot.flows.formatting import SDG_NUMBER
from bot.flows.model import N_
from bot.i18n import Translator
from bot.regions import UNKNOWN_REGION
from bot.taxonomy import Option, Taxonomy
from storage.annual import GLOBAL_REGION
from vocabulary import ReportingStatus

REGION_NAMES = {
    "Africa": N_("Africa"),
    "Americas": N_("Americas"),
    "Asia": N_("Asia"),
    "Europe": N_("Europe"),
    "Oceania": N_("Oceania"),
    GLOBAL_REGION: N_("Global"),
    UNKNOWN_REGION: N_("Unknown region"),
}
STATUS_NAMES = {
    ReportingStatus.NO_REPORT: N_("No report"),
    ReportingStatus.ON_TRACK: N_("On track"),
    ReportingStatus.DELAYED: N_("Delayed"),
    ReportingStatus.COMPLETED: N_("Completed"),
    ReportingStatus.DISCONTINUED: N_("Discontinued"),
}
GROUP_NAMES = {
    "ldc": N_("Least Developed Countries (LDCs)"),
    "lldc": N_("Landlocked Developing Countries (LLDCs)"),
    "sids": N_("Small Island Developing States (SIDS)"),
}


def _label(options: tuple[Option, ...], key: str) -> str:
    return next((o.label for o in options if o.id == key), key)


@dataclass(frozen=True)
class ReportLabels:
    taxonomy: Taxonomy
    translator: Translator

    def _(self, message: str) -> str:
        return self.translator.gettext(message)

    def sector(self, key: str) -> str:
        return self._(_label(self.taxonomy.sectors, key))

    def pledge_type(self, key: str) -> str:
        return self._(_label(self.taxonomy.pledge_types, key))

    def focus_area(self, key: str) -> str:
        found = self.taxonomy.focus_area(key)
        return self._(found.label) if found else key

    def pillar(self, focus_area: str, key: str) -> str:
        found = self.taxonomy.focus_area(focus_area)
        return self._(_label(found.pillars, key)) if found else key

    def beneficiary_group(self, key: str) -> str:
        return self._(_label(self.taxonomy.beneficiary_groups, key))

    def sdg(self, key: str) -> str:
        number = int(key)
        label = next((s.label for s in self.taxonomy.sdgs if s.number == number), "")
        goal = self._(SDG_NUMBER).format(number=number)
        return f"{goal}: {self._(label)}" if label else goal

    def region(self, key: str) -> str:
        return self._(REGION_NAMES.get(key, key))

    def status(self, key: ReportingStatus) -> str:
        return self._(STATUS_NAMES[key])

    def group(self, key: str) -> str:
        return self._(GROUP_NAMES[key])
