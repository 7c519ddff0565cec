"""Every effect a flow can ask for has a handler: a new one without fails here (and at
import), not in front of a pledger."""

from __future__ import annotations

from dataclasses import dataclass

from bot import effect_handlers
from bot.flows import effects
from bot.flows.model import Effect


def test_every_effect_of_the_flows_has_a_handler() -> None:
    declared = [v for v in vars(effects).values()
                if isinstance(v, type) and issubclass(v, Effect) and v is not Effect]
    assert declared
    assert [kind for kind in effect_handlers.unhandled_effects()
            if kind.__module__.startswith("bot.")] == []


def test_an_effect_without_a_handler_is_found() -> None:
    @dataclass(frozen=True)
    class Unheard(Effect):
        pass

    assert Unheard in effect_handlers.unhandled_effects()
