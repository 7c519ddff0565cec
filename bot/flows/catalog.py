"""The engine with every flow the bot offers, assembled in one place."""

from __future__ import annotations

from bot.flows.desk import NOTE_FLOW, desk_action
from bot.flows.engine import Engine
from bot.flows.language import LANGUAGE_FLOW
from bot.flows.menu import general_help, idle, reminder_action
from bot.flows.model import REMINDER_COMMANDS, Command, Effect, FlowContext, Reply
from bot.flows.my_pledges import MY_PLEDGES_FLOW
from bot.flows.pledge import PLEDGE_FLOW
from bot.flows.registration import REGISTRATION_FLOW
from bot.flows.reminder_settings import REMINDER_SETTINGS_FLOW
from bot.flows.report import REPORT_FLOW
from bot.flows.story import STORY_FLOW
from bot.flows.story_desk import STORY_NOTE_FLOW


def build_engine() -> Engine:
    flows = (REGISTRATION_FLOW, PLEDGE_FLOW, MY_PLEDGES_FLOW, LANGUAGE_FLOW, REPORT_FLOW,
             REMINDER_SETTINGS_FLOW, NOTE_FLOW, STORY_FLOW, STORY_NOTE_FLOW)
    return Engine({flow.name: flow for flow in flows}, idle=idle, general_help=general_help,
                  instant=instant_action)


def instant_action(command: Command, ctx: FlowContext) -> tuple[tuple[Reply, ...],
                                                                 tuple[Effect, ...]]:
    """A reminder's snooze or pause, or a secretariat command."""
    if command.name in REMINDER_COMMANDS:
        return reminder_action(command, ctx)
    return desk_action(command, ctx)
