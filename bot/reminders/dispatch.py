"""One scheduler tick: plan what is due into the outbox, claim a batch, send it paced.

Planning advances each pledge's `next_reminder_at` from *now*, so after downtime a pledge
gets one reminder, not one per missed tick. A worker that dies after claiming leaves rows
another worker re-claims when the lease ends; one that dies mid-send leaves an
`uncertain` row that is never sent twice."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.flows.model import FlowContext, PledgeSummary, Reply
from bot.flows.reminder_message import decision_reply, reminder_reply
from bot.flows.story_views import decision_reply as story_decision_reply
from bot.i18n import Catalogs
from bot.pledge_records import stored_answers
from bot.reference import ReferenceData
from bot.reminders.planning import plan_next
from bot.reminders.sending import Delivery, Pacer, RetryLaterError, Sender
from bot.stories.entries import story_entry, story_of_period
from storage import outbox, stories
from storage.db import Database
from storage.models import Pledge, Pledger, ReminderOutbox, Story, saved_id
from storage.pledgers import mark_unreachable
from storage.pledges import stored_reference
from storage.types import utcnow
from vocabulary import FINISHED_PROGRESS, REMINDED_STATUSES, Channel, OutboxStatus, ReminderKind

PLANNING_BATCH = 500
MAX_RETRIES = 5
MAX_ATTEMPTS = 3
SENDS_IN_FLIGHT = 8
LOST_LEASE, RELEASED = "lost_lease", "released"
TOLD_ALWAYS = frozenset({ReminderKind.DECISION, ReminderKind.STORY_DECISION})

log = logging.getLogger(__name__)


def still_wanted(row: ReminderOutbox, pledge: Pledge) -> bool:
    """A queued reminder loses its point when, meanwhile, the pledger paused reminders,
    the pledge closed, or a report came in. A review decision is always told."""
    if row.kind in TOLD_ALWAYS:
        return True
    reported_since = pledge.last_reported_at is not None and \
        pledge.last_reported_at >= row.due_at
    return pledge.status in REMINDED_STATUSES and not pledge.reminders_paused and \
        pledge.progress_status not in FINISHED_PROGRESS and not reported_since


@dataclass(frozen=True)
class ReminderJob:
    outbox_id: int
    channel: Channel
    external_id: str
    reply: Reply


@dataclass
class TickReport:
    planned: int = 0
    follow_ups: int = 0
    overdue: int = 0
    claimed: int = 0
    last_claimed: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    retried_after_429: int = 0


class ReminderDispatcher:
    def __init__(self, db: Database, reference: ReferenceData, catalogs: Catalogs,
                 senders: Mapping[Channel, Sender], pacers: Mapping[Channel, Pacer], *,
                 worker: str,
                 batch: int, lease: timedelta, follow_up_after: timedelta,
                 overdue_after: timedelta, clock: Callable[[], datetime] = utcnow,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 in_flight: int = SENDS_IN_FLIGHT) -> None:
        self.db = db
        self.reference = reference
        self.catalogs = catalogs
        self.senders = senders
        self.pacers = pacers
        self.worker = worker
        self.batch = batch
        self.lease = lease
        self.follow_up_after = follow_up_after
        self.overdue_after = overdue_after
        self.clock = clock
        self.sleep = sleep
        self.in_flight = in_flight
        self.stopping = False

    @property
    def claim_limit(self) -> int:
        """Rows claimed at once: no more than the slowest channel sends in half a lease,
        so a batch is sent long before its lease runs out and no other worker re-claims
        rows this one still means to send."""
        rates = [self.pacers[channel].per_second for channel in self.senders] or [1.0]
        return max(1, min(self.batch, int(self.lease.total_seconds() * min(rates) / 2)))

    def stop(self) -> None:
        """Claims nothing more; rows claimed and not yet being sent are given back."""
        self.stopping = True

    async def tick(self) -> TickReport:
        """Plans what is due, then claims and sends batch after batch while rows are due
        (a full batch means more may be waiting) and the worker is not stopping."""
        report = TickReport()
        await asyncio.to_thread(self.plan, report)
        while not self.stopping:
            jobs = await asyncio.to_thread(self.claim, report)
            by_channel: dict[Channel, list[ReminderJob]] = defaultdict(list)
            for job in jobs:
                by_channel[job.channel].append(job)
            await asyncio.gather(*(self._send_all(channel_jobs, report)
                                   for channel_jobs in by_channel.values()))
            if report.last_claimed < self.claim_limit:
                break
        log.info("reminder tick", extra={"worker": self.worker, "planned": report.planned,
                                         "claimed": report.claimed,
                                         "outcomes": dict(report.outcomes)})
        return report

    def plan(self, report: TickReport) -> None:
        now = self.clock()
        while True:
            with self.db.transaction() as session:
                due = outbox.due_pledges(session, now, PLANNING_BATCH)
                for pledge, pledger in due:
                    period = (pledge.next_reminder_at or now).isoformat()
                    outbox.enqueue(session, saved_id(pledge), period, ReminderKind.REMINDER, now)
                    pledge.next_reminder_at = plan_next(pledge, pledger, now)
                    session.add(pledge)
            report.planned += len(due)
            if len(due) < PLANNING_BATCH:
                break
        with self.db.transaction() as session:
            for row, pledge in outbox.awaiting_follow_up(session, now - self.follow_up_after,
                                                         self.batch):
                outbox.enqueue(session, saved_id(pledge), row.period, ReminderKind.FOLLOW_UP, now)
                report.follow_ups += 1
            for _, pledge in outbox.awaiting_overdue(session, now - self.overdue_after,
                                                     self.batch):
                pledge.overdue = True
                session.add(pledge)
                report.overdue += 1

    def claim(self, report: TickReport) -> list[ReminderJob]:
        now = self.clock()
        with self.db.transaction() as session:
            abandoned = outbox.settle_abandoned(session, now, self.lease)
            if abandoned:
                log.warning("reminders left mid-send by a stopped worker",
                            extra={"count": abandoned})
            rows = outbox.claim(session, self.worker, now, self.lease, self.claim_limit)
            report.claimed += len(rows)
            report.last_claimed = len(rows)
            return [job for row in rows if (job := self._job(session, row)) is not None]

    def _job(self, session: Session, row: ReminderOutbox) -> ReminderJob | None:
        if row.kind == ReminderKind.STORY_DECISION:
            return self._story_job(session, row)
        pledge = session.get_one(Pledge, row.pledge_id)
        pledger = session.get_one(Pledger, pledge.pledger_id)
        if not self._reachable(session, row, pledger):
            return None
        if not still_wanted(row, pledge):
            outbox.set_status(session, saved_id(row), OutboxStatus.SKIPPED,
                              error="paused, closed or reported since it was queued")
            return None
        summary = PledgeSummary(stored_reference(pledge), pledge.status,
                                stored_answers(session, pledge), review_note=pledge.review_note)
        ctx = self._context(pledger)
        reply = decision_reply(summary, ctx) if row.kind == ReminderKind.DECISION else \
            reminder_reply(summary, row.kind, ctx)
        return ReminderJob(saved_id(row), Channel(pledger.channel), pledger.external_id, reply)

    def _story_job(self, session: Session, row: ReminderOutbox) -> ReminderJob | None:
        """A decision on a story goes to the member who sent it (who may not be the one
        who made the pledge)."""
        [story] = stories.story_rows(session, [session.get_one(
            Story, story_of_period(row.period))])
        if not self._reachable(session, row, story.pledger):
            return None
        ctx = self._context(story.pledger)
        return ReminderJob(saved_id(row), Channel(story.pledger.channel),
                           story.pledger.external_id,
                           story_decision_reply(story_entry(story), ctx))

    def _reachable(self, session: Session, row: ReminderOutbox, pledger: Pledger) -> bool:
        """False (and the row failed) when no sender reaches the pledger."""
        if pledger.channel in self.senders and not pledger.unreachable:
            return True
        outbox.set_status(session, saved_id(row), OutboxStatus.FAILED,
                          error=f"no way to reach a {pledger.channel} pledger")
        return False

    def _context(self, pledger: Pledger) -> FlowContext:
        return FlowContext(translator=self.catalogs.translator(pledger.language),
                           reference=self.reference, today=self.clock().date(),
                           channel=Channel(pledger.channel))

    async def _send_all(self, jobs: list[ReminderJob], report: TickReport) -> None:
        """Several sends in flight per channel (the pacer spaces their starts); once the
        worker is stopping, what is left is given back."""
        queue = list(reversed(jobs))

        async def sender() -> None:
            while queue and not self.stopping:
                job = queue.pop()
                await self.pacers[job.channel].wait(job.external_id)
                if self.stopping:
                    queue.append(job)
                    return
                report.outcomes[await self._send(job, report)] += 1

        await asyncio.gather(*(sender() for _ in range(min(self.in_flight, len(jobs)))))
        if queue:
            released = await asyncio.to_thread(self._release, [j.outbox_id for j in queue])
            report.outcomes[RELEASED] += released

    async def _send(self, job: ReminderJob, report: TickReport) -> str:
        sender, pacer = self.senders[job.channel], self.pacers[job.channel]
        if not await asyncio.to_thread(self._begin, job):
            log.warning("reminder no longer held by this worker; not sent",
                        extra={"worker": self.worker, "outbox_id": job.outbox_id})
            return LOST_LEASE
        for _ in range(MAX_RETRIES):
            try:
                outcome = await sender.push(job.external_id, job.reply)
                break
            except RetryLaterError as error:
                report.retried_after_429 += 1
                pacer.hold(error.seconds)
                await self.sleep(error.seconds)
        else:
            outcome = Delivery.FAILED
        await asyncio.to_thread(self._record, job, outcome)
        return outcome.value

    def _begin(self, job: ReminderJob) -> bool:
        with self.db.transaction() as session:
            return outbox.begin_sending(session, job.outbox_id, self.worker, self.clock(),
                                        self.lease)

    def _release(self, row_ids: list[int]) -> int:
        with self.db.transaction() as session:
            return outbox.release(session, row_ids, self.worker)

    def _record(self, job: ReminderJob, outcome: Delivery) -> None:
        now = self.clock()
        with self.db.transaction() as session:
            if outcome is Delivery.SENT:
                outbox.set_status(session, job.outbox_id, OutboxStatus.SENT, at=now)
            elif outcome is Delivery.UNCERTAIN:
                outbox.set_status(session, job.outbox_id, OutboxStatus.UNCERTAIN,
                                  error="the platform may have the message; not sent again")
            elif outcome is Delivery.UNREACHABLE:
                outbox.set_status(session, job.outbox_id, OutboxStatus.UNREACHABLE)
                mark_unreachable(session, job.channel, job.external_id)
            else:
                outbox.retry_or_fail(session, job.outbox_id, "send refused", MAX_ATTEMPTS)
