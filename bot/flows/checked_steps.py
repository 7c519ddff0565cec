"""A typed answer that is valid but unusual (a pledge far outside what such an
organization usually pledges, more disbursed than pledged) is said back and confirmed
once before it is taken: a slip of a few zeros is caught before it reaches the
secretariat's totals, and a real outlier still goes through."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from bot.flows.draft import Data, pending_key
from bot.flows.model import UNSET, Choice, FlowContext, Reply, StepInput
from bot.flows.steps import NO, YES, Answer, Outcome, Stay, TextStep, match_choice, navigation

Unusual = Callable[[Mapping[str, Any], Data, FlowContext], str | None]
"""What is unusual about an answer's updates, said to the pledger; None when nothing is."""


class CheckedTextStep(TextStep):
    def __init__(self, *args: Any, unusual: Unusual, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unusual = unusual

    @property
    def pending_key(self) -> str:
        return pending_key(self.key)

    def prompt(self, data: Data, ctx: FlowContext, *, can_go_back: bool) -> Reply:
        pending = data.get(self.pending_key)
        if not pending:
            return super().prompt(data, ctx, can_go_back=can_go_back)
        choices = (*self._confirmations(ctx),
                   *navigation(ctx, can_go_back=can_go_back, can_skip=False))
        return replace(super().prompt(data, ctx, can_go_back=can_go_back),
                       text=pending["message"] + "\n" + ctx._("Is that right?"),
                       choices=choices)

    @staticmethod
    def _confirmations(ctx: FlowContext) -> tuple[Choice, Choice]:
        return (Choice(YES, ctx._("Yes, that is right")),
                Choice(NO, ctx._("No, I will correct it")))

    def accept(self, given: StepInput, data: Data, ctx: FlowContext) -> Outcome:
        """While an unusual answer waits, its Yes or No (pressed, or typed as `yes`,
        `oui`, `нет`) settles it; another answer typed replaces it."""
        pending = data.get(self.pending_key)
        confirmed = match_choice(given, self._confirmations(ctx), ctx.locale) \
            if pending else None
        if pending and confirmed is not None:
            if confirmed.id == YES:
                return self.answered({**pending["updates"], self.pending_key: UNSET})
            return Stay({self.pending_key: UNSET})
        outcome = super().accept(given, data, ctx)
        if not isinstance(outcome, Answer):
            return outcome
        message = self.unusual(outcome.updates, data, ctx)
        if message is None:
            return Answer({**outcome.updates, self.pending_key: UNSET})
        kept = {k: v for k, v in outcome.updates.items() if v is not UNSET}
        return Stay({self.pending_key: {"updates": kept, "message": message}})
