"""One conversation turn, for any channel: load the pledger and their conversation,
run the engine, apply its effects and store the new state, all in one transaction.
Either everything of a turn is saved or nothing is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.effect_handlers import EffectScope, apply_effect
from bot.flows.catalog import build_engine
from bot.flows.engine import Engine
from bot.flows.model import (
    Choice,
    ConversationState,
    FlowContext,
    OrganizationProfile,
    PledgeSummary,
    Reply,
    ReportSummary,
    Turn,
    UserInput,
)
from bot.i18n import Catalogs
from bot.pledge_records import answers_from
from bot.reference import ReferenceData
from bot.reminders.planning import reminder_settings
from storage import pledges
from storage.conversations import load_conversation
from storage.db import Database
from storage.deliveries import claim_delivery, find_delivery, keep_replies, mark_delivered
from storage.models import Conversation, Organization, Pledger
from storage.pledgers import get_or_create_pledger, mark_unreachable
from storage.types import utcnow


def reply_record(reply: Reply) -> dict[str, Any]:
    """A reply as JSON, kept with its delivery until it is known to be sent."""
    return asdict(reply)


def replies_from(records: list[dict[str, Any]]) -> list[Reply]:
    return [Reply(**{**record, "choices": tuple(Choice(**c) for c in record["choices"])})
            for record in records]


@dataclass(frozen=True)
class ChatUser:
    """Who is talking, as the channel identifies them."""

    channel: str
    external_id: str
    display_name: str = ""
    language: str | None = None
    time_zone: str | None = None


class TurnRunner:
    def __init__(self, db: Database, reference: ReferenceData, catalogs: Catalogs, *,
                 idle_after: timedelta, engine: Engine | None = None,
                 clock: Callable[[], datetime] = utcnow,
                 default_cadence: str = "quarterly") -> None:
        self.db = db
        self.reference = reference
        self.catalogs = catalogs
        self.idle_after = idle_after
        self.engine = engine or build_engine()
        self.clock = clock
        self.default_cadence = default_cadence

    def handle(self, user: ChatUser, given: UserInput,
               delivery_id: str | None = None) -> list[Reply] | None:
        """The replies to one input. With a `delivery_id` (the platform's update or event
        id) a re-delivery changes nothing: it gets the first delivery's replies again if
        those were never confirmed sent (see `delivered`), else None."""
        return self._run(user, lambda state, ctx: self.engine.advance(state, given, ctx),
                         delivery_id)

    def delivered(self, user: ChatUser, delivery_id: str) -> None:
        with self.db.transaction() as session:
            mark_delivered(session, user.channel, delivery_id, self.clock())

    def resume(self, user: ChatUser) -> list[Reply]:
        """What to show someone who comes back: the pending question, or the menu."""
        return self._run(user, self.engine.resume) or []

    def view(self, user: ChatUser, render: Callable[[FlowContext], Reply]) -> Reply:
        """Something shown outside a conversation (a home page): read-only, no turn."""
        with self.db.transaction() as session:
            return render(self._context(session, self._pledger(session, user), self.clock()))

    def mark_unreachable(self, user: ChatUser) -> None:
        with self.db.transaction() as session:
            mark_unreachable(session, user.channel, user.external_id)

    def _run(self, user: ChatUser, step: Callable[[ConversationState, FlowContext], Turn],
             delivery_id: str | None = None) -> list[Reply] | None:
        now = self.clock()
        with self.db.transaction() as session:
            delivery = None
            if delivery_id is not None:
                earlier = find_delivery(session, user.channel, delivery_id)
                if earlier is not None:
                    return None if earlier.delivered_at else replies_from(earlier.replies)
                delivery = claim_delivery(session, user.channel, delivery_id)
                if delivery is None:
                    return None
            pledger = self._pledger(session, user)
            record = load_conversation(session, user.channel, user.external_id)
            ctx = self._context(session, pledger, now)
            state, notice = self._state(record, now, ctx)
            turn = step(state, ctx)
            replies = [*notice, *turn.replies]
            scope = EffectScope(session, pledger, self.reference, now, self.default_cadence)
            outcomes = [(effect, apply_effect(effect, scope)) for effect in turn.effects]
            if outcomes and pledger.language != ctx.locale:
                ctx = self._context(session, pledger, now)
            for effect, outcome in outcomes:
                replies += effect.confirmation(outcome, ctx)
            self._save(session, record, user, turn.state, now)
            if delivery is not None:
                keep_replies(session, delivery, [reply_record(r) for r in replies])
        return replies

    def _pledger(self, session: Session, user: ChatUser) -> Pledger:
        return get_or_create_pledger(session, user.channel, user.external_id,
                                     user.display_name, self.catalogs.best_match(user.language),
                                     user.time_zone)

    def _state(self, record: Conversation | None, now: datetime,
               ctx: FlowContext) -> tuple[ConversationState, list[Reply]]:
        if record is None or record.flow is None:
            return ConversationState(), []
        if record.expires_at <= now:
            notice = ctx._("Your unfinished answers expired after a long pause, so we start "
                           "again.")
            return ConversationState(), [Reply(notice)]
        return ConversationState(flow=record.flow, step=record.step, data=record.data,
                                 history=tuple(record.history), editing=record.editing), []

    def _save(self, session: Session, record: Conversation | None, user: ChatUser,
              state: ConversationState, now: datetime) -> None:
        record = record or Conversation(channel=user.channel, external_user_id=user.external_id,
                                        expires_at=now)
        record.flow, record.step = state.flow, state.step
        record.data, record.history = dict(state.data), list(state.history)
        record.editing = state.editing
        record.updated_at, record.expires_at = now, now + self.idle_after
        session.add(record)

    def _context(self, session: Session, pledger: Pledger, now: datetime) -> FlowContext:
        organization = session.get(Organization, pledger.organization_id) \
            if pledger.organization_id else None
        return FlowContext(
            translator=self.catalogs.translator(pledger.language),
            reference=self.reference,
            today=now.date(),
            organization=OrganizationProfile(organization.name, organization.sector,
                                             organization.country) if organization else None,
            pledges=self._summaries(session, pledger),
            languages=tuple(self.catalogs.available()),
            time_zone=pledger.time_zone,
            reminder_settings=reminder_settings(session, pledger),
        )

    @staticmethod
    def _summaries(session: Session, pledger: Pledger) -> tuple[PledgeSummary, ...]:
        own = pledges.pledges_of_pledger(session, pledger.id)
        ids = [p.id for p in own]
        countries, partners = pledges.countries_of(session, ids), pledges.partners_of(session, ids)
        reports = pledges.reports_of(session, ids)
        return tuple(PledgeSummary(
            p.reference, p.status, answers_from(p, countries[p.id], partners[p.id]),
            tuple(ReportSummary(r.reported_at.date(), r.status, r.percent_done)
                  for r in reports[p.id]))
            for p in own)
