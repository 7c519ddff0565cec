"""What each channel lets a pledger do, so that every hint names what they actually have:
Telegram has slash commands and buttons; Slack one slash command with subcommands,
buttons and menus; a terminal numbered choices and plain words."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from vocabulary import Channel

SLACK_COMMAND = "/pledge"
"""Slack's client refuses a command the app did not register: there is only this one."""


class CommandStyle(Enum):
    SLASH = "slash"
    """`/report`, as Telegram's command menu lists them."""
    SUBCOMMAND = "subcommand"
    """`/pledge report`: Slack's one registered command and a word after it."""
    WORD = "word"
    """`report`: typed as a plain word (a terminal)."""


@dataclass(frozen=True)
class Abilities:
    commands: CommandStyle
    buttons: bool
    """Choices can be pressed; without, they are numbered and typed."""
    several_in_a_menu: bool = False
    """Several-of questions show a multi-select menu rather than toggling buttons."""
    writes_first: bool = True
    """The bot can send a message unasked (a reminder); a terminal only answers.
    How each command is worded for these abilities is `bot.flows.hints.command`."""
    sends_files: bool = True
    """Photos and documents can be sent in the chat (a story's); a terminal cannot."""


ABILITIES = {
    Channel.TELEGRAM: Abilities(CommandStyle.SLASH, buttons=True),
    Channel.SLACK: Abilities(CommandStyle.SUBCOMMAND, buttons=True, several_in_a_menu=True),
    Channel.CONSOLE: Abilities(CommandStyle.WORD, buttons=False, writes_first=False,
                               sends_files=False),
}
