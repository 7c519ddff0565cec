"""Choosing one of the pledger's own pledges (to view, or to report on)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.flows.draft import Data
from bot.flows.formatting import pledge_line
from bot.flows.model import Choice, FlowContext, PledgeSummary
from bot.flows.steps import ChoiceStep


def all_pledges(ctx: FlowContext) -> list[PledgeSummary]:
    return list(ctx.pledges)


class PledgeChoiceStep(ChoiceStep):
    """Labels are built from the pledger's own data (reference, title, status), so they
    are not msgids and are not translated."""

    def __init__(self, key: str, question: str,
                 which: Callable[[FlowContext], list[PledgeSummary]] = all_pledges,
                 **kwargs: Any) -> None:
        super().__init__(key, question, lambda data, ctx: [], **kwargs)
        self.which = which

    def options(self, data: Data, ctx: FlowContext) -> list[Choice]:
        return [Choice(p.reference, pledge_line(p, ctx)) for p in self.which(ctx)]
