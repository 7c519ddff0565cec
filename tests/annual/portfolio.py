"""A small coalition whose 2026 annual report is worked out by hand below, so the
report's JSON, workbook, HTML and PDF can each be checked against the same numbers.

Approved pledges made by the end of 2026 (the report's scope):
  P1 ACME Telecom (private, France → Europe), 2025-06-01, access, financial,
     US$1,000,000; Kenya + Uganda (Africa; Uganda LDC and LLDC); rural, women & girls;
     SDGs 9, 5; partner GSMA; ends 2027-12-31. Reports: 2025-12-01 in progress,
     US$100,000 disbursed; 2027-01-10 completed (after the year: ignored).
     → on track, not reported on in 2026.
  P2 ACME Telecom, 2026-03-10, adoption, policy, no amount; Fiji (Oceania, SIDS);
     youth; SDG 4; 2026-04-01 to 2026-10-31. Report: 2026-09-15 not started → delayed.
  P3 Kenya ICT Authority (government, Kenya → Africa), 2026-05-05, access, financial,
     €920,000 = US$1,000,000 at 0.92; Kenya; rural; SDG 9; partners ITU, World Bank.
     Report: 2026-11-30 completed, €460,000 disbursed = US$500,000 → completed.
  P4 Connect NGO (civil society, United States → Americas), 2026-08-20,
     value creation, programme, UGX 50,000,000 (no rate on file); global; general
     public; SDG 17. No report.
Left out: P5 submitted (not approved), P6 approved but made in 2027, P7 withdrawn
(its report too), P8 rejected.

Stories: one approved in 2026 (on P3, with a photo), one approved in 2025 and one
still waiting: only the first is the year's.
"""

from __future__ import annotations

import struct
import zlib
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

from sqlmodel import Session

from bot.stories.files import StoryFileStore
from storage.db import Database
from storage.models import (
    Organization,
    Pledge,
    PledgeCountry,
    PledgePartner,
    Pledger,
    ProgressReport,
    Story,
    StoryFileRecord,
    saved_id,
)
from vocabulary import PledgeStatus, StoryStatus

PLEDGER_NAMES = ("Wanjiru Secretname", "Jean Hiddenperson", "Amara Privatename")
STORY_TITLE = "Towers powered by the sun"


