"""Hints worded for the pledger's channel (`bot.flows.abilities`): how to give a
command, how to pick an answer, how to pick several. A terminal has no buttons to press
and Slack has no `/report`, so neither is told to use one."""

from __future__ import annotations

from collections.abc import Iterable

from bot.flows.abilities import SLACK_COMMAND, CommandStyle
from bot.flows.formatting import show_list
from bot.flows.model import N_, Command, FlowContext
from bot.matching import normalize

SLACK_SUBCOMMANDS = {"mypledges": "list"}
"""Where Slack's word after /pledge differs from the command's name."""

COMMAND_WORDS = {
    "pledge": N_("pledge"),
    "mypledges": N_("my pledges"),
    "report": N_("report"),
    "reminders": N_("reminders"),
    "language": N_("language"),
    "help": N_("help"),
    "back": N_("back"),
    "skip": N_("skip"),
    "cancel": N_("cancel"),
    "menu": N_("menu"),
    "review": N_("review"),
    "find": N_("find"),
    "stats": N_("stats"),
    "overdue": N_("overdue"),
    "digest": N_("digest"),
    "export": N_("export"),
    "story": N_("story"),
    "stories": N_("stories"),
}
"""The words that give a command where commands are typed as words (a terminal, and
back/skip/cancel/help in Slack's direct messages), in the pledger's language."""

CONVERSATION_WORDS = frozenset({"help", "back", "skip", "cancel", "menu"})
"""Commands that may be typed as a word at any question."""


def typed_command(text: str, ctx: FlowContext, names: Iterable[str]) -> Command | None:
    """The command among `names` whose word the text is, in English or the pledger's
    language (`cancel`, `annuler`), in any case."""
    typed = normalize(text)
    for name in names:
        word = COMMAND_WORDS[name]
        if typed in {normalize(word), normalize(ctx._(word))}:
            return Command(name)
    return None


def command(ctx: FlowContext, name: str) -> str:
    """How the pledger gives command `name` on their channel: `/report` on Telegram,
    `/pledge report` on Slack (or a plain word for back, skip, cancel and help, which
    are typed in the conversation), `report` in a terminal."""
    style = ctx.abilities.commands
    if style is CommandStyle.SLASH:
        return f"/{name}"
    if style is CommandStyle.SUBCOMMAND and name not in CONVERSATION_WORDS:
        return SLACK_COMMAND if name == "pledge" else \
            f"{SLACK_COMMAND} {SLACK_SUBCOMMANDS.get(name, name)}"
    return ctx._(COMMAND_WORDS[name])


def choose_one(ctx: FlowContext) -> str:
    if ctx.abilities.buttons:
        return ctx._("Please choose one of the options: press a button, or type its name.")
    return ctx._("Please choose one of the options: type its number or its name.")


def choose_several(ctx: FlowContext) -> str:
    if ctx.abilities.several_in_a_menu:
        return ctx._("Choose in the menu, then press Done; or type their names, separated "
                     "by commas.")
    if ctx.abilities.buttons:
        return ctx._("Press the buttons to select, then Done; or type their names, "
                     "separated by commas.")
    return ctx._("Type their numbers or names, separated by commas, e.g. 1, 3 and 5.")


def not_recognised(ctx: FlowContext, items: list[str]) -> str:
    return ctx._("I did not recognise: {items}.").format(items=show_list(items, ctx)) + " " + \
        choose_several(ctx)
