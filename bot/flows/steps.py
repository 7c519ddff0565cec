"""Kinds of question a flow can ask. A step turns one input into an outcome; it never
moves the conversation itself, so `back`, `skip`, editing and resuming work the same for
every step."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bot.flows import hints
from bot.flows.draft import Data, selecting_key
from bot.flows.formatting import excerpt, show_list
from bot.flows.model import (
    COMMAND_PREFIX,
    N_,
    UNSET,
    Choice,
    Choose,
    FlowContext,
    Pick,
    Plural,
    Reply,
    StepInput,
    Text,
    Upload,
    UserInput,
)
from bot.flows.typed_text import one_line
from bot.matching import normalize
from bot.typed_lists import list_items
from bot.yes_no_words import read_yes_no

DONE = "done"


@dataclass(frozen=True)
class Answer:
    """The step is answered; apply the updates and move on."""

    updates: Mapping[str, Any]


@dataclass(frozen=True)
class Stay:
    """Still on this step (a toggle in a multi-choice), with updated working data."""

    updates: Mapping[str, Any]


@dataclass(frozen=True)
class Invalid:
    """The input cannot be used; say why and ask the same question again."""

    message: str


@dataclass(frozen=True)
class Goto:
    """Jump to another step of the flow (the review's "edit", a "no, re-type").
    `editing` None keeps whether we return to the review afterwards."""

    step: str
    updates: Mapping[str, Any] = field(default_factory=dict)
    editing: bool | None = None
    notice: str | None = None


Outcome = Answer | Stay | Invalid | Goto


class InvalidAnswerError(ValueError):
    """Raised by a parser with the message (already translated) to show the user."""


def always(_: Data) -> bool:
    return True


def never(_: Data) -> bool:
    return False


class Step(ABC):
    """A question. Subclasses say how it is asked and how an input is accepted."""

    def __init__(
        self,
        key: str,
        question: str,
        *,
        label: str | None = None,
        help_text: str | None = None,
        applies: Callable[[Data], bool] = always,
        optional: Callable[[Data], bool] = never,
        clears: Sequence[str] = (),
        echo: bool = False,
    ) -> None:
        self.key = key
        self.question = question
        self.echo = echo
        """A typed answer is said back as understood (`€2,500,000 (about US$2.7
        million)`) before the next question, not first seen at the review."""
        self.label = label
        self.help_text = help_text
        self.applies = applies
        self.optional = optional
        self.clears = tuple(clears)

    def needs_answer(self, data: Data) -> bool:
        if self.key not in data:
            return True
        return data[self.key] is None and not self.optional(data)

    def has_answer(self, data: Data) -> bool:
        return data.get(self.key) is not None

    def ask(self, data: Data, ctx: FlowContext) -> str:
        return ctx._(self.question)

    def options(self, data: Data, ctx: FlowContext) -> list[Choice]:
        return []

    def prompt(self, data: Data, ctx: FlowContext, *, can_go_back: bool) -> Reply:
        text = self.ask(data, ctx)
        if self.label and self.has_answer(data):
            text += "\n" + ctx._("Current answer: {answer}").format(
                answer=self.describe(data, ctx)
            )
        choices = list(self.options(data, ctx))
        choices += navigation(ctx, can_go_back=can_go_back, can_skip=self.optional(data))
        return Reply(text=text, choices=tuple(choices))

    def help(self, ctx: FlowContext) -> str:
        return ctx._(self.help_text) if self.help_text else ""

    @abstractmethod
    def accept(self, given: StepInput, data: Data, ctx: FlowContext) -> Outcome:
        """Turns a typed text or a pressed choice into an outcome."""

    def refuses_file(self, upload: Upload, data: Data, ctx: FlowContext) -> str | None:
        """Why this question will not take the file described, before its bytes are
        fetched; None when it would. Most questions take no files at all."""
        return cannot_read(ctx)

    def receive(self, upload: Upload, data: Data, ctx: FlowContext) -> Outcome:
        """A file sent at this question, its bytes checked and kept (or refused)."""
        return Invalid(self.refuses_file(upload, data, ctx) or cannot_read(ctx))

    def skipped(self, data: Data) -> Mapping[str, Any]:
        """The updates that record a skipped answer."""
        return {self.key: None, **dict.fromkeys(self.clears, UNSET)}

    def describe(self, data: Data, ctx: FlowContext) -> str:
        value = data.get(self.key)
        return ctx._("(none)") if value in (None, [], "") else str(value)

    def answered(self, updates: Mapping[str, Any]) -> Answer:
        return Answer({**dict.fromkeys(self.clears, UNSET), **updates})


def navigation(ctx: FlowContext, *, can_go_back: bool, can_skip: bool) -> list[Choice]:
    choices = []
    if can_go_back:
        choices.append(Choice(COMMAND_PREFIX + "back", ctx._("« Back")))
    if can_skip:
        choices.append(Choice(COMMAND_PREFIX + "skip", ctx._("Skip »")))
    choices.append(Choice(COMMAND_PREFIX + "cancel", ctx._("Cancel")))
    return choices


def match_choice(given: UserInput, choices: Sequence[Choice],
                 locale: str | None = None) -> Choice | None:
    """A pressed button, or what a person types for it: its number or its label (or the
    unambiguous start of the label), in any case; for a Yes or No button, with
    `locale`, a yes or no in English or that language (`oui`, `нет`, `是`). Anything
    else is no choice."""
    if isinstance(given, Pick):
        return next((c for c in choices if c.id == given.choice_id), None)
    if not isinstance(given, Text):
        return None
    typed = normalize(given.text).rstrip(".)")
    if typed.isdigit() and 1 <= int(typed) <= len(choices):
        return choices[int(typed) - 1]
    if not typed:
        return None
    exact = [c for c in choices if normalize(c.label) == typed]
    if exact:
        return exact[0]
    named = [c for c in choices if typed in _label_parts(c.label)]
    if len(named) == 1:
        return named[0]
    prefixed = [c for c in choices if normalize(c.label).startswith(typed)]
    if len(prefixed) == 1:
        return prefixed[0]
    answer = read_yes_no(given.text, locale) if locale else None
    wanted = {True: YES, False: NO}.get(answer) if answer is not None else None
    return next((c for c in choices if wanted and c.plain_id == wanted), None)


def _label_parts(label: str) -> set[str]:
    """The names a label is made of, each enough to pick it: `Civil society / NGO` is
    also `NGO`, `Foster adoption (ADOPTION)` also `adoption`."""
    return {normalize(part) for part in _LABEL_SEPARATORS.split(label) if part.strip()}


_LABEL_SEPARATORS = re.compile(r"\s*[/()·\uff08\uff09\uff0f]\s*")
"""Slashes, brackets and middle dots, full-width ones (Chinese labels) too."""


def cannot_read(ctx: FlowContext) -> str:
    return ctx._("I can only read text messages and button presses here.")


def not_a_choice(ctx: FlowContext) -> Invalid:
    return Invalid(hints.choose_one(ctx))


class ChoiceStep(Step):
    """One of a list. `options_of` gives (id, msgid label) pairs for the current data."""

    def __init__(
        self,
        key: str,
        question: str,
        options_of: Callable[[Data, FlowContext], Sequence[tuple[str, str]]],
        **kwargs: Any,
    ) -> None:
        super().__init__(key, question, **kwargs)
        self.options_of = options_of

    def options(self, data: Data, ctx: FlowContext) -> list[Choice]:
        return [Choice(option_id, ctx._(label)) for option_id, label in
                self.options_of(data, ctx)]

    def accept(self, given: StepInput, data: Data, ctx: FlowContext) -> Outcome:
        choice = match_choice(given, self.options(data, ctx), ctx.locale)
        if choice is None:
            return not_a_choice(ctx)
        return self.answered({self.key: choice.id})

    def describe(self, data: Data, ctx: FlowContext) -> str:
        labels = dict(self.options_of(data, ctx))
        value = data.get(self.key)
        return ctx._(labels[value]) if value in labels else super().describe(data, ctx)


CHOICE_SEPARATORS = "/+"
"""Besides commas: `4/9`, `4+9`."""


class MultiChoiceStep(ChoiceStep):
    """Several of a list: buttons toggle (✓) until Done, or typed all at once as
    numbers or names, e.g. `4, 9 and 17`, `4 et 9`, `4和9`."""

    def __init__(self, *args: Any, minimum: int = 1, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.minimum = minimum

    @property
    def draft_key(self) -> str:
        return selecting_key(self.key)

    def selected(self, data: Data) -> list[str]:
        if self.draft_key in data:
            return list(data[self.draft_key])
        return list(data.get(self.key) or [])

    def prompt(self, data: Data, ctx: FlowContext, *, can_go_back: bool) -> Reply:
        chosen = set(self.selected(data))
        options = [Choice(c.id, c.label, selected=c.id in chosen)
                   for c in self.options(data, ctx)]
        options.append(Choice(DONE, ctx._("Done ✓")))
        nav = navigation(ctx, can_go_back=can_go_back, can_skip=self.optional(data))
        text = ctx._(self.question) + "\n" + hints.choose_several(ctx)
        return Reply(text=text, choices=tuple(options + nav), multi=True)

    def accept(self, given: StepInput, data: Data, ctx: FlowContext) -> Outcome:
        options = self.options(data, ctx)
        if isinstance(given, Choose):
            chosen = set(given.choice_ids)
            return Stay({self.draft_key: [o.id for o in options if o.id in chosen]})
        if isinstance(given, Pick):
            if given.choice_id == DONE:
                return self._finish(self.selected(data), ctx)
            choice = match_choice(given, options)
            if choice is None:
                return not_a_choice(ctx)
            ticked = self.selected(data)
            ticked = [c for c in ticked if c != choice.id] if choice.id in ticked \
                else [*ticked, choice.id]
            order = [o.id for o in options]
            return Stay({self.draft_key: sorted(ticked, key=order.index)})
        if normalize(given.text) in {normalize(ctx._("Done ✓")), normalize(ctx._("done"))}:
            return self._finish(self.selected(data), ctx)
        picked: list[str] = []
        unknown: list[str] = []
        for part in list_items(given.text, ctx.locale,
                               lambda run: match_choice(Text(run), options) is not None,
                               also_separated_by=CHOICE_SEPARATORS):
            choice = match_choice(Text(part), options)
            if choice is None:
                unknown.append(part)
            elif choice.id not in picked:
                picked.append(choice.id)
        if unknown:
            return Invalid(hints.not_recognised(ctx, unknown))
        return self._finish(picked, ctx)

    def _finish(self, chosen: list[str], ctx: FlowContext) -> Outcome:
        if len(chosen) < self.minimum:
            return Invalid(ctx._("Please select at least one option."))
        return self.answered({self.key: chosen, self.draft_key: UNSET})

    def skipped(self, data: Data) -> Mapping[str, Any]:
        return {**super().skipped(data), self.key: [], self.draft_key: UNSET}

    def describe(self, data: Data, ctx: FlowContext) -> str:
        labels = dict(self.options_of(data, ctx))
        values = data.get(self.key) or []
        if not values:
            return ctx._("(none)")
        return show_list([ctx._(labels.get(v, v)) for v in values], ctx)


class TextStep(Step):
    """Free text, turned into updates by `parse` (which raises InvalidAnswerError)."""

    def __init__(
        self,
        key: str,
        question: str,
        parse: Callable[[str, Data, FlowContext], Mapping[str, Any]],
        *,
        describe: Callable[[Data, FlowContext], str] | None = None,
        extra_options: Sequence[tuple[str, str, Callable[[Data], Mapping[str, Any]]]] = (),
        long_answer: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(key, question, **kwargs)
        self.parse = parse
        self._describe = describe
        self.extra_options = extra_options
        self.long_answer = long_answer

    def prompt(self, data: Data, ctx: FlowContext, *, can_go_back: bool) -> Reply:
        reply = super().prompt(data, ctx, can_go_back=can_go_back)
        return replace(reply, long_answer=self.long_answer)

    def options(self, data: Data, ctx: FlowContext) -> list[Choice]:
        return [Choice(option_id, ctx._(label)) for option_id, label, _ in self.extra_options]

    def accept(self, given: StepInput, data: Data, ctx: FlowContext) -> Outcome:
        picked = match_choice(given, self.options(data, ctx))
        if picked is not None:
            return self.answered(self.picked(picked.id, data))
        if not isinstance(given, Text):
            return Invalid(ctx._("Please type your answer."))
        try:
            return self.answered(self.parse(given.text, data, ctx))
        except InvalidAnswerError as error:
            return Invalid(str(error))

    def picked(self, choice_id: str, data: Data) -> Mapping[str, Any]:
        """The answer a button beside the text box stands for."""
        return next(handler for i, _, handler in self.extra_options if i == choice_id)(data)

    def describe(self, data: Data, ctx: FlowContext) -> str:
        if self._describe and data.get(self.key) not in (None, [], ""):
            return self._describe(data, ctx)
        return super().describe(data, ctx)


def free_text(
    key: str, *, minimum: int, maximum: int, too_short: Plural, too_long: Plural,
    multiline: bool = False,
) -> Callable[[str, Data, FlowContext], Mapping[str, Any]]:
    """A parser for prose fields: trimmed, within length bounds; on one line unless
    `multiline` (a description keeps its paragraphs). Control characters were removed
    from all typed text before (`bot.flows.typed_text`). `too_short` counts `{minimum}`
    characters, `too_long` `{maximum}` (and says `{length}`)."""

    def parse(text: str, data: Data, ctx: FlowContext) -> Mapping[str, Any]:
        cleaned = text.strip() if multiline else one_line(text)
        if len(cleaned) < minimum:
            raise InvalidAnswerError(ctx.ngettext(too_short.singular, too_short.plural,
                                                  minimum).format(minimum=minimum))
        if len(cleaned) > maximum:
            raise InvalidAnswerError(ctx.ngettext(too_long.singular, too_long.plural,
                                                  maximum).format(maximum=maximum,
                                                                  length=len(cleaned)))
        return {key: cleaned}

    return parse


YES, NO = "yes", "no"
YES_NO = ((YES, N_("Yes")), (NO, N_("No")))


class ReviewStep(Step):
    """Shows every answer; confirm, or edit any one answer and come back here. Confirming
    first sends the pledger to any question still unanswered."""

    def __init__(self, questions: tuple[Step, ...]) -> None:
        super().__init__("review", "")
        self.questions = questions
        self.fields = tuple(step for step in questions if step.label)

    def heading(self, data: Data, ctx: FlowContext) -> str:
        return ctx._("Please review your answers:")

    def preamble(self, data: Data, ctx: FlowContext) -> list[str]:
        return []

    def postscript(self, data: Data, ctx: FlowContext) -> list[str]:
        return []

    def confirm_label(self, data: Data, ctx: FlowContext) -> str:
        return ctx._("Confirm")

    def ask(self, data: Data, ctx: FlowContext) -> str:
        return self.heading(data, ctx) + "\n\n" + self.summary(data, ctx)

    def summary(self, data: Data, ctx: FlowContext) -> str:
        """Every answer on its own line, as the review and other overviews show them."""
        lines = self.preamble(data, ctx)
        lines += [ctx.fill("{label}: {answer}", label=ctx._(step.label or ""),
                           answer=excerpt(step.describe(data, ctx)))
                  for step in self.fields if step.applies(data)]
        return "\n".join(lines + self.postscript(data, ctx))

    def options(self, data: Data, ctx: FlowContext) -> list[Choice]:
        edits = [Choice(f"edit:{step.key}", ctx._("Edit: {field}").format(
            field=ctx._(step.label or ""))) for step in self.fields if step.applies(data)]
        return [Choice("confirm", self.confirm_label(data, ctx), primary=True), *edits]

    def needs_answer(self, data: Data) -> bool:
        return True

    def accept(self, given: StepInput, data: Data, ctx: FlowContext) -> Outcome:
        choice = match_choice(given, self.options(data, ctx))
        if choice is None:
            return not_a_choice(ctx)
        if choice.id != "confirm":
            return Goto(choice.id.removeprefix("edit:"), editing=True)
        missing = next((s for s in self.questions if s.applies(data) and
                        s.needs_answer(data)), None)
        if missing is not None:
            return Goto(missing.key, editing=True,
                        notice=ctx._("One more answer is needed before you confirm."))
        return Answer({})
