"""One conversation turn, for any channel: load the pledger and their conversation,
run the engine, apply its effects and store the new state, all in one transaction.
Either everything of a turn is saved or nothing is."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from bot.effect_handlers import DeskServices, EffectScope, apply_effect, unhandled_effects
from bot.flows import story_views
from bot.flows.catalog import build_engine
from bot.flows.desk_views import QUEUE_SHOWN, queue_replies
from bot.flows.engine import Engine
from bot.flows.menu import pledge_overview
from bot.flows.model import (
    Attachment,
    Choice,
    ConversationState,
    FlowContext,
    LastPress,
    OrganizationProfile,
    PledgeSummary,
    Reply,
    ReportSummary,
    Turn,
    Upload,
    UserInput,
)
from bot.i18n import Catalogs
from bot.pledge_records import answers_from
from bot.reference import ReferenceData
from bot.reminders.planning import reminder_settings
from bot.secretariat import effects as _desk_effects  # noqa: F401 - registers the handlers
from bot.secretariat.entries import review_entry
from bot.stories import effects as _story_effects  # noqa: F401 - registers the handlers
from bot.stories.entries import story_entry
from bot.stories.files import StoryFileStore
from storage import pledges, review, stories
from storage.conversations import load_conversation, lock_conversation
from storage.db import Database
from storage.deliveries import (
    ABANDONED_AFTER,
    Earlier,
    claim_delivery,
    find_delivery,
    keep_replies,
    mark_delivered,
    mark_unsent,
    take_over,
)
from storage.models import Conversation, Organization, Pledger, ProcessedDelivery, saved_id
from storage.pledgers import get_or_create_pledger, mark_unreachable, organization_named
from storage.types import utcnow
from vocabulary import DEFAULT_CADENCE, Cadence, Channel, Role


def reply_record(reply: Reply) -> dict[str, Any]:
    """A reply as JSON, kept with its delivery until it is known to be sent; a file
    travels as base64."""
    record = asdict(reply)
    if reply.attachment is not None:
        record["attachment"] = {**record["attachment"], "content": base64.b64encode(
            reply.attachment.content).decode("ascii")}
    return record


def replies_from(records: list[dict[str, Any]]) -> list[Reply]:
    return [Reply(**{**record, "choices": tuple(Choice(**c) for c in record["choices"]),
                     "attachment": _attachment(record.get("attachment"))})
            for record in records]


def _attachment(record: dict[str, Any] | None) -> Attachment | None:
    if record is None:
        return None
    return Attachment(record["filename"], record["media_type"],
                      base64.b64decode(record["content"]))


def press_record(press: LastPress | None) -> dict[str, Any] | None:
    if press is None:
        return None
    return {"version": press.version, "key": press.key,
            "replies": [reply_record(r) for r in press.replies]}


def press_from(record: dict[str, Any] | None) -> LastPress | None:
    if record is None:
        return None
    return LastPress(record["version"], record["key"], tuple(replies_from(record["replies"])))


class StoredOrganizations:
    """Registered organizations looked up in the turn's own transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def find(self, name: str) -> OrganizationProfile | None:
        found = organization_named(self.session, name)
        return OrganizationProfile(found.name, found.sector, found.country) if found else None


@dataclass(frozen=True)
class ChatUser:
    """Who is talking, as the channel identifies them."""

    channel: Channel
    external_id: str
    display_name: str = ""
    language: str | None = None
    time_zone: str | None = None


@dataclass(frozen=True)
class TurnResult:
    """What to send for one input: the replies, and `notice` when a button press was not
    acted on (shown as the press's answer; the pressed message is then left as it was)."""

    replies: tuple[Reply, ...]
    notice: str | None = None


class DeliveryInProgressError(RuntimeError):
    """Another process is sending the replies to this delivery right now. Not
    acknowledged, the platform delivers it again later, and by then it is either sent
    or taken over (see `storage.deliveries`)."""


def worth_redelivery(error: BaseException) -> bool:
    """A failure the platform's re-delivery may get past: the database was busy, out of
    reach or in a race, or another process is answering. Anything else is a fault in
    the turn itself, which would fail the same way on every re-delivery."""
    return isinstance(error, DeliveryInProgressError | DBAPIError)


if unhandled_effects():
    raise TypeError(f"effects without a handler: {unhandled_effects()}")


