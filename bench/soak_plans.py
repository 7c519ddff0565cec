"""What each simulated pledger means to say, and what must therefore be stored.

Pledgers alternate between Telegram and Slack. Every fifth one (about) shares an
organization with others, typed in another case or spacing, so several people register
the same organization at the same moment. Titles are unique per pledger: a stored pledge
is matched to its pledger by (channel, user) and title."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

TELEGRAM, SLACK = "telegram", "slack"
FIRST_TELEGRAM_USER = 5_100_000
ORGANIZATIONS = (
    ("Sahel Connect", "Civil society / NGO", "Senegal"),
    ("Pacific Links", "Private sector", "Fiji"),
    ("Andes Digital", "Government", "Bolivia"),
    ("Mekong Net", "Academia", "Laos"),
    ("Nile Bridge Telecom", "Private sector", "Uganda"),
    ("Himalaya Reach", "Civil society / NGO", "Nepal"),
    ("Caribbean Wave", "Government", "Jamaica"),
    ("Kalahari Fibre", "Private sector", "Botswana"),
)
IMPLEMENTATION = ("Kenya, Uganda", "Senegal, Mali", "Nepal", "Fiji, Samoa", "Bolivia")
FOCUS_AREA = "Connect people / resilient connectivity (ACCESS)"
PILLAR = "Infrastructure"
PLEDGE_TYPE = "Financial"
GROUPS = {"Women and girls": "women_girls", "Youth": "youth", "Children": "children",
          "Rural communities": "rural", "SMEs": "smes", "The general public": "general_public"}
SDGS = ("1", "4", "5", "9", "10", "17")
DISBURSED = "100k"
IN_PROGRESS = "in_progress"


@dataclass(frozen=True)
class Plan:
    index: int
    channel: str
    organization: str
    sector: str
    country: str
    title: str
    description: str
    countries: str
    amount: str
    groups: tuple[str, ...]
    sdgs: tuple[str, ...]
    start: str
    end: str
    partners: str | None
    percent: str
    people: str
    reached: tuple[str, ...]
    narrative: str
    evidence: str

    @property
    def external_id(self) -> str:
        """The pledger's id on its channel, as the bot stores it."""
        if self.channel == TELEGRAM:
            return str(FIRST_TELEGRAM_USER + self.index)
        return f"U{self.index:08d}"

    @property
    def organization_key(self) -> str:
        return " ".join(self.organization.casefold().split())

    def expected_pledge(self) -> dict[str, object]:
        return {"title": self.title, "description": self.description,
                "amount": Decimal((self.index + 1) * 1_000_000), "currency": "USD",
                "beneficiary_groups": sorted(GROUPS[g] for g in self.groups),
                "sdgs": sorted(int(n) for n in self.sdgs),
                "organization": self.organization_key}

    def expected_report(self) -> dict[str, object]:
        return {"status": IN_PROGRESS, "percent_done": int(self.percent),
                "people_reached": int(self.people), "narrative": self.narrative}


def make_plans(count: int) -> list[Plan]:
    shared = max(2, min(len(ORGANIZATIONS), count // 5))
    return [_plan(i, shared) for i in range(count)]


def _plan(i: int, shared: int) -> Plan:
    name, sector, country = ORGANIZATIONS[i % shared]
    if (i // shared) % 2:
        name = "  ".join(name.upper().split())
    labels = list(GROUPS)
    return Plan(
        index=i, channel=TELEGRAM if i % 2 == 0 else SLACK, organization=name,
        sector=sector, country=country,
        title=f"Soak pledge {i:03d}: rural broadband",
        description=f"Towers and backhaul for {10 + i} villages, pledged by soak pledger {i}.",
        countries=IMPLEMENTATION[i % len(IMPLEMENTATION)], amount=f"{i + 1} million USD",
        groups=(labels[i % len(labels)], labels[(i + 2) % len(labels)]),
        sdgs=(SDGS[i % len(SDGS)], SDGS[(i + 3) % len(SDGS)]),
        start="June 2027", end="end of 2028",
        partners="GSMA, World Bank" if i % 3 == 0 else None,
        percent=str(10 + i % 80), people=str(1000 + i),
        reached=(labels[(i + 1) % len(labels)],),
        narrative=f"Soak report {i}: towers are up in {3 + i % 7} villages so far.",
        evidence=f"https://example.org/soak/{i}")
