"""The conversation engine: `advance(state, input, context) -> Turn`.

It owns everything that is the same in every flow: commands (`back`, `skip`, `cancel`,
`help`, `menu`), re-asking after bad input without losing anything, editing one answer
from a review, and resuming a stored conversation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bot.flows import buttons, hints
from bot.flows.buttons import Press
from bot.flows.draft import Working, answers
from bot.flows.effects import SetLanguage
from bot.flows.formatting import language_name, show_list
from bot.flows.hints import CONVERSATION_WORDS
from bot.flows.model import (
    COMMAND_PREFIX,
    COMMANDS,
    DESK_COMMANDS,
    MAX_TEXT_LENGTH,
    MENU_COMMANDS,
    REMINDER_COMMANDS,
    UNSET,
    Choice,
    Choose,
    Command,
    ConversationState,
    Effect,
    FlowContext,
    LastPress,
    Pick,
    Reply,
    Text,
    Turn,
    Unreadable,
    Upload,
    UserInput,
)
from bot.flows.steps import DONE, Goto, Invalid, Stay, Step, cannot_read
from bot.flows.typed_text import clean_typed

INSTANT_COMMANDS = frozenset(REMINDER_COMMANDS + DESK_COMMANDS)
"""Done at once, leaving whatever the user is in the middle of where it was."""
MAX_HISTORY = 40
CANCEL_WITHOUT_ASKING = 2
"""Cancelling loses this many answers without a second word; more are asked about."""



@dataclass(frozen=True)
class NextFlow:
    name: str
    data: Mapping[str, Any] = field(default_factory=dict)
    at: str | None = None


@dataclass(frozen=True)
class Completion:
    """How a flow ends: effects to apply, words to say, and perhaps a flow to go on
    with (registration leads into the pledge; "edit" leads into the pledge review)."""

    replies: tuple[Reply, ...] = ()
    effects: tuple[Effect, ...] = ()
    then: NextFlow | None = None


@dataclass(frozen=True)
class Flow:
    """A named sequence of steps; `complete` turns the collected answers into how the
    flow ends. A flow that `holds_input` is never abandoned by a menu command."""

    name: str
    steps: tuple[Step, ...]
    complete: Callable[[Mapping[str, Any], FlowContext], Completion]
    holds_input: bool = True

    def step(self, key: str) -> Step:
        return next(s for s in self.steps if s.key == key)

    def index(self, key: str) -> int:
        return next(i for i, s in enumerate(self.steps) if s.key == key)

    def next_step(self, data: Mapping[str, Any], after: str | None, editing: bool) -> Step | None:
        """The next question that applies; when editing from a review, only questions
        the edit left unanswered (a new focus area needs a new pillar) are asked."""
        start = 0 if after is None else self.index(after) + 1
        for step in self.steps[start:]:
            if step.applies(data) and (not editing or step.needs_answer(data)):
                return step
        return None


IdleHandler = Callable[["Engine", UserInput, FlowContext], Turn]
InstantHandler = Callable[[Command, FlowContext], tuple[tuple[Reply, ...], tuple[Effect, ...]]]


class Engine:
    """Flows by name, plus what to do when no flow is running (the menu)."""

    def __init__(self, flows: Mapping[str, Flow], idle: IdleHandler,
                 general_help: Callable[[FlowContext], str], instant: InstantHandler) -> None:
        self.flows = dict(flows)
        self._idle = idle
        self.general_help = general_help
        self.instant = instant

    def idle(self, given: UserInput, ctx: FlowContext) -> Turn:
        return self._idle(self, given, ctx)

    def advance(self, state: ConversationState, given: UserInput, ctx: FlowContext) -> Turn:
        """The turn for one input. A button press is first checked against the question
        that showed the button; the turn's replies carry the new version."""
        if isinstance(given, Text):
            if given.token and buttons.version_of(given.token) != state.version:
                return self._written_too_late(state, given, ctx)
            given = Text(clean_typed(given.text))
        press = buttons.read(given)
        if press is None:
            return self._settle(state, self._advance(state, given, ctx), None)
        if press.version == state.version or (press.standalone and self._at_rest(state)):
            turn = self._recorded(state, self._advance(state, press.given, ctx), press, ctx)
            return self._settle(state, turn, press)
        return self._outdated(state, press, ctx)

    def resume(self, state: ConversationState, ctx: FlowContext) -> Turn:
        """What a returning user sees: the menu, or a welcome back and the question they
        were at; where no reminder could reach them, the reports that are due first."""
        if state.idle:
            menu = self._settle(state, self.idle(Command("menu"), ctx), None)
            due = [p.reference for p in ctx.pledges if p.report_due]
            if ctx.abilities.writes_first or not due:
                return menu
            note = Reply(ctx.ngettext("A progress report is due on {pledges}. Say {report} "
                                      "to file it.",
                                      "Progress reports are due on {pledges}. Say {report} "
                                      "to file them.", len(due)).format(
                pledges=show_list(due, ctx), report=hints.command(ctx, "report")))
            return replace(menu, replies=(note, *menu.replies))
        welcome = self._with_prompt(ctx._("Welcome back! Let's continue where we were."),
                                    state, ctx)
        return self._settle(state, Turn(state, (welcome,)), None)

    def wants_file(self, state: ConversationState, upload: Upload, ctx: FlowContext) -> bool:
        """The question asked now would take this file if its bytes pass the checks:
        only then are they fetched."""
        return not state.idle and self._step(state).refuses_file(upload, state.data,
                                                                 ctx) is None

    def conclude(self, turn: Turn, replies: Sequence[Reply]) -> Turn:
        """Adds replies worded once the turn's effects were applied (a pledge's reference),
        bound to the turn's question and remembered with its press."""
        if not replies:
            return turn
        replies = turn.replies + buttons.stamp(replies, turn.state.version)
        state = turn.state
        if turn.remembered and state.last_press is not None:
            state = replace(state, last_press=replace(state.last_press, replies=replies))
        return replace(turn, state=state, replies=replies)

    def _settle(self, before: ConversationState, turn: Turn, press: Press | None) -> Turn:
        """Counts a change of question, binds the replies' buttons to it, and remembers a
        press that caused it."""
        changed = turn.state.position != before.position
        version = before.version + 1 if changed else before.version
        replies = buttons.stamp(turn.replies, version)
        last_press, remembered = before.last_press, False
        if changed and press is not None and press.version is not None:
            last_press, remembered = LastPress(press.version, press.key, replies), True
        state = replace(turn.state, version=version, last_press=last_press)
        return replace(turn, state=state, replies=replies, remembered=remembered)

    def _recorded(self, before: ConversationState, turn: Turn, press: Press,
                  ctx: FlowContext) -> Turn:
        """A press that answered a question and moved on is recorded first: the question
        with the answer chosen, to replace the pressed message. A press that stays on
        its question (a tick, a refused choice) changes that message instead."""
        if before.idle or press.version is None or not isinstance(press.given, Pick):
            return turn
        if not turn.state.idle and (turn.state.flow, turn.state.step) == \
                (before.flow, before.step):
            return turn
        asked = self.prompt(before, ctx)
        pressed = next((c for c in asked.choices if c.plain_id == press.given.choice_id), None)
        if pressed is None:
            return turn
        answer = pressed.label
        if pressed.plain_id == DONE:
            answer = show_list([c.label for c in asked.choices if c.selected], ctx) or \
                ctx._("(none)")
        record = Reply(asked.text + "\n\n" + ctx.fill("» {answer}", answer=answer),
                       replaces_press=True)
        return replace(turn, replies=(record, *turn.replies))

    def _at_rest(self, state: ConversationState) -> bool:
        """No answers would be lost by acting on a menu button from an older message."""
        return state.idle or not self._flow(state).holds_input

    def _outdated(self, state: ConversationState, press: Press, ctx: FlowContext) -> Turn:
        """A press of a button whose question has moved on changes nothing. The second
        press of a button that moved it on (a double tap) gets the same answer again;
        any other is told so, and shown where the conversation is."""
        last = state.last_press
        if last is not None and (last.version, last.key) == (press.version, press.key) \
                and state.version == last.version + 1:
            return Turn(state, last.replies)
        notice = ctx._("That question has moved on, so that button no longer applies. "
                       "Nothing was changed.")
        if state.idle:
            menu = self._settle(state, self.idle(Command("menu"), ctx), None)
            first, *rest = menu.replies
            shown = replace(first, text=f"{notice}\n\n{first.text}")
            return replace(menu, replies=(shown, *rest), notice=notice)
        reply = self._with_prompt(notice, state, ctx)
        return Turn(state, buttons.stamp((reply,), state.version), notice=notice)

    def _written_too_late(self, state: ConversationState, given: Text,
                          ctx: FlowContext) -> Turn:
        """An answer written in a form for a question that has moved on is not used for
        another question, and not lost either: it is shown back to be copied."""
        notice = ctx._("That question has moved on, so your answer was not used. Here it "
                       "is, to copy:")
        quoted = Reply(f"{notice}\n\n{given.text}")
        turn = self._settle(state, self.idle(Command("menu"), ctx) if state.idle
                            else self.ask(state, ctx), None)
        return replace(turn, replies=(quoted, *turn.replies), notice=notice)

    def _advance(self, state: ConversationState, given: UserInput, ctx: FlowContext) -> Turn:
        if isinstance(given, Upload) and state.idle:
            given = Unreadable("file")
        if Working.CANCELLING in state.data:
            said = self._as_command(given, ctx)
            if said is None or said.name != "cancel":
                state = state.with_data({Working.CANCELLING: UNSET})
        refusal = self._unusable(given, ctx)
        if refusal is not None:
            if state.idle:
                menu = self.idle(Command("menu"), ctx)
                return replace(menu, replies=(Reply(refusal), *menu.replies))
            return Turn(state, (self._with_prompt(refusal, state, ctx),))
        if isinstance(given, Text) and not state.idle:
            given = self._numbered_choice(state, given, ctx)
        command = self._as_command(given, ctx)
        if command is not None:
            return self.command(state, command, ctx)
        if state.idle:
            return self.idle(given, ctx)
        if isinstance(given, Upload):
            outcome = self._step(state).receive(given, state.data, ctx)
        elif isinstance(given, Text | Pick | Choose):
            outcome = self._step(state).accept(given, state.data, ctx)
        else:
            return self.ask(state, ctx)
        if isinstance(outcome, Invalid):
            return Turn(state, (self._with_prompt(outcome.message, state, ctx),),
                        refusal=outcome.message)
        if isinstance(outcome, Stay):
            return self.ask(state.with_data(outcome.updates), ctx)
        if isinstance(outcome, Goto):
            moved = replace(
                state.with_data(outcome.updates),
                step=outcome.step,
                history=self._history(state),
                editing=state.editing if outcome.editing is None else outcome.editing,
            )
            if outcome.notice:
                return Turn(moved, (self._with_prompt(outcome.notice, moved, ctx),))
            return self.ask(moved, ctx)
        answered = state.with_data(outcome.updates)
        turn = self.forward(answered, ctx)
        step = self._step(state)
        if not (step.echo and isinstance(given, Text) and turn.replies):
            return turn
        noted = ctx._("Noted: {answer}.").format(answer=step.describe(answered.data, ctx))
        first, *rest = turn.replies
        return replace(turn, replies=(replace(first, text=f"{noted}\n\n{first.text}"), *rest))

    def start(self, flow_name: str, ctx: FlowContext, data: Mapping[str, Any] | None = None,
              at: str | None = None, intro: str | None = None) -> Turn:
        """Begins a flow, at its first step or (to edit a saved pledge) at step `at`."""
        flow = self.flows[flow_name]
        state = ConversationState(flow=flow_name, data=dict(data or {}))
        first = flow.step(at) if at else flow.next_step(state.data, None, editing=False)
        if first is None:
            return self._complete(flow, state.data, ctx)
        turn = self.ask(replace(state, step=first.key), ctx)
        if intro:
            return replace(turn, replies=(Reply(intro), *turn.replies))
        return turn

    def _complete(self, flow: Flow, data: Mapping[str, Any], ctx: FlowContext) -> Turn:
        completion = flow.complete(data, ctx)
        if completion.then is None:
            return Turn(ConversationState(), completion.replies, completion.effects)
        following = self.start(completion.then.name, ctx, completion.then.data,
                               at=completion.then.at)
        return Turn(following.state, completion.replies + following.replies,
                    completion.effects + following.effects)

    def forward(self, state: ConversationState, ctx: FlowContext) -> Turn:
        flow = self._flow(state)
        following = flow.next_step(state.data, state.step, state.editing)
        if following is None:
            return self._complete(flow, state.data, ctx)
        moved = replace(
            state,
            step=following.key,
            history=self._history(state),
            editing=state.editing and following is not flow.steps[-1],
        )
        return self.ask(moved, ctx)

    def ask(self, state: ConversationState, ctx: FlowContext) -> Turn:
        return Turn(state, (self.prompt(state, ctx),))

    def prompt(self, state: ConversationState, ctx: FlowContext) -> Reply:
        step = self._step(state)
        return step.prompt(state.data, ctx, can_go_back=bool(state.history))

    def command(self, state: ConversationState, command: Command, ctx: FlowContext) -> Turn:
        name = command.name
        if name == "help":
            return self._help(state, ctx)
        if name in INSTANT_COMMANDS:
            replies, effects = self.instant(command, ctx)
            return Turn(state, replies, effects)
        if name == "language" and (command.argument or not state.idle):
            return self._language(state, command, ctx)
        if state.idle or name in MENU_COMMANDS:
            return self._switch(state, command, ctx)
        if name == "cancel":
            return self._cancel(state, ctx)
        if name == "back":
            return self._back(state, ctx)
        return self._skip(state, ctx)

    def _language(self, state: ConversationState, command: Command,
                  ctx: FlowContext) -> Turn:
        """The language changes at any time, leaving the conversation where it is: in
        the middle of a question the languages are offered beside it, and once one is
        chosen the runner asks the question again in it (`ask_again`)."""
        if command.argument in ctx.languages:
            return Turn(state, (), (SetLanguage(command.argument,
                                                in_conversation=not state.idle),))
        return Turn(state, (Reply(ctx._("Which language would you like me to use?"),
                                  choices=tuple(Choice(f"{COMMAND_PREFIX}language:{code}",
                                                       language_name(code))
                                                for code in ctx.languages)),))

    def ask_again(self, turn: Turn, ctx: FlowContext) -> Turn:
        """After a change of language: the question in progress, asked again in `ctx`'s
        language with its answers so far, bound to the same question."""
        if turn.state.idle:
            return turn
        again = buttons.stamp((self.prompt(turn.state, ctx),), turn.state.version)
        return replace(turn, replies=turn.replies + again)

    def _cancel(self, state: ConversationState, ctx: FlowContext) -> Turn:
        """Cancel drops the answers at once when there are few; with more, it asks first,
        and a second cancel drops them."""
        given = len(answers(state.data))
        if given <= CANCEL_WITHOUT_ASKING or state.data.get(Working.CANCELLING):
            return self.idle(Command("cancel"), ctx)
        asking = state.with_data({Working.CANCELLING: True})
        note = ctx.ngettext("Cancel now and the answer you gave ({count}) is lost. Say "
                            "{cancel} again to discard it, or answer the question to go on.",
                            "Cancel now and the answers you gave ({count}) are lost. Say "
                            "{cancel} again to discard them, or answer the question to go on.",
                            given).format(count=given, cancel=hints.command(ctx, "cancel"))
        return Turn(asking, (self._with_prompt(note, asking, ctx),))

    def _switch(self, state: ConversationState, command: Command, ctx: FlowContext) -> Turn:
        """Menu commands never throw away typed answers: a flow holding input is resumed
        (say /cancel to leave it); otherwise the idle handler starts what was asked."""
        if not state.idle and self._flow(state).holds_input:
            note = ctx._("You have unfinished answers; let's continue where we were. "
                         "Say {cancel} to discard them.").format(
                             cancel=hints.command(ctx, "cancel"))
            if command.name in {"start", "menu"}:
                note = ctx._("Welcome back! Let's continue where we were.")
            return Turn(state, (self._with_prompt(note, state, ctx),))
        if command.name in {"back", "skip", "cancel"}:
            return self.idle(Command("menu"), ctx)
        return self.idle(command, ctx)

    def _back(self, state: ConversationState, ctx: FlowContext) -> Turn:
        flow = self._flow(state)
        history = list(state.history)
        while history:
            previous = flow.step(history.pop())
            if previous.applies(state.data):
                return self.ask(replace(state, step=previous.key, history=tuple(history),
                                        editing=False), ctx)
        return Turn(state, (self._with_prompt(ctx._("This is the first question."),
                                              state, ctx),))

    def _skip(self, state: ConversationState, ctx: FlowContext) -> Turn:
        step = self._step(state)
        if not step.optional(state.data):
            message = ctx._("This question needs an answer; it cannot be skipped.")
            return Turn(state, (self._with_prompt(message, state, ctx),))
        return self.forward(state.with_data(step.skipped(state.data)), ctx)

    def _help(self, state: ConversationState, ctx: FlowContext) -> Turn:
        general = self.general_help(ctx)
        if state.idle:
            return self.idle(Command("help"), ctx)
        specific = self._step(state).help(ctx)
        text = f"{specific}\n\n{general}" if specific else general
        return Turn(state, (self._with_prompt(text, state, ctx),))

    def _flow(self, state: ConversationState) -> Flow:
        return self.flows[state.at[0]]

    def _step(self, state: ConversationState) -> Step:
        return self._flow(state).step(state.at[1])

    @staticmethod
    def _history(state: ConversationState) -> tuple[str, ...]:
        """The path so far plus the current step, bounded so that endless back-and-forth
        cannot grow the stored state without limit."""
        return (*state.history, state.at[1])[-MAX_HISTORY:]

    def _with_prompt(self, message: str, state: ConversationState, ctx: FlowContext) -> Reply:
        prompt = self.prompt(state, ctx)
        return replace(prompt, text=f"{message}\n\n{prompt.text}")

    def _numbered_choice(self, state: ConversationState, given: Text,
                         ctx: FlowContext) -> UserInput:
        """A typed number picks the answer shown with that number, the way a numbered
        menu in a terminal reads. Navigation is not numbered, and in a multi-choice
        typed numbers are the whole answer (`4, 9 and 17`), so they are left as text."""
        typed = given.text.strip().rstrip(".)")
        if not typed.isdigit():
            return given
        prompt = self.prompt(state, ctx)
        choices = [c for c in prompt.choices if not c.is_navigation]
        if not prompt.multi and 1 <= int(typed) <= len(choices):
            return Pick(choices[int(typed) - 1].id)
        return given

    @staticmethod
    def _unusable(given: UserInput, ctx: FlowContext) -> str | None:
        """Why an input cannot be an answer at all, whatever the question."""
        if isinstance(given, Unreadable):
            return cannot_read(ctx)
        if isinstance(given, Text) and len(given.text) > MAX_TEXT_LENGTH:
            length = len(given.text)
            return ctx.ngettext("That message is too long ({length} character); please keep "
                                "it under {maximum}.",
                                "That message is too long ({length} characters); please keep "
                                "it under {maximum}.", length).format(
                length=length, maximum=MAX_TEXT_LENGTH)
        if isinstance(given, Text) and not given.text.strip():
            return ctx._("That message was empty.")
        return None

    @staticmethod
    def _as_command(given: UserInput, ctx: FlowContext) -> Command | None:
        if isinstance(given, Command):
            return given
        if isinstance(given, Pick):
            if not given.choice_id.startswith(COMMAND_PREFIX):
                return None
            name, _, argument = given.choice_id.removeprefix(COMMAND_PREFIX).partition(":")
            return Command(name, argument or None) if name in COMMANDS else None
        if not isinstance(given, Text):
            return None
        typed = given.text.strip()
        if typed.startswith("/"):
            words = typed[1:].split(maxsplit=1)
            name = words[0].split("@")[0].casefold() if words else ""
            said = words[1].strip() if len(words) > 1 else None
            return Command(name, said) if name in COMMANDS else Command("help")
        return hints.typed_command(typed, ctx, CONVERSATION_WORDS)
