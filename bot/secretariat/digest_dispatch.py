"""The worker's digest run: plan the latest due digest for every destination (one row
per period and destination, however many workers plan it), claim, and send each once.
A worker that dies mid-send leaves an `uncertain` row that is never sent again."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Protocol

from bot.flows.model import FlowContext
from bot.i18n import Catalogs
from bot.reference import ReferenceData
from bot.reminders.sending import Delivery
from bot.secretariat.digest_content import digest_of_row
from bot.secretariat.digest_parts import DigestParts, digest_parts
from bot.secretariat.digest_schedule import DigestSchedule
from storage import digests, outbox
from storage.db import Database
from storage.models import DigestOutbox, saved_id
from storage.types import utcnow
from vocabulary import Channel, OutboxStatus

MAX_ATTEMPTS = 3
CLAIMED_AT_ONCE = 10

log = logging.getLogger(__name__)


class DigestSender(Protocol):
    """One destination: `slack:C…`, `telegram:-100…` or `email:…`."""

    destination: str

    async def deliver(self, parts: DigestParts) -> Delivery: ...


class DigestDispatcher:
    def __init__(self, db: Database, reference: ReferenceData, catalogs: Catalogs,
                 language: str, schedule: DigestSchedule,
                 senders: Mapping[str, DigestSender], *, worker: str, lease: timedelta,
                 late_after: timedelta, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.reference = reference
        self.catalogs = catalogs
        self.language = language
        self.schedule = schedule
        self.senders = senders
        self.worker = worker
        self.lease = lease
        self.late_after = late_after
        self.clock = clock

    async def tick(self) -> dict[str, int]:
        outcomes: dict[str, int] = {}
        if not self.senders:
            return outcomes
        await asyncio.to_thread(self.plan)
        for row_id in await asyncio.to_thread(self.claim):
            outcome = await self._send(row_id)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if outcomes:
            log.info("digest tick", extra={"worker": self.worker, "outcomes": outcomes})
        return outcomes

    def plan(self) -> None:
        now = self.clock()
        due = self.schedule.latest_due(now)
        with self.db.transaction() as session:
            for destination in self.senders:
                since = digests.last_until(session, destination) or due - self.schedule.length
                if since < due:
                    digests.enqueue(session, self.schedule.period(due), destination, since, due)

    def claim(self) -> list[int]:
        now = self.clock()
        with self.db.transaction() as session:
            abandoned = outbox.settle_abandoned(session, now, self.lease, table=DigestOutbox)
            if abandoned:
                log.warning("digests left mid-send by a stopped worker",
                            extra={"count": abandoned})
            rows = outbox.claim(session, self.worker, now, self.lease, CLAIMED_AT_ONCE,
                                table=DigestOutbox)
            return [saved_id(row) for row in rows if row.destination in self.senders]

    async def _send(self, row_id: int) -> str:
        parts = await asyncio.to_thread(self._parts, row_id)
        if not await asyncio.to_thread(self._begin, row_id):
            return "lost_lease"
        destination = await asyncio.to_thread(self._destination, row_id)
        try:
            outcome = await self.senders[destination].deliver(parts)
        except Exception:
            log.exception("digest send failed in an unknown way; not sent again",
                          extra={"destination": destination})
            outcome = Delivery.UNCERTAIN
        await asyncio.to_thread(self._record, row_id, outcome)
        return outcome.value

    def _destination(self, row_id: int) -> str:
        with self.db.transaction() as session:
            return digests.row(session, row_id).destination

    def _parts(self, row_id: int) -> DigestParts:
        now = self.clock()
        with self.db.transaction() as session:
            row = digests.row(session, row_id)
            late = not row.period.startswith(digests.MANUAL) and \
                now - row.due_at > self.late_after
            row.late = late
            session.add(row)
            digest = digest_of_row(session, row.since, row.due_at, now, late)
        ctx = FlowContext(translator=self.catalogs.translator(self.language),
                          reference=self.reference, today=now.date(), channel=Channel.CONSOLE)
        return digest_parts(digest, ctx)

    def _begin(self, row_id: int) -> bool:
        with self.db.transaction() as session:
            return outbox.begin_sending(session, row_id, self.worker, self.clock(), self.lease,
                                        table=DigestOutbox)

    def _record(self, row_id: int, outcome: Delivery) -> None:
        with self.db.transaction() as session:
            if outcome is Delivery.SENT:
                outbox.set_status(session, row_id, OutboxStatus.SENT, at=self.clock(),
                                  table=DigestOutbox)
            elif outcome is Delivery.UNCERTAIN:
                outbox.set_status(session, row_id, OutboxStatus.UNCERTAIN,
                                  error="the destination may have it; not sent again",
                                  table=DigestOutbox)
            else:
                outbox.retry_or_fail(session, row_id, "send refused", MAX_ATTEMPTS,
                                     table=DigestOutbox)
