"""The terminal channel: `p2c-bot chat`. Choices are numbered; a number or the label
both work. State is in the database, so quitting and coming back resumes the flow.

In a terminal, lines are read with prompt_toolkit: line editing, history, and a paste
(bracketed paste) read as one answer however many lines it has. A question that wants a
paragraph takes lines until an empty one, so a description can have several."""

from __future__ import annotations

import sys
from collections.abc import Callable

from prompt_toolkit import PromptSession
from prompt_toolkit.history import InMemoryHistory

from bot.flows.model import Reply, Text
from bot.flows.steps import DONE
from bot.i18n import Translator
from bot.turns import ChatUser, TurnRunner
from vocabulary import Channel

CHANNEL = Channel.CONSOLE
QUIT_WORDS = {"quit", "exit", ":q"}
PROMPT, CONTINUATION = "> ", "… "

Read = Callable[[str], str]


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


def terminal_reader() -> Read:
    """prompt_toolkit in a terminal; plain `input` when reading a pipe."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return input
    session: PromptSession[str] = PromptSession(history=InMemoryHistory())
    return session.prompt


def read_answer(read: Read, paragraph: bool) -> str:
    """One answer: a line (a paste counts as one), or for a paragraph every line up to
    an empty one."""
    first = read(PROMPT)
    if not paragraph or not first.strip():
        return first
    lines = [first]
    while (line := read(CONTINUATION)).strip():
        lines.append(line)
    return "\n".join(lines)


def chat(runner: TurnRunner, user_name: str, language: str | None,
         read: Read | None = None, write: Callable[[str], None] = print) -> None:
    user = ChatUser(CHANNEL, user_name, display_name=user_name, language=language)
    translator = runner.catalogs.translator(runner.catalogs.best_match(language))
    reader = read or terminal_reader()
    write(translator.gettext("Partner2Connect pledge assistant. Type quit to leave; your "
                             "answers are kept.") + "\n")
    replies = runner.resume(user).replies
    _show(replies, translator, write)
    while True:
        paragraph = bool(replies) and replies[-1].long_answer
        try:
            line = read_answer(reader, paragraph)
        except (EOFError, KeyboardInterrupt):
            write("")
            return
        if line.strip().casefold() in QUIT_WORDS:
            write(translator.gettext("Goodbye! Your answers are kept: run p2c-bot chat "
                                     "again to go on where you left off."))
            return
        if not line.strip():
            continue
        replies = runner.handle(user, Text(line)).replies
        _show(replies, translator, write)


def _show(replies: tuple[Reply, ...], translator: Translator,
          write: Callable[[str], None]) -> None:
    for reply in replies:
        text = render(reply)
        if reply.long_answer:
            text += "\n" + translator.gettext("(Several lines are welcome; finish with an "
                                              "empty line.)")
        write(text + "\n")
