"""Which pledges get reminders, and when the next one is due."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from bot.flows.model import ReminderSettings
from bot.reminders.schedule import ReminderPreferences, first_good_moment, next_reminder
from bot.time_zones import weekend_of
from storage.models import Pledge, Pledger, saved_id
from storage.pledges import pledges_of_pledger
from vocabulary import FINISHED_PROGRESS, REMINDED_STATUSES, Cadence


def preferences_of(pledger: Pledger) -> ReminderPreferences:
    """The pledger's wishes; the weekend is that of the country of their time zone."""
    zone = pledger.time_zone or "UTC"
    return ReminderPreferences(time_zone=zone, hour=pledger.reminder_hour,
                               quiet_start=pledger.quiet_start, quiet_end=pledger.quiet_end,
                               skip_weekends=pledger.skip_weekends, weekend=weekend_of(zone))


def plan_next(pledge: Pledge, pledger: Pledger, now: datetime) -> datetime | None:
    """The next reminder after `now`, or None when the pledge needs no more: finished,
    withdrawn or rejected, paused, or past its end date with a final report in."""
    if pledge.status not in REMINDED_STATUSES or pledge.reminders_paused or \
            pledge.progress_status in FINISHED_PROGRESS:
        return None
    preferences = preferences_of(pledger)
    due = next_reminder(now, Cadence(pledge.reminder_cadence), preferences)
    if pledge.end_date is None:
        return due
    ended = pledge.end_date + timedelta(days=1)
    if pledge.last_reported_at is not None and pledge.last_reported_at.date() >= ended:
        return None
    final = first_good_moment(ended, preferences)
    return min(due, final) if final > now else due


def reminder_settings(session: Session, pledger: Pledger,
                      default_cadence: Cadence) -> ReminderSettings:
    """What /reminders shows: the pledger's wishes and their pledges' cadence (the
    configured default while they have none)."""
    own = pledges_of_pledger(session, saved_id(pledger))
    reminded = [p for p in own if p.status in REMINDED_STATUSES]
    return ReminderSettings(
        cadence=reminded[0].reminder_cadence if reminded else default_cadence,
        hour=pledger.reminder_hour, quiet_start=pledger.quiet_start,
        quiet_end=pledger.quiet_end, skip_weekends=pledger.skip_weekends,
        time_zone=pledger.time_zone,
        paused=bool(reminded) and all(p.reminders_paused for p in reminded))