def moment(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def png_bytes(width: int = 4, height: int = 3) -> bytes:
    """A real, tiny PNG (the story's photo)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + b"\x20\x80\x40" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


class Expected:
    """The 2026 figures, by hand."""

    pledges = 4
    new_in_year = 3
    usd = 2_000_000.0
    organizations = 3
    countries = 3
    global_pledges = 1
    without_usd = 1
    by_sector: ClassVar[dict[Any, Any]] = {
        "private": (2, 1_000_000.0), "government": (1, 1_000_000.0),
        "civil_society": (1, 0.0)}
    by_type: ClassVar[dict[Any, Any]] = {
        "financial": (2, 2_000_000.0), "policy": (1, 0.0), "programme": (1, 0.0)}
    by_focus_area: ClassVar[dict[Any, Any]] = {
        "access": (2, 2_000_000.0), "adoption": (1, 0.0),
        "value_creation": (1, 0.0)}
    by_origin_region: ClassVar[dict[Any, Any]] = {
        "Europe": (2, 1_000_000.0), "Africa": (1, 1_000_000.0),
        "Americas": (1, 0.0)}
    by_implementation_region: ClassVar[dict[Any, Any]] = {
        "Africa": (2, 2_000_000.0), "Oceania": (1, 0.0),
        "Global": (1, 0.0)}
    region_pairs: ClassVar[dict[Any, Any]] = {
        ("Europe", "Africa"): 1, ("Europe", "Oceania"): 1,
        ("Africa", "Africa"): 1, ("Americas", "Global"): 1}
    targeting: ClassVar[dict[Any, Any]] = {
        "ldc": (1, 1_000_000.0), "lldc": (1, 1_000_000.0), "sids": (1, 0.0)}
    beneficiary_groups: ClassVar[dict[Any, Any]] = {
        "rural": (2, 2_000_000.0), "women_girls": (1, 1_000_000.0),
        "youth": (1, 0.0), "general_public": (1, 0.0)}
    sdgs: ClassVar[dict[Any, Any]] = {
        "4": 1, "5": 1, "9": 2, "17": 1}
    joint = (2, 2_000_000.0, 0.5)
    reporting_status: ClassVar[dict[Any, Any]] = {
        "no_report": 1, "on_track": 1, "delayed": 1, "completed": 1,
        "discontinued": 0}
    reporting_rate = 0.5
    rate_by_sector: ClassVar[dict[Any, Any]] = {
        "private": (2, 1, 0.5), "government": (1, 1, 1.0),
        "civil_society": (1, 0, 0.0)}
    financial = (2, 2_000_000.0, 600_000.0)
    """Financial pledges, US dollars pledged, US dollars disbursed by the year's end."""
    currencies: ClassVar[dict[Any, Any]] = {
        "EUR": (1, "0.92"), "USD": (1, "1"), "UGX": (1, None)}


def _pledge(session: Session, pledger: Pledger, number: int, **fields: Any) -> Pledge:
    values: dict[str, Any] = {
        "reference": f"P2C-2026-{number:05d}", "organization_id": pledger.organization_id,
        "pledger_id": saved_id(pledger), "focus_area": "access", "pillar": "infrastructure",
        "pledge_type": "financial", "title": f"Pledge {number}",
        "description": "A pledge of the fixture.", "start_date": date(2026, 1, 1),
        "status": PledgeStatus.APPROVED, "beneficiary_groups": [], "sdgs": []}
    countries = fields.pop("countries", ())
    partners = fields.pop("partners", ())
    values.update(fields)
    submitted = values["submitted_at"]
    values.setdefault("created_at", submitted)
    values.setdefault("updated_at", submitted)
    pledge = Pledge(**values)
    session.add(pledge)
    session.flush()
    for country in countries:
        session.add(PledgeCountry(pledge_id=saved_id(pledge), country=country))
    for position, name in enumerate(partners):
        session.add(PledgePartner(pledge_id=saved_id(pledge), position=position, name=name))
    return pledge


def _report(session: Session, pledge: Pledge, day: str, status: str,
            disbursed: str | None = None) -> None:
    session.add(ProgressReport(pledge_id=saved_id(pledge), pledger_id=pledge.pledger_id,
                               status=status, narrative=f"Report of {day}.",
                               amount_disbursed=Decimal(disbursed) if disbursed else None,
                               reported_at=moment(day)))


def _story(session: Session, pledge: Pledge, title: str, status: StoryStatus,
           reviewed: str | None, files: list[Any]) -> None:
    story = Story(pledge_id=saved_id(pledge), pledger_id=pledge.pledger_id, title=title,
                  body=f"{title}: what worked, in the pledger's words.", status=status,
                  submitted_at=moment("2025-01-01"),
                  reviewed_at=moment(reviewed) if reviewed else None)
    session.add(story)
    session.flush()
    for position, kept in enumerate(files):
        session.add(StoryFileRecord(story_id=saved_id(story), position=position,
                                    name=kept.name, media_type=kept.media_type,
                                    size=kept.size, sha256=kept.sha256,
                                    stored_as=kept.stored_as))


def seed_portfolio(db: Database, stories_dir: Path) -> None:
    photo = StoryFileStore(stories_dir).keep(png_bytes(), "../../etc/passwd.html")
    with db.transaction() as session:
        organizations = [Organization(name=name, name_key=name.casefold(), sector=sector,
                                      country=country)
                         for name, sector, country in (
                             ("ACME Telecom", "private", "FRA"),
                             ("Kenya ICT Authority", "government", "KEN"),
                             ("Connect NGO", "civil_society", "USA"))]
        session.add_all(organizations)
        session.flush()
        acme, kenya, ngo = (Pledger(channel="telegram", external_id=f"70{i}",
                                    display_name=PLEDGER_NAMES[i],
                                    organization_id=saved_id(organization))
                            for i, organization in enumerate(organizations))
        session.add_all([acme, kenya, ngo])
        session.flush()
        p1 = _pledge(session, acme, 1, submitted_at=moment("2025-06-01"),
                     amount=Decimal(1_000_000), currency="USD",
                     amount_usd=Decimal(1_000_000), countries=("KEN", "UGA"),
                     targets_ldc=True, targets_lldc=True,
                     beneficiary_groups=["rural", "women_girls"], sdgs=[9, 5],
                     partners=("GSMA",), start_date=date(2025, 7, 1),
                     end_date=date(2027, 12, 31))
        _report(session, p1, "2025-12-01", "in_progress", "100000")
        _report(session, p1, "2027-01-10", "completed", "1000000")
        p2 = _pledge(session, acme, 2, submitted_at=moment("2026-03-10"),
                     focus_area="adoption", pillar="digital_skills", pledge_type="policy",
                     countries=("FJI",), targets_sids=True, beneficiary_groups=["youth"],
                     sdgs=[4], start_date=date(2026, 4, 1), end_date=date(2026, 10, 31))
        _report(session, p2, "2026-09-15", "not_started")
        p3 = _pledge(session, kenya, 3, submitted_at=moment("2026-05-05"),
                     amount=Decimal(920_000), currency="EUR", amount_usd=Decimal(1_000_000),
                     countries=("KEN",), beneficiary_groups=["rural"], sdgs=[9],
                     partners=("ITU", "World Bank"), start_date=date(2026, 6, 1))
        _report(session, p3, "2026-11-30", "completed", "460000")
        p4 = _pledge(session, ngo, 4, submitted_at=moment("2026-08-20"),
                     focus_area="value_creation", pillar="digital_economy",
                     pledge_type="programme", amount=Decimal(50_000_000), currency="UGX",
                     amount_usd=None, is_global=True, beneficiary_groups=["general_public"],
                     sdgs=[17])
        _pledge(session, ngo, 5, submitted_at=moment("2026-09-01"),
                status=PledgeStatus.SUBMITTED, amount=Decimal(7), currency="USD",
                amount_usd=Decimal(7), countries=("BRA",), title="Waiting for review")
        _pledge(session, kenya, 6, submitted_at=moment("2027-01-05"),
                amount=Decimal(3), currency="USD", amount_usd=Decimal(3),
                countries=("NPL",), title="Made in 2027")
        p7 = _pledge(session, acme, 7, submitted_at=moment("2026-02-02"),
                     status=PledgeStatus.WITHDRAWN, amount=Decimal(5), currency="USD",
                     amount_usd=Decimal(5), countries=("IND",), title="Withdrawn pledge")
        _report(session, p7, "2026-03-03", "in_progress", "1")
        _pledge(session, ngo, 8, submitted_at=moment("2026-04-04"),
                status=PledgeStatus.REJECTED, countries=("CHN",), title="Rejected pledge")
        _story(session, p3, STORY_TITLE, StoryStatus.APPROVED, "2026-12-01", [photo])
        _story(session, p1, "Approved the year before", StoryStatus.APPROVED, "2025-12-20",
               [])
        _story(session, p4, "Still waiting for the secretariat", StoryStatus.SUBMITTED,
               None, [])