class TurnRunner:
    def __init__(self, db: Database, reference: ReferenceData, catalogs: Catalogs, *,
                 idle_after: timedelta, engine: Engine | None = None,
                 clock: Callable[[], datetime] = utcnow,
                 default_cadence: Cadence = DEFAULT_CADENCE,
                 abandoned_after: timedelta = ABANDONED_AFTER,
                 secretariat: frozenset[tuple[Channel, str]] = frozenset(),
                 desk: DeskServices | None = None,
                 story_files: StoryFileStore | None = None) -> None:
        self.db = db
        self.reference = reference
        self.catalogs = catalogs
        self.idle_after = idle_after
        self.engine = engine or build_engine()
        self.clock = clock
        self.default_cadence = default_cadence
        self.abandoned_after = abandoned_after
        self.secretariat = secretariat
        """Members named in settings; `p2c-bot secretariat add` stores more."""
        self.desk = desk or DeskServices()
        self.story_files = story_files
        """Where stories' photos and documents are kept; without it, files sent in the
        chat are not fetched (and the question asked says what it takes)."""

    def handle(self, user: ChatUser, given: UserInput,
               delivery_id: str | None = None) -> TurnResult:
        """The replies to one input. With a `delivery_id` (the platform's update or event
        id) a re-delivery changes nothing: see `answer`."""
        result = self._run(user, lambda state, ctx: self.engine.advance(state, given, ctx),
                           delivery_id)
        assert result is not None, "a turn without a delivery id always has replies"
        return result

    def answer(self, user: ChatUser, given: UserInput, delivery_id: str) -> TurnResult | None:
        """The replies to one delivery, which the caller must then send and confirm with
        `delivered` (or `undelivered`). None when it was handled and sent before; the
        first delivery's replies again when those are known not to have been sent.
        Raises DeliveryInProgressError while another process is sending them."""
        return self._run(user, lambda state, ctx: self.engine.advance(state, given, ctx),
                         delivery_id)

    def delivered(self, user: ChatUser, delivery_id: str) -> None:
        with self.db.transaction() as session:
            mark_delivered(session, user.channel, delivery_id, self.clock())

    def undelivered(self, user: ChatUser, delivery_id: str) -> None:
        """Sending failed before the platform took the replies: a re-delivery sends them."""
        with self.db.transaction() as session:
            mark_unsent(session, user.channel, delivery_id)

    def resume(self, user: ChatUser) -> TurnResult:
        """What to show someone who comes back: the pending question, or the menu."""
        result = self._run(user, self.engine.resume)
        assert result is not None, "a turn without a delivery id always has replies"
        return result

    def refusal(self, user: ChatUser, given: UserInput) -> str | None:
        """Why the current question would refuse `given`, found without a turn: nothing
        is saved, so a form can show the reason at once and stay open."""
        now = self.clock()
        with self.db.transaction() as session:
            record = load_conversation(session, user.channel, user.external_id)
            if record is None:
                return None
            pledger = self._pledger(session, user)
            ctx = self._context(session, pledger, now)
            state, _ = self._state(record, now, ctx)
            return self.engine.advance(state, given, ctx).refusal

    def wants_file(self, user: ChatUser, upload: Upload) -> bool:
        """The question asked now takes this file (as the platform describes it), so its
        bytes are worth fetching: found without a turn, nothing saved."""
        if self.story_files is None:
            return False
        now = self.clock()
        with self.db.transaction() as session:
            record = load_conversation(session, user.channel, user.external_id)
            if record is None:
                return False
            ctx = self._context(session, self._pledger(session, user), now)
            state, _ = self._state(record, now, ctx)
            return self.engine.wants_file(state, upload, ctx)

    def home(self, user: ChatUser) -> tuple[Reply, ...]:
        """A home page: the pledger's pledges; for a secretariat member also the pledges
        and the stories waiting for review, each with its decision buttons. Read-only,
        no turn."""
        with self.db.transaction() as session:
            ctx = self._context(session, self._pledger(session, user), self.clock())
            shown = [pledge_overview(ctx)]
            if ctx.secretariat:
                rows, waiting = review.review_queue(session, QUEUE_SHOWN)
                shown += queue_replies([review_entry(session, row) for row in rows],
                                       waiting, ctx)
                queued, queued_total = stories.story_queue(session,
                                                           story_views.STORIES_SHOWN)
                shown += story_views.queue_replies([story_entry(row) for row in queued],
                                                   queued_total, ctx)
        return tuple(shown)

    def apology(self, user: ChatUser) -> Reply:
        """What to say when a turn failed in a way a re-delivery cannot mend: nothing of
        it was saved, and the conversation is where it was."""
        translator = self.catalogs.translator(self.catalogs.best_match(user.language))
        return Reply(translator.gettext(
            "Sorry, something went wrong on my side and your last message was not saved. "
            "Please send it again; your earlier answers are kept."))

    def mark_unreachable(self, user: ChatUser) -> None:
        with self.db.transaction() as session:
            mark_unreachable(session, user.channel, user.external_id)

    def _run(self, user: ChatUser, step: Callable[[ConversationState, FlowContext], Turn],
             delivery_id: str | None = None) -> TurnResult | None:
        """One turn in one transaction: the conversation row is locked first, so one
        user's turns run one after the other in whatever process; then the delivery is
        recorded, the engine run, its effects applied and the new state saved."""
        now = self.clock()
        with self.db.transaction() as session:
            record = lock_conversation(session, user.channel, user.external_id, now)
            if delivery_id is not None:
                earlier = find_delivery(session, user.channel, delivery_id)
                if earlier is not None:
                    return self._again(session, earlier, now)
                if not claim_delivery(session, user.channel, delivery_id, now):
                    raise DeliveryInProgressError(delivery_id)
            pledger = self._pledger(session, user)
            ctx = self._context(session, pledger, now)
            state, expiry = self._state(record, now, ctx)
            turn = step(state, ctx)
            scope = EffectScope(session, pledger, self.reference, now, self.default_cadence,
                                secretariat=self.is_secretariat(pledger), desk=self.desk,
                                story_files=self.story_files)
            outcomes = [(effect, apply_effect(effect, scope)) for effect in turn.effects]
            relanguaged = bool(outcomes) and pledger.language != ctx.locale
            if relanguaged:
                ctx = self._context(session, pledger, now)
            turn = self.engine.conclude(turn, [reply for effect, outcome in outcomes
                                               for reply in effect.confirmation(outcome, ctx)])
            if relanguaged:
                turn = self.engine.ask_again(turn, ctx)
            self._save(record, turn.state, now)
            session.add(record)
            result = TurnResult((*expiry, *turn.replies), turn.notice)
            if delivery_id is not None:
                keep_replies(session, user.channel, delivery_id,
                             [reply_record(r) for r in result.replies], result.notice)
        return result

    def _again(self, session: Session, earlier: ProcessedDelivery,
               now: datetime) -> TurnResult | None:
        """A re-delivery: nothing, the kept replies, or not now (see `answer`)."""
        decision = take_over(session, earlier, now, self.abandoned_after)
        if decision is Earlier.IN_PROGRESS:
            raise DeliveryInProgressError(earlier.delivery_id)
        if decision is Earlier.DONE:
            return None
        return TurnResult(tuple(replies_from(earlier.replies)), earlier.notice)

    def _pledger(self, session: Session, user: ChatUser) -> Pledger:
        return get_or_create_pledger(session, user.channel, user.external_id,
                                     user.display_name, self.catalogs.best_match(user.language),
                                     user.time_zone)

    def _state(self, record: Conversation, now: datetime,
               ctx: FlowContext) -> tuple[ConversationState, tuple[Reply, ...]]:
        """The stored state; an idle or expired conversation keeps its version, so the
        buttons it showed stay outdated."""
        if record.flow is None:
            return ConversationState(version=record.version,
                                     last_press=press_from(record.last_press)), ()
        if record.expires_at <= now:
            notice = ctx._("Your unfinished answers expired after a long pause, so we start "
                           "again.")
            return ConversationState(version=record.version), (Reply(notice),)
        return ConversationState(flow=record.flow, step=record.step, data=record.data,
                                 history=tuple(record.history), editing=record.editing,
                                 version=record.version,
                                 last_press=press_from(record.last_press)), ()

    def _save(self, record: Conversation, state: ConversationState, now: datetime) -> None:
        record.flow, record.step = state.flow, state.step
        record.data, record.history = dict(state.data), list(state.history)
        record.editing, record.version = state.editing, state.version
        record.last_press = press_record(state.last_press)
        record.updated_at, record.expires_at = now, now + self.idle_after

    def is_secretariat(self, pledger: Pledger) -> bool:
        return pledger.role == Role.SECRETARIAT or \
            (Channel(pledger.channel), pledger.external_id) in self.secretariat

    def _context(self, session: Session, pledger: Pledger, now: datetime) -> FlowContext:
        organization = session.get(Organization, pledger.organization_id) \
            if pledger.organization_id else None
        return FlowContext(
            translator=self.catalogs.translator(pledger.language),
            reference=self.reference,
            today=now.date(),
            channel=Channel(pledger.channel),
            organization=OrganizationProfile(organization.name, organization.sector,
                                             organization.country) if organization else None,
            pledges=self._summaries(session, pledger, now),
            languages=tuple(self.catalogs.available()),
            time_zone=pledger.time_zone,
            reminder_settings=reminder_settings(session, pledger, self.default_cadence),
            organizations=StoredOrganizations(session),
            secretariat=self.is_secretariat(pledger),
        )

    @staticmethod
    def _summaries(session: Session, pledger: Pledger,
                   now: datetime) -> tuple[PledgeSummary, ...]:
        if pledger.organization_id is None:
            return ()
        own = pledges.pledges_of_organization(session, pledger.organization_id)
        ids = [saved_id(p) for p in own]
        countries, partners = pledges.countries_of(session, ids), pledges.partners_of(session, ids)
        reports = pledges.reports_of(session, ids)
        return tuple(PledgeSummary(
            pledges.stored_reference(p), p.status,
            answers_from(p, countries[key], partners[key]),
            tuple(ReportSummary(r.reported_at.date(), r.status, r.percent_done)
                  for r in reports[key]),
            report_due=p.next_reminder_at is not None and p.next_reminder_at <= now,
            review_note=p.review_note)
            for p, key in zip(own, ids, strict=True))
