"""Registering the pledger's organization, once; every later pledge reuses it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.flows.country_steps import CountriesConfirmStep, CountriesStep
from bot.flows.draft import Data, Working
from bot.flows.effects import RegisterOrganization
from bot.flows.engine import Completion, Flow, NextFlow
from bot.flows.model import N_, Choice, FlowContext, Reply
from bot.flows.steps import ChoiceStep, InvalidAnswerError, TextStep, free_text
from bot.time_zones import resolve_time_zone, zones_of_country

MAX_SUGGESTED_ZONES = 5


def parse_time_zone(text: str, data: Data, ctx: FlowContext) -> Mapping[str, Any]:
    zone = resolve_time_zone(text)
    if zone is None:
        raise InvalidAnswerError(ctx._("I do not know that time zone. Type a city, for "
                                       "example Nairobi, or a zone such as Africa/Nairobi."))
    return {"time_zone": zone}


def _sectors(data: Data, ctx: FlowContext) -> list[tuple[str, str]]:
    return [(o.id, o.label) for o in ctx.reference.taxonomy.sectors]


class TimeZoneStep(TextStep):
    """Asked where the channel does not tell us (Telegram, the terminal): the zones of the
    organization's country as buttons, or any city or zone name typed."""

    def options(self, data: Data, ctx: FlowContext) -> list[Choice]:
        zones = zones_of_country((data.get("country") or [""])[0])[:MAX_SUGGESTED_ZONES]
        return [Choice(f"tz:{zone}", zone.replace("_", " ")) for zone in zones]

    def picked(self, choice_id: str, data: Data) -> Mapping[str, Any]:
        return {self.key: choice_id.removeprefix("tz:")}


def _complete(data: Mapping[str, Any], ctx: FlowContext) -> Completion:
    effect = RegisterOrganization(
        name=data["organization_name"], sector=data["sector"], country=data["country"][0],
        time_zone=data.get("time_zone"),
    )
    thanks = Reply(ctx._("Thank you, {organization} is registered.").format(
        organization=data["organization_name"]))
    then = NextFlow(data[Working.THEN]) if data.get(Working.THEN) else None
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
        TimeZoneStep("time_zone", N_("Which time zone should I use for your reminders? "
                                     "Choose one, or type a city."), parse_time_zone,
                     label=N_("Time zone"), applies=lambda data: data.get(Working.ASK_TIME_ZONE)),
    ),
    _complete,
)
