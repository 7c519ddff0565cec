"""/reminders: how often, at what local hour, quiet hours, weekends, time zone, and
pausing or resuming every reminder. One setting per visit; the pledges are rescheduled."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bot.flows.draft import Data
from bot.flows.effects import UpdateReminderSettings
from bot.flows.engine import Completion, Flow
from bot.flows.formatting import UTC, show_hour, show_time_zone
from bot.flows.model import N_, FlowContext, ReminderSettings, Reply
from bot.flows.registration import parse_time_zone
from bot.flows.steps import ChoiceStep, InvalidAnswerError, TextStep
from bot.hours import HourError, parse_hour, parse_hours
from bot.reminders.schedule import in_quiet_hours
from vocabulary import DEFAULT_CADENCE, ReminderDefaults

CADENCES = (
    ("monthly", N_("Monthly")),
    ("quarterly", N_("Quarterly")),
    ("half_yearly", N_("Every six months")),
    ("yearly", N_("Yearly")),
)
WEEKENDS = (("skip", N_("Not on weekends")), ("allow", N_("Weekends are fine")))


def _settings(ctx: FlowContext) -> ReminderSettings:
    return ctx.reminder_settings or ReminderSettings(
        DEFAULT_CADENCE, ReminderDefaults.HOUR, ReminderDefaults.QUIET_START,
        ReminderDefaults.QUIET_END, ReminderDefaults.SKIP_WEEKENDS, None, False)


class SettingStep(ChoiceStep):
    """The current settings, and which one to change."""

    def ask(self, data: Data, ctx: FlowContext) -> str:
        settings = _settings(ctx)
        cadence = ctx._(dict(CADENCES)[settings.cadence])
        lines = [
            ctx._("Your reminders:"),
            ctx._("How often: {cadence}").format(cadence=cadence),
            ctx._("Time of day: {time}").format(time=show_hour(settings.hour, ctx)),
            ctx._("Quiet hours: {start} to {end}").format(
                start=show_hour(settings.quiet_start, ctx),
                end=show_hour(settings.quiet_end, ctx)),
            ctx._(dict(WEEKENDS)["skip" if settings.skip_weekends else "allow"]),
            ctx._("Time zone: {zone}").format(
                zone=show_time_zone(settings.time_zone or UTC, ctx)),
        ]
        if settings.paused:
            lines.append(ctx._("Reminders are paused."))
        if not ctx.abilities.writes_first:
            lines += ["", ctx._("In this terminal I cannot write to you first, so no "
                                "reminder can reach you here: when a report is due I will "
                                "say so the next time you open the chat. On Telegram or "
                                "Slack, reminders come on their own.")]
        return "\n".join(lines) + "\n\n" + ctx._("What would you like to change?")


def _setting_options(data: Data, ctx: FlowContext) -> list[tuple[str, str]]:
    pause = ("resume", N_("Resume reminders")) if _settings(ctx).paused else \
        ("pause", N_("Pause all reminders"))
    return [("cadence", N_("How often")), ("hour", N_("Time of day")),
            ("quiet", N_("Quiet hours")), ("weekends", N_("Weekends")),
            ("time_zone", N_("Time zone")), pause]


def _parse_hour(text: str, data: Data, ctx: FlowContext) -> Mapping[str, Any]:
    try:
        return {"hour": parse_hour(text, ctx.locale)}
    except HourError as error:
        raise InvalidAnswerError(ctx._("Please give an hour from 0 to 23, for example 9 or "
                                       "14:00.")) from error


def _parse_quiet(text: str, data: Data, ctx: FlowContext) -> Mapping[str, Any]:
    try:
        return {"quiet": list(parse_hours(text, ctx.locale))}
    except HourError as error:
        raise InvalidAnswerError(ctx._("Please give two hours, for example 22-7 for 22:00 "
                                       "to 07:00.")) from error


def _chosen(setting: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda data: data.get("setting") == setting


def _complete(data: Mapping[str, Any], ctx: FlowContext) -> Completion:
    setting = data["setting"]
    making: dict[str, Callable[[], dict[str, Any]]] = {
        "cadence": lambda: {"cadence": data["cadence"]},
        "hour": lambda: {"reminder_hour": data["hour"]},
        "quiet": lambda: {"quiet_start": data["quiet"][0], "quiet_end": data["quiet"][1]},
        "weekends": lambda: {"skip_weekends": data["weekends"] == "skip"},
        "time_zone": lambda: {"time_zone": data["time_zone"]},
        "pause": lambda: {"paused": True},
        "resume": lambda: {"paused": False},
    }
    changes = making[setting]()
    return Completion(replies=_quiet_clash(changes, ctx),
                      effects=(UpdateReminderSettings(changes),))


def _quiet_clash(changes: Mapping[str, Any], ctx: FlowContext) -> tuple[Reply, ...]:
    """An hour inside the quiet hours is kept, and the pledger told when reminders will
    come instead (at the end of the quiet hours)."""
    settings = ctx.reminder_settings
    if settings is None:
        return ()
    hour = changes.get("reminder_hour", settings.hour)
    start = changes.get("quiet_start", settings.quiet_start)
    end = changes.get("quiet_end", settings.quiet_end)
    if not in_quiet_hours(hour, start, end):
        return ()
    return (Reply(ctx._("{time} falls in your quiet hours ({start} to {end}), so reminders "
                        "will come at {end}.").format(
        time=show_hour(hour, ctx), start=show_hour(start, ctx), end=show_hour(end, ctx))),)


REMINDER_SETTINGS_FLOW = Flow(
    "reminders",
    (
        SettingStep("setting", "", _setting_options),
        ChoiceStep("cadence", N_("How often should I ask for a progress report?"),
                   lambda data, ctx: CADENCES, applies=_chosen("cadence")),
        TextStep("hour", N_("At what hour of your day? (0 to 23)"), _parse_hour,
                 applies=_chosen("hour")),
        TextStep("quiet", N_("Between which hours should I never write? For example 22-7."),
                 _parse_quiet, applies=_chosen("quiet")),
        ChoiceStep("weekends", N_("May reminders come on weekends?"),
                   lambda data, ctx: WEEKENDS, applies=_chosen("weekends")),
        TextStep("time_zone", N_("Which time zone? Type a city, for example Nairobi."),
                 parse_time_zone, applies=_chosen("time_zone")),
    ),
    _complete,
    holds_input=False,
)
