"""Asking for countries: typed freely (names, codes, typos), then confirmed back, so a
forgiving guess never goes into a pledge unseen."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bot.flows.draft import Data, unconfirmed_key
from bot.flows.formatting import show_alternatives, show_countries
from bot.flows.model import N_, UNSET, FlowContext, StepInput
from bot.flows.steps import (
    YES,
    YES_NO,
    ChoiceStep,
    Goto,
    InvalidAnswerError,
    Outcome,
    TextStep,
    always,
    match_choice,
    not_a_choice,
)

GLOBAL = "global"
MAX_COUNTRIES = 60


class CountriesStep(TextStep):
    """Stores what was understood under `<key>_typed`; the confirm step that follows
    moves it to `<key>`. With `single`, exactly one country is expected."""

    def __init__(self, key: str, question: str, *, single: bool, allow_global: bool,
                 **kwargs: Any) -> None:
        extra = ((GLOBAL, N_("Global (all countries)"), self._global),) if allow_global else ()
        super().__init__(unconfirmed_key(key), question, self._parse, extra_options=extra,
                         clears=(key,), **kwargs)
        self.confirmed_key = key
        self.single = single
        self.allow_global = allow_global

    def _global(self, data: Data) -> Mapping[str, Any]:
        return {GLOBAL: True, self.key: [], self.confirmed_key: []}

    def _parse(self, text: str, data: Data, ctx: FlowContext) -> Mapping[str, Any]:
        resolution = ctx.reference.countries.resolve(text, ctx.locale)
        if resolution.unresolved:
            raise InvalidAnswerError(self._unresolved_message(resolution.unresolved, ctx))
        found = list(resolution.countries)
        if not found:
            raise InvalidAnswerError(ctx._("Please type at least one country."))
        if self.single and len(found) > 1:
            raise InvalidAnswerError(ctx._("Please type just one country."))
        if len(found) > MAX_COUNTRIES:
            raise InvalidAnswerError(ctx.ngettext(
                "That is more than {maximum} country; for a worldwide pledge choose Global.",
                "That is more than {maximum} countries; for a worldwide pledge choose Global.",
                MAX_COUNTRIES).format(maximum=MAX_COUNTRIES))
        answer: dict[str, Any] = {self.key: found}
        if not resolution.guessed:
            answer[self.confirmed_key] = found
        return {**answer, GLOBAL: False} if self.allow_global else answer

    @staticmethod
    def _unresolved_message(unresolved: tuple[Any, ...], ctx: FlowContext) -> str:
        lines = []
        for item in unresolved:
            if item.suggestions:
                lines.append(ctx._("“{text}”: did you mean {suggestions}?").format(
                    text=item.text, suggestions=show_alternatives(
                        [ctx.reference.countries.name(c, ctx.locale) for c in item.suggestions],
                        ctx)))
            else:
                lines.append(ctx._("“{text}”: no country by that name.").format(text=item.text))
        return ctx._("I could not recognise every country:") + "\n" + "\n".join(lines) + \
            "\n" + ctx._("Please type the countries again (names or ISO codes, separated "
                         "by commas).")

    def needs_answer(self, data: Data) -> bool:
        """Answered once countries are confirmed (or Global chosen): a saved pledge has
        confirmed countries and nothing typed."""
        return self.confirmed_key not in data

    def has_answer(self, data: Data) -> bool:
        return bool(data.get(self.confirmed_key) or data.get(GLOBAL))

    def describe(self, data: Data, ctx: FlowContext) -> str:
        if data.get(GLOBAL):
            return ctx._("Global")
        codes = data.get(self.confirmed_key) or data.get(self.key) or []
        return show_countries(codes, ctx) if codes else ctx._("(none)")


class CountriesConfirmStep(ChoiceStep):
    """"I understood: Kenya, Uganda. Right?" Yes keeps them; No asks again. Asked only
    of a guess: countries typed by their names or codes are taken as they are."""

    def __init__(self, key: str, also_applies: Callable[[Data], bool] = always) -> None:
        typed = unconfirmed_key(key)
        super().__init__(key, "", lambda data, ctx: YES_NO,
                         applies=lambda data: not data.get(GLOBAL) and
                         data.get(key) != data.get(typed) and also_applies(data))
        self.typed = typed

    def ask(self, data: Data, ctx: FlowContext) -> str:
        return ctx._("I understood: {countries}. Is that right?").format(
            countries=show_countries(data.get(self.typed) or [], ctx))

    def accept(self, given: StepInput, data: Data, ctx: FlowContext) -> Outcome:
        choice = match_choice(given, self.options(data, ctx), ctx.locale)
        if choice is None:
            return not_a_choice(ctx)
        if choice.id == YES:
            return self.answered({self.key: list(data[self.typed])})
        return Goto(self.typed, updates={self.typed: UNSET},
                    notice=ctx._("All right, please type them again."))
