"""The vocabularies stored in the tables and used by the flows, each named once: a
separate package so that storage (which knows nothing of the bot) and the pure flows
(which know nothing of storage) share them. Values are the strings in the database, so
a `StrEnum` compares equal to what a query returns."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    CONSOLE = "console"
    TELEGRAM = "telegram"
    SLACK = "slack"


class Role(StrEnum):
    """What a chat identity may do: every secretariat action checks for SECRETARIAT."""

    PLEDGER = "pledger"
    SECRETARIAT = "secretariat"


class PledgeStatus(StrEnum):
    """The secretariat's review of a pledge."""

    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    CHANGES_REQUESTED = "changes_requested"
    WITHDRAWN = "withdrawn"


class StoryStatus(StrEnum):
    """The secretariat's review of a best-practice story: approved ones are showcased."""

    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"


class ProgressStatus(StrEnum):
    """The pledger's latest progress report."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DISCONTINUED = "discontinued"


class ReportingStatus(StrEnum):
    """Where a pledge stands in the annual report, from its latest progress report."""

    NO_REPORT = "no_report"
    ON_TRACK = "on_track"
    DELAYED = "delayed"
    COMPLETED = "completed"
    DISCONTINUED = "discontinued"


class Cadence(StrEnum):
    """How often a pledger is asked to report."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"

    @property
    def months(self) -> int:
        return {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3, Cadence.HALF_YEARLY: 6,
                Cadence.YEARLY: 12}[self]


class ReminderKind(StrEnum):
    """What the pledge outbox pushes to a pledger: a reminder, its follow-up, or the
    secretariat's review decision (sent with the same exactly-once discipline)."""

    REMINDER = "reminder"
    FOLLOW_UP = "follow_up"
    DECISION = "decision"
    STORY_DECISION = "story_decision"
    """The secretariat's decision on a best-practice story (its period names the story)."""


class DigestCadence(StrEnum):
    WEEKLY = "weekly"
    DAILY = "daily"


class DestinationKind(StrEnum):
    """Where a digest goes: `slack:C123`, `telegram:-100123`, `email:office@itu.int`."""

    SLACK = "slack"
    TELEGRAM = "telegram"
    EMAIL = "email"


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


class OutboxStatus(StrEnum):
    """How far sending a reminder got: pending → claimed → sending → sent; or failed
    (refused, may be tried again until attempts run out), uncertain (may have arrived:
    never sent again), unreachable (the person is gone), skipped (no longer wanted)."""

    PENDING = "pending"
    CLAIMED = "claimed"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNCERTAIN = "uncertain"
    UNREACHABLE = "unreachable"
    SKIPPED = "skipped"


class DeliveryStatus(StrEnum):
    """How far the replies to an inbound delivery got: being sent by the process that
    answered it, known not sent (a re-delivery sends them), or sent."""

    ANSWERED = "answered"
    UNSENT = "unsent"
    DELIVERED = "delivered"


DEFAULT_CADENCE = Cadence.QUARTERLY
REMINDED_STATUSES = (PledgeStatus.APPROVED,)
"""Reminders start at approval: a pledge under review has nothing to report on yet."""
DECIDED_STATUSES = (PledgeStatus.APPROVED, PledgeStatus.REJECTED, PledgeStatus.CHANGES_REQUESTED)
FINISHED_PROGRESS = frozenset({ProgressStatus.COMPLETED, ProgressStatus.DISCONTINUED})


class ReminderDefaults:
    """A new pledger's reminder wishes, in their local time."""

    HOUR = 10
    QUIET_START = 20
    QUIET_END = 8
    SKIP_WEEKENDS = True
