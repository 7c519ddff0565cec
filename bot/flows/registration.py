"""Registering the pledger's organization, once; every later pledge reuses it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from bot.flows.country_steps import CountriesConfirmStep, CountriesStep
from bot.flows.draft import Data, Working
from bot.flows.effects import JoinOrganization, RegisterOrganization
from bot.flows.engine import Completion, Flow, NextFlow
from bot.flows.formatting import show_time_zone
from bot.flows.model import N_, NP_, UNSET, Choice, FlowContext, Reply, StepInput
from bot.flows.steps import (
    YES,
    YES_NO,
    ChoiceStep,
    Goto,
    InvalidAnswerError,
    Outcome,
    TextStep,
    free_text,
    match_choice,
    not_a_choice,
)
from bot.time_zones import resolve_time_zone, zones_of_country

MAX_SUGGESTED_ZONES = 8
_NAME = free_text("organization_name", minimum=2, maximum=200,
                  too_short=NP_("The name needs at least {minimum} character.",
                                "The name needs at least {minimum} characters."),
                  too_long=NP_("The name can have at most {maximum} character "
                               "(yours has {length}).",
                               "The name can have at most {maximum} characters "
                               "(yours has {length})."))


def parse_time_zone(text: str, data: Data, ctx: FlowContext) -> Mapping[str, Any]:
    zone = resolve_time_zone(text, ctx.locale)
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
        """The zones of the country typed, or of the organization joined."""
        country = (data.get("country") or [""])[0] or \
            (data.get(Working.EXISTING) or {}).get("country", "")
        zones = zones_of_country(country)[:MAX_SUGGESTED_ZONES]
        return [Choice(f"tz:{zone}", show_time_zone(zone, ctx)) for zone in zones]

    def picked(self, choice_id: str, data: Data) -> Mapping[str, Any]:
        return {self.key: choice_id.removeprefix("tz:")}


def _parse_name(text: str, data: Data, ctx: FlowContext) -> Mapping[str, Any]:
    """The name, and the organization already registered under it, if any."""
    updates = dict(_NAME(text, data, ctx))
    existing = ctx.organizations.find(updates["organization_name"])
    updates[Working.EXISTING] = asdict(existing) if existing else UNSET
    return updates


class JoinStep(ChoiceStep):
    """"Sahel Connect is already registered (...). Join it?" Yes: its pledges become
    the pledger's to see and report on. No: their own organization's name, told apart."""

    def ask(self, data: Data, ctx: FlowContext) -> str:
        existing = data[Working.EXISTING]
        sector = ctx.reference.taxonomy.sector(existing["sector"])
        return ctx._("{organization} is already registered ({sector}, {country}). Are you "
                     "part of it? Join it to see and report on its pledges.").format(
            organization=existing["name"],
            sector=ctx._(sector.label) if sector else existing["sector"],
            country=ctx.reference.countries.name(existing["country"], ctx.locale))

    def accept(self, given: StepInput, data: Data, ctx: FlowContext) -> Outcome:
        choice = match_choice(given, self.options(data, ctx), ctx.locale)
        if choice is None:
            return not_a_choice(ctx)
        if choice.id == YES:
            return self.answered({self.key: True})
        return Goto("organization_name",
                    updates={"organization_name": UNSET, Working.EXISTING: UNSET},
                    notice=ctx._("Then please type your organization's full name, so that "
                                 "it can be told apart."))


def _joining(data: Data) -> bool:
    return bool(data.get(Working.EXISTING)) and data.get(Working.JOIN) is True


def _complete(data: Mapping[str, Any], ctx: FlowContext) -> Completion:
    then = NextFlow(data[Working.THEN]) if data.get(Working.THEN) else None
    if _joining(data):
        name = data[Working.EXISTING]["name"]
        return Completion(
            replies=(Reply(ctx._("Welcome! You are now a member of {organization}.").format(
                organization=name)),),
            effects=(JoinOrganization(name, time_zone=data.get("time_zone")),), then=then)
    effect = RegisterOrganization(
        name=data["organization_name"], sector=data["sector"], country=data["country"][0],
        time_zone=data.get("time_zone"),
    )
    thanks = Reply(ctx._("Thank you, {organization} is registered.").format(
        organization=data["organization_name"]))
    return Completion(replies=(thanks,), effects=(effect,), then=then)


REGISTRATION_FLOW = Flow(
    "registration",
    (
        TextStep("organization_name", N_("What is the name of your organization?"),
                 _parse_name, label=N_("Organization"), clears=(Working.JOIN,)),
        JoinStep(Working.JOIN, "", lambda data, ctx: YES_NO,
                 applies=lambda data: bool(data.get(Working.EXISTING))),
        ChoiceStep("sector", N_("Which sector is your organization in?"), _sectors,
                   label=N_("Sector"), applies=lambda data: not _joining(data)),
        CountriesStep("country", N_("In which country is your organization based? "
                                    "(For an international organization: its headquarters.)"),
                      single=True, allow_global=False, label=N_("Country"),
                      applies=lambda data: not _joining(data)),
        CountriesConfirmStep("country", also_applies=lambda data: not _joining(data)),
        TimeZoneStep("time_zone", N_("Which time zone should I use for your reminders? "
                                     "Choose one, or type a city."), parse_time_zone,
                     label=N_("Time zone"), applies=lambda data: data.get(Working.ASK_TIME_ZONE)),
    ),
    _complete,
)
