"""The tables. Names follow the P2C vocabulary; every schema change is an Alembic
migration in `storage/migrations/versions/`."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import JSON, Column, Index, Numeric, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow
from vocabulary import (
    DEFAULT_CADENCE,
    DeliveryStatus,
    OutboxStatus,
    PledgeStatus,
    ReminderDefaults,
    Role,
    StoryStatus,
)

MONEY = Numeric(20, 2)


class SavedRow(Protocol):
    id: int | None


def saved_id(row: SavedRow) -> int:
    """The primary key of a row that is in the database (added and flushed, or loaded):
    SQLModel types it optional because a new object has none yet."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} is not saved yet")
    return row.id


def _timestamp(**kwargs: Any) -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, **kwargs)


class Organization(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    name_key: str = Field(max_length=200, unique=True, index=True,
                          description="normalized name, so one organization is one row")
    sector: str = Field(max_length=40)
    country: str = Field(max_length=3, description="ISO 3166-1 alpha-3 of origin")
    created_at: datetime = _timestamp()


class Pledger(SQLModel, table=True):
    """A chat identity: one person on one channel."""

    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    external_id: str = Field(max_length=100)
    display_name: str = Field(default="", max_length=200)
    language: str = Field(default="en", max_length=16)
    time_zone: str | None = Field(default=None, max_length=64)
    organization_id: int | None = Field(default=None, foreign_key="organization.id",
                                        index=True)
    role: str = Field(default=Role.PLEDGER, max_length=20)
    unreachable: bool = Field(default=False)
    reminder_hour: int = Field(default=ReminderDefaults.HOUR, ge=0, le=23)
    quiet_start: int = Field(default=ReminderDefaults.QUIET_START, ge=0, le=23)
    quiet_end: int = Field(default=ReminderDefaults.QUIET_END, ge=0, le=23)
    skip_weekends: bool = Field(default=ReminderDefaults.SKIP_WEEKENDS)
    created_at: datetime = _timestamp()


class Pledge(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    reference: str | None = Field(default=None, max_length=20, unique=True, index=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    pledger_id: int = Field(foreign_key="pledger.id", index=True)
    focus_area: str = Field(max_length=40)
    pillar: str = Field(max_length=40)
    pledge_type: str = Field(max_length=20)
    title: str = Field(max_length=200)
    description: str = Field(sa_column=Column(Text, nullable=False))
    is_global: bool = Field(default=False)
    targets_ldc: bool = Field(default=False)
    targets_lldc: bool = Field(default=False)
    targets_sids: bool = Field(default=False)
    amount: Decimal | None = Field(default=None, sa_type=MONEY)
    currency: str | None = Field(default=None, max_length=3)
    amount_usd: Decimal | None = Field(default=None, sa_type=MONEY)
    beneficiary_groups: list[str] = Field(default_factory=list,
                                          sa_column=Column(JSON, nullable=False))
    sdgs: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    start_date: date
    end_date: date | None = None
    status: str = Field(default=PledgeStatus.SUBMITTED, max_length=20)
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()
    submitted_at: datetime = _timestamp()
    progress_status: str | None = Field(default=None, max_length=20,
                                        description="from the latest progress report")
    last_reported_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reminder_cadence: str = Field(default=DEFAULT_CADENCE, max_length=20)
    next_reminder_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    reminders_paused: bool = Field(default=False)
    overdue: bool = Field(default=False)
    revision: int = Field(default=0, description="counts the pledger's edits, so a review "
                                                 "button decides on the version it showed")
    review_note: str | None = Field(default=None, sa_column=Column(Text),
                                    description="the secretariat's reason or requested change")
    reviewed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reviewed_by: int | None = Field(default=None, foreign_key="pledger.id")


class PledgeCountry(SQLModel, table=True):
    """A country of implementation; a table rather than a list so reports can group by it."""

    __tablename__ = "pledge_country"

    pledge_id: int = Field(foreign_key="pledge.id", primary_key=True, ondelete="CASCADE")
    country: str = Field(max_length=3, primary_key=True, index=True)


class PledgePartner(SQLModel, table=True):
    """A partner organization of a joint pledge, by name as the pledger typed it."""

    __tablename__ = "pledge_partner"

    id: int | None = Field(default=None, primary_key=True)
    pledge_id: int = Field(foreign_key="pledge.id", index=True, ondelete="CASCADE")
    position: int
    name: str = Field(max_length=200)


class Conversation(SQLModel, table=True):
    """Where a pledger is in a flow, so any process can serve the next turn."""

    __table_args__ = (UniqueConstraint("channel", "external_user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    external_user_id: str = Field(max_length=100)
    flow: str | None = Field(default=None, max_length=40)
    step: str | None = Field(default=None, max_length=60)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    history: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    editing: bool = Field(default=False)
    version: int = Field(default=0, description="counts changes; buttons carry it")
    last_press: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    updated_at: datetime = _timestamp()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)


class ProgressReport(SQLModel, table=True):
    __tablename__ = "progress_report"
    __table_args__ = (Index("ix_progress_report_latest", "pledge_id", "reported_at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    pledge_id: int = Field(foreign_key="pledge.id")
    pledger_id: int = Field(foreign_key="pledger.id")
    status: str = Field(max_length=20, description="not_started, in_progress, completed, "
                                                   "discontinued")
    percent_done: int | None = None
    amount_disbursed: Decimal | None = Field(default=None, sa_type=MONEY)
    people_reached: int | None = None
    beneficiary_groups: list[str] = Field(default_factory=list,
                                          sa_column=Column(JSON, nullable=False))
    narrative: str = Field(default="", sa_column=Column(Text, nullable=False))
    evidence_url: str | None = Field(default=None, max_length=2000)
    reported_at: datetime = _timestamp(index=True)


class AuditEvent(SQLModel, table=True):
    """Who changed what, when: the secretariat's answer to "why does this pledge say X"."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _timestamp(index=True)
    actor_pledger_id: int | None = Field(default=None, foreign_key="pledger.id")
    action: str = Field(max_length=40)
    entity: str = Field(max_length=40)
    entity_id: str = Field(max_length=40)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ProcessedDelivery(SQLModel, table=True):
    """An inbound update or event already handled: platforms deliver at least once, so
    its id is recorded in the same transaction as the turn it caused. The turn's replies
    are kept until they are known to be sent, so a re-delivery after a failed send sends
    them again instead of losing them; `status` and `attempt_at` say who sends them, so
    a retry racing the original never sends them twice."""

    __tablename__ = "processed_delivery"
    __table_args__ = (UniqueConstraint("channel", "delivery_id"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    delivery_id: str = Field(max_length=100)
    processed_at: datetime = _timestamp(index=True)
    replies: list[dict[str, Any]] = Field(default_factory=list,
                                          sa_column=Column(JSON, nullable=False))
    notice: str | None = Field(default=None, sa_column=Column(Text))
    status: str = Field(default=DeliveryStatus.ANSWERED, max_length=20)
    attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ReminderOutbox(SQLModel, table=True):
    """One reminder (or its follow-up) for one pledge and period. Unique, so however
    often and by however many workers it is enqueued, it exists once; its status says
    how far sending got: pending → claimed → sending → sent (or failed, or uncertain
    when a worker died while the platform had the message in hand)."""

    __tablename__ = "reminder_outbox"
    __table_args__ = (UniqueConstraint("pledge_id", "period", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    pledge_id: int = Field(foreign_key="pledge.id", index=True)
    period: str = Field(max_length=32)
    kind: str = Field(max_length=20)
    due_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    status: str = Field(default=OutboxStatus.PENDING, max_length=20, index=True)
    claimed_by: str | None = Field(default=None, max_length=100)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    attempts: int = Field(default=0)
    error: str | None = Field(default=None, max_length=500)


class DigestOutbox(SQLModel, table=True):
    """One digest for one period and destination: unique, so however many workers plan
    it, it is sent once; its status moves as a reminder's does (`ReminderOutbox`)."""

    __tablename__ = "digest_outbox"
    __table_args__ = (UniqueConstraint("period", "destination"),)

    id: int | None = Field(default=None, primary_key=True)
    period: str = Field(max_length=40, description="the period's end, ISO, or manual:<time>")
    destination: str = Field(max_length=200)
    since: datetime = Field(sa_type=UTCDateTime, nullable=False)
    due_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    status: str = Field(default=OutboxStatus.PENDING, max_length=20, index=True)
    claimed_by: str | None = Field(default=None, max_length=100)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    late: bool = Field(default=False, description="sent well after its time (worker down)")
    attempts: int = Field(default=0)
    error: str | None = Field(default=None, max_length=500)


class Story(SQLModel, table=True):
    """A pledger's best-practice story about one of their approved pledges: the
    secretariat approves it for the showcase (digest, annual report, published site)."""

    id: int | None = Field(default=None, primary_key=True)
    pledge_id: int = Field(foreign_key="pledge.id", index=True)
    pledger_id: int = Field(foreign_key="pledger.id")
    title: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default=StoryStatus.SUBMITTED, max_length=20, index=True)
    submitted_at: datetime = _timestamp()
    reviewed_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True,
                                         description="when it was approved or rejected")
    reviewed_by: int | None = Field(default=None, foreign_key="pledger.id")
    review_note: str | None = Field(default=None, sa_column=Column(Text),
                                    description="the secretariat's reason for a rejection")


class StoryFileRecord(SQLModel, table=True):
    """A photo or document of a story. The bytes are on disk under the stories
    directory at `stored_as`, named by their checksum; `name` is for display only and
    never part of a path, and `media_type` is what the bytes are, not what they claimed."""

    __tablename__ = "story_file"
    __table_args__ = (UniqueConstraint("story_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="story.id", index=True, ondelete="CASCADE")
    position: int
    name: str = Field(max_length=200)
    media_type: str = Field(max_length=40)
    size: int
    sha256: str = Field(max_length=64)
    stored_as: str = Field(max_length=80)
