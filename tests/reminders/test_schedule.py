"""Reminder times across time zones, DST changes, quiet hours and weekends."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.reminders.planning import preferences_of
from bot.reminders.schedule import (
    Cadence,
    ReminderPreferences,
    first_good_moment,
    next_reminder,
    snoozed,
)
from bot.time_zones import weekend_of
from storage.models import Pledger


def _local(moment: datetime, preferences: ReminderPreferences) -> datetime:
    return moment.astimezone(preferences.zone())


@pytest.mark.parametrize(("zone", "day", "utc_hour"), [
    ("Europe/Paris", date(2027, 3, 26), 9),      # Friday before spring forward: CET
    ("Europe/Paris", date(2027, 3, 29), 8),      # Monday after: CEST
    ("Europe/Paris", date(2027, 10, 29), 8),     # Friday before fall back: CEST
    ("Europe/Paris", date(2027, 11, 1), 9),      # Monday after: CET
    ("America/New_York", date(2027, 3, 12), 15),  # EST
    ("America/New_York", date(2027, 3, 15), 14),  # EDT
])
def test_the_preferred_local_hour_holds_across_dst(zone: str, day: date, utc_hour: int) -> None:
    preferences = ReminderPreferences(zone, hour=10)
    moment = first_good_moment(day, preferences)
    assert moment.tzinfo is UTC
    assert (moment.date(), moment.hour) == (day, utc_hour)
    assert _local(moment, preferences).hour == 10


def test_an_odd_offset_keeps_its_minutes() -> None:
    preferences = ReminderPreferences("Asia/Kathmandu", hour=10)
    moment = first_good_moment(date(2027, 1, 4), preferences)
    assert (moment.hour, moment.minute) == (4, 15)


def test_a_wall_time_skipped_by_dst_moves_just_after_the_gap() -> None:
    preferences = ReminderPreferences("Europe/Paris", hour=2, quiet_start=0, quiet_end=0,
                                      skip_weekends=False)
    moment = first_good_moment(date(2027, 3, 28), preferences)
    assert _local(moment, preferences).hour == 3


def test_a_wall_time_repeated_by_dst_is_taken_once() -> None:
    preferences = ReminderPreferences("America/New_York", hour=1, quiet_start=0, quiet_end=0,
                                      skip_weekends=False)
    moment = first_good_moment(date(2027, 11, 7), preferences)
    assert moment == datetime(2027, 11, 7, 5, tzinfo=UTC)


def test_quiet_hours_move_the_reminder_to_their_end() -> None:
    preferences = ReminderPreferences("Europe/Paris", hour=22, quiet_start=21, quiet_end=7)
    assert _local(first_good_moment(date(2027, 1, 4), preferences), preferences).hour == 7


def test_weekends_are_skipped_when_the_pledger_wishes() -> None:
    saturday = date(2027, 1, 2)
    assert first_good_moment(saturday, ReminderPreferences()).date() == date(2027, 1, 4)
    assert first_good_moment(saturday, ReminderPreferences(skip_weekends=False)).date() == \
        saturday


@pytest.mark.parametrize(("cadence", "expected"), [
    (Cadence.MONTHLY, date(2027, 2, 28)),
    (Cadence.QUARTERLY, date(2027, 4, 30)),
    (Cadence.HALF_YEARLY, date(2027, 7, 31)),
    (Cadence.YEARLY, date(2028, 1, 31)),
])
def test_each_cadence_keeps_the_day_of_month_where_it_can(cadence: Cadence,
                                                          expected: date) -> None:
    after = datetime(2027, 1, 31, 9, tzinfo=UTC)
    preferences = ReminderPreferences("Europe/Paris", skip_weekends=False)
    assert next_reminder(after, cadence, preferences).date() == expected


def test_a_snooze_is_a_week_later_at_a_good_moment() -> None:
    preferences = ReminderPreferences("Europe/Paris")
    moment = snoozed(datetime(2027, 1, 6, 15, tzinfo=UTC), preferences)
    assert moment == datetime(2027, 1, 13, 9, tzinfo=UTC)


def test_the_weekend_is_the_pledgers_countrys() -> None:
    """Riyadh rests on Friday and Saturday (CLDR): a Friday reminder moves to Sunday, a
    Sunday one stays; Paris keeps Saturday and Sunday."""
    riyadh = ReminderPreferences("Asia/Riyadh", weekend=weekend_of("Asia/Riyadh"))
    friday, sunday = date(2027, 3, 5), date(2027, 3, 7)
    assert riyadh.weekend == (4, 5)
    assert first_good_moment(friday, riyadh).astimezone(riyadh.zone()).date() == sunday
    assert first_good_moment(sunday, riyadh).astimezone(riyadh.zone()).date() == sunday
    paris = ReminderPreferences("Europe/Paris", weekend=weekend_of("Europe/Paris"))
    assert first_good_moment(sunday, paris).astimezone(paris.zone()).date() == date(2027, 3, 8)
    assert weekend_of("Etc/UTC") == (5, 6)


def test_a_pledgers_preferences_carry_the_weekend_of_their_time_zone() -> None:
    pledger = Pledger(channel="telegram", external_id="1", time_zone="Asia/Kabul")
    assert preferences_of(pledger).weekend == (3, 4)
