"""The terminal channel: `p2c-bot chat`. Choices are numbered; a number or the label
both work. State is in the database, so quitting and coming back resumes the flow."""

from __future__ import annotations

from collections.abc import Callable

from bot.flows.model import Reply, Text
from bot.flows.steps import DONE
from bot.turns import ChatUser, TurnRunner
from vocabulary import Channel

CHANNEL = Channel.CONSOLE
QUIT_WORDS = {"quit", "exit", ":q"}


def render(reply: Reply) -> str:
    """Answers numbered (the engine reads a typed number the same way); navigation and
    Done on one line, as words that can be typed."""
    lines = [reply.text]
    answers = [c for c in reply.choices if not c.is_navigation and c.plain_id != DONE]
    for number, choice in enumerate(answers, start=1):
        mark = ("[x] " if choice.selected else "[ ] ") if reply.multi else ""
        lines.append(f"  {number:>2}) {mark}{choice.label}")
    navigation = [c.label for c in reply.choices if c.is_navigation or c.plain_id == DONE]
    if navigation:
        lines.append("  (" + " · ".join(navigation) + ")")
    return "\n".join(lines)


def chat(runner: TurnRunner, user_name: str, language: str | None,
         read: Callable[[str], str] = input, write: Callable[[str], None] = print) -> None:
    user = ChatUser(CHANNEL, user_name, display_name=user_name, language=language)
    translator = runner.catalogs.translator(runner.catalogs.best_match(language))
    write(translator.gettext("Partner2Connect pledge assistant. Type quit to leave; your "
                             "answers are kept.") + "\n")
    for reply in runner.resume(user).replies:
        write(render(reply) + "\n")
    while True:
        try:
            line = read("> ")
        except (EOFError, KeyboardInterrupt):
            write("")
            return
        if line.strip().casefold() in QUIT_WORDS:
            return
        if not line.strip():
            continue
        for reply in runner.handle(user, Text(line)).replies:
            write(render(reply) + "\n")
