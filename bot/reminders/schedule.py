"""When the next reminder is due: one cadence after the last, at the pledger's preferred
local hour, moved out of their quiet hours and (if they wish) off the weekend, then stored
in UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from vocabulary import Cadence, ReminderDefaults


def in_quiet_hours(hour: int, start: int, end: int) -> bool:
    """Quiet hours may run over midnight (22 to 7); equal ends mean none."""
    if start == end:
        return False
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end


@dataclass(frozen=True)
class ReminderPreferences:
    """A pledger's wishes, all in their local time."""

    time_zone: str = "UTC"
    hour: int = ReminderDefaults.HOUR
    quiet_start: int = ReminderDefaults.QUIET_START
    quiet_end: int = ReminderDefaults.QUIET_END
    skip_weekends: bool = ReminderDefaults.SKIP_WEEKENDS
    weekend: tuple[int, int] = (5, 6)
    """First and last weekday of the weekend (0 is Monday), where the pledger is:
    Saturday to Sunday in most places, Friday to Saturday in Saudi Arabia."""

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def is_quiet(self, hour: int) -> bool:
        return in_quiet_hours(hour, self.quiet_start, self.quiet_end)

    def is_weekend(self, day: date) -> bool:
        first, last = self.weekend
        weekday = day.weekday()
        return first <= weekday <= last if first <= last else weekday >= first or weekday <= last


def next_reminder(after: datetime, cadence: Cadence, preferences: ReminderPreferences) -> datetime:
    """The first good moment one cadence after `after` (an aware datetime), in UTC."""
    zone = preferences.zone()
    day = (after.astimezone(zone) + relativedelta(months=cadence.months)).date()
    return first_good_moment(day, preferences)


def first_good_moment(day: date, preferences: ReminderPreferences) -> datetime:
    """The preferred hour on `day` or the next acceptable day, never in quiet hours."""
    zone = preferences.zone()
    hour = preferences.hour
    if preferences.is_quiet(hour):
        hour = preferences.quiet_end
    while preferences.skip_weekends and preferences.is_weekend(day):
        day += timedelta(days=1)
    # zoneinfo's fold=0 reading resolves DST for us: a wall time skipped in spring means
    # the moment just after the gap, a repeated one in autumn its first occurrence.
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)


def snoozed(now: datetime, preferences: ReminderPreferences, days: int = 7) -> datetime:
    """A week later, at a good moment."""
    return first_good_moment((now.astimezone(preferences.zone()) + timedelta(days=days)).date(),
                             preferences)
