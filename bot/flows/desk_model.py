"""What the secretariat is shown, as plain data: the effect handlers fill it from the
database (every figure an SQL aggregation) and `bot.flows.desk_views` words it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from bot.flows.model import Attachment
from vocabulary import ExportFormat


@dataclass(frozen=True)
class ReviewEntry:
    """A pledge as the secretariat reviews it: in full, with who made it."""

    reference: str
    revision: int
    status: str
    organization: str
    sector: str
    pledger: str
    submitted_on: date
    answers: Mapping[str, Any]
    review_note: str | None = None
    reviewed_by: str | None = None
    reviewed_on: date | None = None


class DecisionResult(StrEnum):
    DONE = "done"
    ALREADY = "already"
    """The pledge is no longer under review (decided before: a double tap, a colleague)."""
    CHANGED = "changed"
    """The pledger edited it after it was shown: shown again to decide on what it says."""
    GONE = "gone"


@dataclass(frozen=True)
class DecisionOutcome:
    result: DecisionResult
    reference: str
    status: str = ""
    entry: ReviewEntry | None = None


@dataclass(frozen=True)
class Count:
    """One line of a breakdown: pledges and their US dollar value."""

    key: str
    pledges: int
    usd: Decimal


@dataclass(frozen=True)
class Figures:
    """Totals now (or of one period), as /stats and the digest show them."""

    pledges: int
    organizations: int
    countries: int
    usd: Decimal
    without_usd: int
    """Pledges with an amount but no US dollar rate yet: left out of `usd`, said so."""
    by_focus_area: tuple[Count, ...] = ()
    by_type: tuple[Count, ...] = ()
    by_sector: tuple[Count, ...] = ()
    targeting: Mapping[str, int] = field(default_factory=dict)
    """ldc, lldc, sids: pledges that target at least one such country."""
    reported: int = 0
    """Approved pledges with a progress report in the period."""
    approved: int = 0
    under_review: int = 0
    overdue: int = 0
    undelivered: int = 0

    @property
    def reporting_rate(self) -> Decimal | None:
        return Decimal(self.reported) / self.approved if self.approved else None


class AttentionKind(StrEnum):
    OVERDUE = "overdue"
    UNCERTAIN = "uncertain"
    FAILED = "failed"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class AttentionItem:
    """Something the secretariat should act on: a pledge whose report is overdue, or a
    reminder that may not have arrived."""

    kind: AttentionKind
    reference: str
    organization: str
    title: str
    since: datetime
    pledger: str


@dataclass(frozen=True)
class ExportOutcome:
    format: ExportFormat
    pledges: int
    attachment: Attachment


@dataclass(frozen=True)
class DigestQueued:
    """/digest: the digest as it reads now, and where it is on its way to."""

    digest: Digest
    destinations: tuple[str, ...]


@dataclass(frozen=True)
class Refused:
    """A secretariat action by someone who is not a member: nothing changed."""

    action: str


@dataclass(frozen=True)
class NewPledge:
    reference: str
    title: str
    organization: str
    focus_area: str
    usd: Decimal | None
    has_amount: bool


@dataclass(frozen=True)
class TimelinePoint:
    month: str
    focus_area: str
    pledges: int
    usd: Decimal


@dataclass(frozen=True)
class StoryInDigest:
    """A best-practice story approved in the digest's period."""

    title: str
    organization: str
    pledge_reference: str


@dataclass(frozen=True)
class Digest:
    """One digest: what is new in [since, until), the figures now, and what needs the
    secretariat (the review queue, overdue pledges, reminders not delivered)."""

    since: datetime
    until: datetime
    figures: Figures
    new_pledges: tuple[NewPledge, ...]
    new_total: int
    queue: tuple[ReviewEntry, ...]
    attention: tuple[AttentionItem, ...]
    attention_total: int
    timeline: tuple[TimelinePoint, ...]
    late: bool = False
    stories: tuple[StoryInDigest, ...] = ()
