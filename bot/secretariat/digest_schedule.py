"""When digests fall due: weekly on a day or daily, at an hour of the secretariat's time
zone. Only the latest due moment is ever planned, so a worker that was down for weeks
sends one digest (covering the whole gap, marked late), not one per missed week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from vocabulary import DigestCadence

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class DigestSchedule:
    cadence: DigestCadence
    weekday: str
    hour: int
    time_zone: str

    @property
    def length(self) -> timedelta:
        return timedelta(days=7 if self.cadence is DigestCadence.WEEKLY else 1)

    def latest_due(self, now: datetime) -> datetime:
        """The latest due moment at or before `now`, in UTC."""
        zone = ZoneInfo(self.time_zone)
        local = now.astimezone(zone)
        day = local.date()
        if self.cadence is DigestCadence.WEEKLY:
            day -= timedelta(days=(day.weekday() - WEEKDAYS.index(self.weekday)) % 7)
        due = datetime.combine(day, time(self.hour), zone)
        if due > now:
            due = datetime.combine(day - self.length, time(self.hour), zone)
        return due.astimezone(UTC)

    def period(self, due: datetime) -> str:
        """The row key of the period ending at `due`: its local date."""
        return due.astimezone(ZoneInfo(self.time_zone)).date().isoformat()
