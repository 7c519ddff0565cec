"""Stored rows turned into what the secretariat is shown (`bot.flows.desk_model`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from bot.flows.desk_model import AttentionItem, AttentionKind, Count, Figures, ReviewEntry
from bot.pledge_records import stored_answers
from storage import figures
from storage.models import Pledger
from storage.pledges import stored_reference
from storage.review import AttentionRow, ReviewRow

REPORTING_WINDOW = timedelta(days=365)
"""The reporting rate counts approved pledges reported on in the last year: the annual
report's period."""


def who(pledger: Pledger) -> str:
    """A pledger as the secretariat can reach them: name and channel identity."""
    identity = f"{pledger.channel} {pledger.external_id}"
    return f"{pledger.display_name} ({identity})" if pledger.display_name else identity


def review_entry(session: Session, row: ReviewRow) -> ReviewEntry:
    pledge = row.pledge
    return ReviewEntry(
        reference=stored_reference(pledge), revision=pledge.revision, status=pledge.status,
        organization=row.organization.name, sector=row.organization.sector,
        pledger=who(row.pledger), submitted_on=pledge.submitted_at.date(),
        answers=stored_answers(session, pledge), review_note=pledge.review_note,
        reviewed_by=who(row.reviewer) if row.reviewer else None,
        reviewed_on=pledge.reviewed_at.date() if pledge.reviewed_at else None)


def attention_item(row: AttentionRow) -> AttentionItem:
    return AttentionItem(AttentionKind(row.kind), stored_reference(row.pledge),
                         row.organization.name, row.pledge.title, row.since, who(row.pledger))


def _counts(groups: list[figures.Group]) -> tuple[Count, ...]:
    return tuple(Count(g.key, g.pledges, g.usd) for g in groups)


def figures_now(session: Session, now: datetime) -> Figures:
    found = figures.totals(session, reported_since=now - REPORTING_WINDOW)
    return Figures(
        pledges=found.pledges, organizations=found.organizations, countries=found.countries,
        usd=found.usd, without_usd=found.without_usd,
        by_focus_area=_counts(found.by_focus_area), by_type=_counts(found.by_type),
        by_sector=_counts(found.by_sector), targeting=found.targeting,
        reported=found.reported, approved=found.approved, under_review=found.under_review,
        overdue=found.overdue, undelivered=found.undelivered)
