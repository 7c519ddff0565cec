"""The pledges the open-data tests publish, stored directly (their review is not what is
tested here): six approved across every focus area, type, region and UN group, one with
an amount in a currency that has no US dollar rate, one global with a hostile title;
and pledges under review, rejected, withdrawn and sent back, which must appear nowhere.
Everything personal is a marked string, so a test can grep every written file for it.

The totals the tests expect, worked out by hand:

| ref | organization | focus area | type | countries | groups | USD |
|---|---|---|---|---|---|---|
| P1 | Sahel Connect | access | financial | NER, MLI | LDC, LLDC | 1,000,000 |
| P2 | Sahel Connect | adoption | programme | SEN | LDC | 270,000 (EUR 248,400) |
| P3 | Pacific Wave Telecom | access | financial | FJI, TON | SIDS | 500,000 |
| P4 | Pacific Wave Telecom | value_creation | policy | KEN | — | no rate (MMK) |
| P5 | Nepal ICT Ministry | accelerate | policy | NPL | LDC, LLDC | no amount |
| P6 | Nepal ICT Ministry | access | advocacy | global | — | 100,000 |

All: 6 pledges, 3 organizations, 7 countries, $1,870,000, 1 without a rate."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from PIL import Image

from storage.db import Database
from storage.models import Organization, Pledge, Pledger, ProgressReport, saved_id
from storage.pledges import add_pledge
from storage.stories import StoryFile, add_story
from vocabulary import PledgeStatus, StoryStatus

HOSTILE_TITLE = '</script><img src=x onerror="window.pwned=1">Hostile & "quoted"'
HOSTILE_DESCRIPTION = "<script>window.pwned=2</script> and <b>bold</b> claims"
FORMULA_PARTNER = '=HYPERLINK("http://evil.example","click")'
SUBMITTED_AT = datetime(2026, 6, 1, 9, tzinfo=UTC)
APPROVED_AT = datetime(2026, 6, 3, 9, tzinfo=UTC)


@dataclass(frozen=True)
class Totals:
    pledges: int
    organizations: int
    countries: int
    usd: str
    without_rate: int = 0


ALL = Totals(6, 3, 7, "$1,870,000", 1)
ACCESS = Totals(3, 3, 4, "$1,600,000")
LDC = Totals(3, 2, 4, "$1,270,000")
SEARCH_PACIFIC = Totals(2, 1, 3, "$500,000", 1)
OCEANIA = Totals(1, 1, 2, "$500,000")
POLICY_IN_NEPAL = Totals(1, 1, 1, "$0")
CHART_ALL = {"access": 3, "adoption": 1, "value_creation": 1, "accelerate": 1}


@dataclass
class Seeded:
    approved: dict[str, str] = field(default_factory=dict)
    """P1…P6 → stored reference."""
    unpublished: list[str] = field(default_factory=list)
    """References of pledges that are not approved."""
    secrets: list[str] = field(default_factory=list)
    """Strings that must appear in no published file."""
    image_sha256: str = ""
    pdf_sha256: str = ""
    refused_sha256: list[str] = field(default_factory=list)


def _organization(session, name: str, sector: str, country: str) -> Organization:
    organization = Organization(name=name, name_key=name.casefold(), sector=sector,
                                country=country)
    session.add(organization)
    session.flush()
    return organization


def _pledger(session, organization: Organization, number: int, seeded: Seeded) -> Pledger:
    name, external = f"Secret Pledger Name {number}", f"SECRET-EXTERNAL-ID-{number}"
    pledger = Pledger(channel="telegram", external_id=external, display_name=name,
                      organization_id=organization.id)
    session.add(pledger)
    session.flush()
    seeded.secrets += [name, external]
    return pledger


def _pledge(session, pledger: Pledger, *, title: str, focus_area: str, pillar: str,
            pledge_type: str, countries: list[str], status: PledgeStatus = PledgeStatus.APPROVED,
            amount: str | None = None, currency: str | None = None, usd: str | None = None,
            ldc: bool = False, lldc: bool = False, sids: bool = False,
            is_global: bool = False, partners: tuple[str, ...] = (),
            description: str = "What the pledge does.") -> Pledge:
    pledge = Pledge(
        organization_id=pledger.organization_id, pledger_id=saved_id(pledger),
        focus_area=focus_area, pillar=pillar, pledge_type=pledge_type, title=title,
        description=description, is_global=is_global, targets_ldc=ldc, targets_lldc=lldc,
        targets_sids=sids, amount=Decimal(amount) if amount else None, currency=currency,
        amount_usd=Decimal(usd) if usd else None, beneficiary_groups=["youth", "women_girls"],
        sdgs=[4, 9], start_date=date(2026, 7, 1), end_date=date(2028, 6, 30), status=status,
        submitted_at=SUBMITTED_AT, reviewed_at=APPROVED_AT,
        review_note=f"SECRET REVIEW NOTE on {title}", reviewed_by=pledger.id)
    return add_pledge(session, pledge, countries, list(partners))


def _stored_file(stories_dir: Path, content: bytes, media_type: str, name: str,
                 extension: str, *, claimed_sha256: str | None = None) -> StoryFile:
    sha256 = hashlib.sha256(content).hexdigest()
    stored_as = f"{sha256[:2]}/{sha256}.{extension}"
    (stories_dir / stored_as).parent.mkdir(parents=True, exist_ok=True)
    (stories_dir / stored_as).write_bytes(content)
    return StoryFile(name=name, media_type=media_type, sha256=claimed_sha256 or sha256,
                     size=len(content), stored_as=stored_as)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (0, 94, 168)).save(buffer, format="PNG")
    return buffer.getvalue()


def _story(session, pledge: Pledge, pledger: Pledger, title: str, files: list[StoryFile],
           status: StoryStatus = StoryStatus.APPROVED) -> None:
    story = add_story(session, pledge_id=saved_id(pledge), pledger_id=saved_id(pledger),
                      title=title, body=f"{title}: what worked, and for whom.", files=files,
                      now=SUBMITTED_AT)
    story.status = status
    story.reviewed_at = APPROVED_AT if status is StoryStatus.APPROVED else None
    story.review_note = "SECRET STORY REVIEW NOTE"
    session.add(story)


def seed(database: Database, stories_dir: Path) -> Seeded:
    seeded = Seeded()
    with database.transaction() as session:
        sahel = _organization(session, "Sahel Connect", "civil_society", "SEN")
        pacific = _organization(session, "Pacific Wave Telecom", "private", "FJI")
        nepal = _organization(session, "Nepal ICT Ministry", "government", "NPL")
        hidden = _organization(session, "Hidden Organization XYZZY", "academia", "FRA")
        seeded.secrets.append(hidden.name)
        aminata, tevita, sita, ghost = (_pledger(session, org, n, seeded) for n, org in
                                        enumerate((sahel, pacific, nepal, hidden), start=1))
        p1 = _pledge(session, aminata, title="Rural towers in the Sahel", focus_area="access",
                     pillar="infrastructure", pledge_type="financial",
                     countries=["NER", "MLI"], amount="1000000", currency="USD",
                     usd="1000000", ldc=True, lldc=True, partners=("Niger Telecom",))
        p2 = _pledge(session, aminata, title="Digital skills for girls", focus_area="adoption",
                     pillar="digital_skills", pledge_type="programme", countries=["SEN"],
                     amount="248400", currency="EUR", usd="270000", ldc=True)
        p3 = _pledge(session, tevita, title="Affordable island broadband",
                     focus_area="access", pillar="affordability", pledge_type="financial",
                     countries=["FJI", "TON"], amount="500000", currency="USD", usd="500000",
                     sids=True)
        p4 = _pledge(session, tevita, title="E-government services",
                     focus_area="value_creation", pillar="e_services", pledge_type="policy",
                     countries=["KEN"], amount="5000000000", currency="MMK",
                     partners=(FORMULA_PARTNER,))
        p5 = _pledge(session, sita, title="Spectrum policy reform", focus_area="accelerate",
                     pillar="policy_regulation", pledge_type="policy", countries=["NPL"],
                     ldc=True, lldc=True)
        p6 = _pledge(session, sita, title=HOSTILE_TITLE, focus_area="access",
                     pillar="cybersecurity", pledge_type="advocacy", countries=[],
                     is_global=True, amount="100000", currency="USD", usd="100000",
                     description=HOSTILE_DESCRIPTION)
        for key, pledge in zip(("P1", "P2", "P3", "P4", "P5", "P6"),
                               (p1, p2, p3, p4, p5, p6), strict=True):
            seeded.approved[key] = str(pledge.reference)
        hidden_pledges = [
            _pledge(session, ghost, title="Unapproved pledge XYZZY-SUBMITTED",
                    focus_area="access", pillar="infrastructure", pledge_type="financial",
                    countries=["TCD"], status=PledgeStatus.SUBMITTED, amount="7777777",
                    currency="USD", usd="7777777"),
            _pledge(session, aminata, title="Rejected pledge XYZZY-REJECTED",
                    focus_area="adoption", pillar="content", pledge_type="advocacy",
                    countries=["BFA"], status=PledgeStatus.REJECTED),
            _pledge(session, ghost, title="Withdrawn pledge XYZZY-WITHDRAWN",
                    focus_area="access", pillar="infrastructure", pledge_type="policy",
                    countries=["HTI"], status=PledgeStatus.WITHDRAWN),
            _pledge(session, tevita, title="Sent back pledge XYZZY-CHANGES",
                    focus_area="accelerate", pillar="partnerships", pledge_type="policy",
                    countries=["VUT"], status=PledgeStatus.CHANGES_REQUESTED),
        ]
        seeded.unpublished = [str(p.reference) for p in hidden_pledges]
        seeded.secrets += [p.title for p in hidden_pledges] + ["SECRET REVIEW NOTE",
                                                               "SECRET STORY REVIEW NOTE"]
        session.add_all([
            ProgressReport(pledge_id=saved_id(p1), pledger_id=saved_id(aminata),
                           status="in_progress", percent_done=20,
                           narrative="SECRET NARRATIVE call +41 79 555 0101",
                           reported_at=datetime(2026, 8, 1, tzinfo=UTC)),
            ProgressReport(pledge_id=saved_id(p1), pledger_id=saved_id(aminata),
                           status="in_progress", percent_done=40,
                           narrative="SECRET NARRATIVE again",
                           reported_at=datetime(2026, 10, 1, tzinfo=UTC)),
            ProgressReport(pledge_id=saved_id(p3), pledger_id=saved_id(tevita),
                           status="completed", percent_done=100,
                           reported_at=datetime(2026, 9, 15, tzinfo=UTC)),
        ])
        seeded.secrets.append("SECRET NARRATIVE")
        image = _stored_file(stories_dir, _png(), "image/png", "towers.png", "png")
        pdf = _stored_file(stories_dir, b"%PDF-1.4\n% a story's document\n%%EOF\n",
                           "application/pdf", "report.pdf", "pdf")
        page = _stored_file(stories_dir, b"<html><script>alert(1)</script></html>",
                            "text/html", "evil-page.html", "html")
        tampered = _stored_file(stories_dir, b"changed after upload", "image/jpeg",
                                "changed.jpg", "jpg", claimed_sha256="0" * 64)
        seeded.image_sha256, seeded.pdf_sha256 = image.sha256, pdf.sha256
        seeded.refused_sha256 = [page.sha256, tampered.sha256]
        _story(session, p1, aminata, "Towers that villagers maintain",
               [image, pdf, page, tampered])
        _story(session, p3, tevita, "SECRET UNAPPROVED STORY", [], StoryStatus.SUBMITTED)
        _story(session, hidden_pledges[1], aminata, "SECRET STORY OF A REJECTED PLEDGE", [])
        seeded.secrets += ["SECRET UNAPPROVED STORY", "SECRET STORY OF A REJECTED PLEDGE"]
    return seeded


def seed_many(database: Database, count: int) -> None:
    """`count` approved pledges of one organization, for the index's paging."""
    with database.transaction() as session:
        organization = _organization(session, "Many Pledges Alliance", "other", "KEN")
        pledger = _pledger(session, organization, 99, Seeded())
        for number in range(count):
            _pledge(session, pledger, title=f"Pledge number {number + 1}", focus_area="access",
                    pillar="infrastructure", pledge_type="financial", countries=["KEN"],
                    amount="1000", currency="USD", usd="1000")
