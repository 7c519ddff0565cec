"""A date typed freely; an all-numeric one that reads two ways (`01/02/2027`) is asked
about, with both readings as answers, instead of being taken day-first in silence."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from bot.dates import Bound, DateError, readings
from bot.flows.draft import Data, readings_key
from bot.flows.formatting import show_date
from bot.flows.model import UNSET, Choice, FlowContext, Pick, StepInput, Text
from bot.flows.steps import (
    Invalid,
    InvalidAnswerError,
    Outcome,
    Stay,
    TextStep,
    match_choice,
)

READING_PREFIX = "date:"

Check = Callable[[date, Data, FlowContext], Mapping[str, Any]]
"""Further rules for the date (an end not before the start): the updates it brings,
or InvalidAnswerError."""


class DateStep(TextStep):
    def __init__(self, key: str, question: str, bound: Bound, check: Check,
                 **kwargs: Any) -> None:
        super().__init__(key, question, self._parse,
                         describe=lambda data, ctx: show_date(data[key], ctx), **kwargs)
        self.bound = bound
        self.check = check
        self.readings = readings_key(key)

    def ask(self, data: Data, ctx: FlowContext) -> str:
        both = data.get(self.readings)
        if not both:
            return super().ask(data, ctx)
        first, second = (show_date(day, ctx) for day in both)
        return ctx._("Do you mean {first} or {second}? Choose one, or type the date with "
                     "the month in words (for example 1 February 2027).").format(
                         first=first, second=second)

    def options(self, data: Data, ctx: FlowContext) -> list[Choice]:
        return [Choice(READING_PREFIX + day, show_date(day, ctx))
                for day in data.get(self.readings) or ()] + super().options(data, ctx)

    def accept(self, given: StepInput, data: Data, ctx: FlowContext) -> Outcome:
        for day in data.get(self.readings) or ():
            if isinstance(given, Pick) and given.choice_id == READING_PREFIX + day:
                return self._chosen(date.fromisoformat(day), data, ctx)
        if isinstance(given, Text) and match_choice(given, self.options(data, ctx)) is None:
            try:
                found = readings(given.text, self.bound, ctx.today, ctx.locale)
            except DateError:
                found = ()
            if len(found) > 1:
                return Stay({self.readings: [day.isoformat() for day in found]})
        return super().accept(given, data, ctx)

    def _parse(self, text: str, data: Data, ctx: FlowContext) -> Mapping[str, Any]:
        """A date that reads one way only (the other kind is asked about first)."""
        try:
            [day] = readings(text, self.bound, ctx.today, ctx.locale)
        except DateError as error:
            raise InvalidAnswerError(ctx._(
                "I could not read that date. Try 2027-06-30, June 2027 or end of 2027."
            )) from error
        return {**self.check(day, data, ctx), self.key: day.isoformat(),
                self.readings: UNSET}

    def _chosen(self, day: date, data: Data, ctx: FlowContext) -> Outcome:
        try:
            updates = self.check(day, data, ctx)
        except InvalidAnswerError as error:
            return Invalid(str(error))
        return self.answered({**updates, self.key: day.isoformat(), self.readings: UNSET})
