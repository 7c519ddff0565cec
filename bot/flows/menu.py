"""What the bot does when no flow is running: the main menu, help, and starting flows
(registration comes first for a pledger whose organization is not known yet)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.flows import hints
from bot.flows.desk import desk_action, start_note
from bot.flows.desk_effects import RecordRefusal
from bot.flows.draft import Working
from bot.flows.effects import PauseReminders, SnoozeReminders
from bot.flows.formatting import pledge_line
from bot.flows.menu_choices import menu_choices
from bot.flows.model import (
    COMMAND_PREFIX,
    DESK_COMMANDS,
    N_,
    NOTE_COMMANDS,
    Choice,
    Command,
    ConversationState,
    Effect,
    FlowContext,
    Reply,
    Text,
    Turn,
    UserInput,
)
from bot.flows.report import report_start_data, reportable
from bot.flows.steps import match_choice
from bot.flows.story import start_story

if TYPE_CHECKING:
    from bot.flows.engine import Engine


HELP_LINES = (
    ("pledge", N_("make a new pledge")),
    ("mypledges", N_("see, edit or withdraw your pledges")),
    ("report", N_("report progress on a pledge")),
    ("reminders", N_("when and how often I remind you")),
    ("story", N_("share a best-practice story about an approved pledge")),
    ("language", N_("choose the language I write in")),
    ("back", N_("go back one question")),
    ("skip", N_("skip an optional question")),
    ("cancel", N_("stop what we are doing (nothing is saved)")),
    ("help", N_("this help")),
)
SECRETARIAT_HELP_LINES = (
    ("review", N_("the pledges waiting for review, to approve, reject or send back")),
    ("find", N_("a pledge by reference, or pledges by a word")),
    ("stats", N_("the totals now")),
    ("overdue", N_("overdue pledges and reminders that may not have arrived")),
    ("digest", N_("send the digest now")),
    ("export", N_("all pledges as a file: csv, xlsx or json")),
    ("stories", N_("best-practice stories waiting for review, to approve or reject")),
)
DESK_WORDS = tuple(name for name, _ in SECRETARIAT_HELP_LINES)
PLEDGE_COMMANDS = frozenset({"mypledges", "report", "story"})
"""Menu commands that may name one pledge (`cmd:report:P2C-2026-00042`)."""
MENU_WORDS = ("pledge", "mypledges", "report", "reminders", "language", "story")
"""Commands a pledger may type as a word at the main menu (`pledge`, `report`)."""


def general_help(ctx: FlowContext) -> str:
    """The commands as the pledger's channel gives them."""
    lines = [ctx._("I take pledges for Partner2Connect, the ITU Digital Coalition for "
                   "meaningful connectivity in hard-to-connect communities."),
             ctx._("What you can do:")]
    lines += [ctx.fill("{command} - {what}", command=hints.command(ctx, name),
                       what=ctx._(what)) for name, what in HELP_LINES]
    if ctx.secretariat:
        lines += ["", ctx._("For the secretariat:")]
        lines += [ctx.fill("{command} - {what}", command=hints.command(ctx, name),
                           what=ctx._(what))
                  for name, what in SECRETARIAT_HELP_LINES]
    return "\n".join(lines)


def _menu_word(given: UserInput, ctx: FlowContext) -> Command | None:
    """`report` typed at the menu; for the secretariat also `find broadband`, `export csv`."""
    if not isinstance(given, Text):
        return None
    said = hints.typed_command(given.text, ctx, MENU_WORDS)
    if said is not None or not ctx.secretariat:
        return said
    first, _, rest = given.text.strip().partition(" ")
    desk = hints.typed_command(first, ctx, DESK_WORDS)
    return Command(desk.name, rest.strip() or None) if desk else None


