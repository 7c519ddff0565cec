"""Registering the pledger's organization, once; every later pledge reuses it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.flows.country_steps import CountriesConfirmStep, CountriesStep
from bot.flows.effects import RegisterOrganization
from bot.flows.engine import Completion, Flow, NextFlow
from bot.flows.model import N_, FlowContext, Reply
from bot.flows.steps import ChoiceStep, Data, TextStep, free_text


def _sectors(data: Data, ctx: FlowContext) -> list[tuple[str, str]]:
    return [(o.id, o.label) for o in ctx.reference.taxonomy.sectors]


def _complete(data: Mapping[str, Any], ctx: FlowContext) -> Completion:
    effect = RegisterOrganization(
        name=data["organization_name"], sector=data["sector"], country=data["country"][0]
    )
    thanks = Reply(ctx._("Thank you, {organization} is registered.").format(
        organization=data["organization_name"]))
    then = NextFlow(data["_then"]) if data.get("_then") else None
    return Completion(replies=(thanks,), effects=(effect,), then=then)


REGISTRATION_FLOW = Flow(
    "registration",
    (
        TextStep("organization_name", N_("What is the name of your organization?"),
                 free_text("organization_name", minimum=2, maximum=200,
                           too_short=N_("The name needs at least {minimum} characters."),
                           too_long=N_("The name can have at most {maximum} characters "
                                       "(yours has {length}).")),
                 label=N_("Organization")),
        ChoiceStep("sector", N_("Which sector is your organization in?"), _sectors,
                   label=N_("Sector")),
        CountriesStep("country", N_("In which country is your organization based? "
                                    "(For an international organization: its headquarters.)"),
                      single=True, allow_global=False, label=N_("Country")),
        CountriesConfirmStep("country"),
    ),
    _complete,
)
