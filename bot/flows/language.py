"""Choosing the language the bot writes in, among those with a catalog."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.flows.draft import Data
from bot.flows.effects import SetLanguage
from bot.flows.engine import Completion, Flow
from bot.flows.formatting import language_name
from bot.flows.model import N_, Choice, FlowContext
from bot.flows.steps import ChoiceStep


def _languages(data: Data, ctx: FlowContext) -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in ctx.languages]


class LanguageStep(ChoiceStep):
    """Language names are shown in their own language, not translated."""

    def options(self, data: Data, ctx: FlowContext) -> list[Choice]:
        return [Choice(f"lang:{code}", name) for code, name in self.options_of(data, ctx)]


def _complete(data: Mapping[str, Any], ctx: FlowContext) -> Completion:
    return Completion(effects=(SetLanguage(data["language"].removeprefix("lang:")),))


LANGUAGE_FLOW = Flow(
    "language",
    (LanguageStep("language", N_("Which language would you like me to use?"), _languages),),
    _complete,
    holds_input=False,
)