def idle(engine: Engine, given: UserInput, ctx: FlowContext) -> Turn:
    given = _menu_word(given, ctx) or given
    if not isinstance(given, Command):
        picked = match_choice(given, menu_choices(ctx))
        if picked is None and ctx.organization is None:
            return start_pledge(engine, ctx)
        if picked is None:
            return _menu(ctx, ctx._("Sorry, I did not understand that."))
        given = Command(picked.id.removeprefix(COMMAND_PREFIX))
    name = given.name
    if name in PLEDGE_COMMANDS and given.argument and not _own(given.argument, ctx):
        return _refused_reference(given, ctx)
    if name in NOTE_COMMANDS:
        return start_note(engine, given, ctx)
    if name in DESK_COMMANDS:
        replies, effects = desk_action(given, ctx)
        return Turn(ConversationState(), replies, effects)
    if name == "pledge":
        return start_pledge(engine, ctx)
    if name == "mypledges":
        if not ctx.pledges:
            return _menu(ctx, ctx._("You have no pledges yet."))
        if any(p.reference == given.argument for p in ctx.pledges):
            return engine.start("my_pledges", ctx, {"pledge": given.argument}, at="action")
        return engine.start("my_pledges", ctx)
    if name == "language":
        return engine.start("language", ctx)
    if name == "report":
        return start_report(engine, ctx, given.argument)
    if name == "story":
        return start_story(engine, ctx, given.argument)
    if name == "reminders":
        if not ctx.pledges:
            return _menu(ctx, ctx._("You have no pledges yet."))
        return engine.start("reminders", ctx)
    if name == "help":
        return _menu(ctx, general_help(ctx))
    if name == "cancel":
        return _menu(ctx, ctx._("Cancelled. Nothing was saved."))
    if ctx.organization is None:
        return start_pledge(engine, ctx)
    return _menu(ctx, ctx._("Welcome to Partner2Connect, {organization}! What would you "
                            "like to do?").format(organization=ctx.organization.name))


def start_report(engine: Engine, ctx: FlowContext, reference: str | None) -> Turn:
    answers = report_start_data(ctx, reference)
    if answers is None:
        return _menu(ctx, ctx._("You have no pledge to report on yet."))
    return engine.start("report", ctx, answers, at="status" if answers else None)


def reminder_action(command: Command, ctx: FlowContext) -> tuple[tuple[Reply, ...],
                                                                  tuple[Effect, ...]]:
    """Snooze or pause, from a reminder's buttons: done at once, whatever the pledger is
    in the middle of."""
    reference = command.argument
    if reference is None or not _own(reference, ctx):
        return (Reply(ctx._("That pledge is no longer available.")),), \
            (RecordRefusal(command.name, reference),)
    effect = SnoozeReminders(reference) if command.name == "snooze" else \
        PauseReminders(reference)
    return (), (effect,)


def _own(reference: str, ctx: FlowContext) -> bool:
    return any(p.reference == reference for p in ctx.pledges)


def _refused_reference(command: Command, ctx: FlowContext) -> Turn:
    """A button naming a pledge that is not the organization's (forged, or left from
    another account): nothing is opened, and the attempt is audited."""
    turn = _menu(ctx, ctx._("That pledge is no longer available."))
    return replace(turn, effects=(RecordRefusal(command.name, command.argument),))


def pledge_overview(ctx: FlowContext) -> Reply:
    """The pledger's pledges at a glance, with buttons to open each and to report on those
    still running (a home page)."""
    if not ctx.pledges:
        return Reply(ctx._("You have no pledges yet."), choices=menu_choices(ctx)[:1])
    lines = [ctx._("Your pledges:")]
    lines += [pledge_line(p, ctx) for p in ctx.pledges]
    views = [Choice(f"{COMMAND_PREFIX}mypledges:{p.reference}",
                    ctx._("Open {reference}").format(reference=p.reference))
             for p in ctx.pledges]
    reports = [Choice(f"{COMMAND_PREFIX}report:{p.reference}",
                      ctx._("Report on {reference}").format(reference=p.reference))
               for p in reportable(ctx)]
    return Reply("\n".join(lines), choices=(*views, *reports, menu_choices(ctx)[0]))


def start_pledge(engine: Engine, ctx: FlowContext) -> Turn:
    if ctx.organization is None:
        intro = ctx._(
            "Welcome to Partner2Connect! Before your first pledge, please tell me about "
            "your organization. You can type {help} at any time."
        ).format(help=hints.command(ctx, "help"))
        return engine.start("registration", ctx,
                            {Working.THEN: "pledge", Working.ASK_TIME_ZONE: ctx.time_zone is None},
                            intro=intro)
    intro = ctx._("Let's record a new pledge for {organization}.").format(
        organization=ctx.organization.name)
    return engine.start("pledge", ctx, intro=intro)


def _menu(ctx: FlowContext, text: str) -> Turn:
    return Turn(ConversationState(), (Reply(text, choices=menu_choices(ctx)),))
