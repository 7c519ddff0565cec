"""Between a pledge's answers (as the intake flow collects them) and its stored row:
derived fields (USD value, LDC/LLDC/SIDS targeting) are computed here, once, on save."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from bot.flows.country_steps import GLOBAL
from bot.reference import ReferenceData
from storage import pledges
from storage.models import Pledge, saved_id

CENT = Decimal("0.01")


@dataclass(frozen=True)
class PledgeValues:
    columns: dict[str, Any]
    countries: list[str]
    partners: list[str]


def pledge_values(answers: Mapping[str, Any], reference: ReferenceData,
                  pledged_on: date) -> PledgeValues:
    """Column values for a pledge. Targeting is judged on the day it was pledged: a
    country that had graduated from the LDC list by then does not count as an LDC."""
    countries = [] if answers.get(GLOBAL) else list(answers.get("countries") or [])
    targeting = reference.country_groups.targeting(countries, pledged_on)
    amount = Decimal(answers["amount"]).quantize(CENT) if answers.get("amount") else None
    currency = answers.get("currency") if amount is not None else None
    amount_usd = reference.currencies.to_usd(amount, currency) if amount and currency else None
    columns = {
        "focus_area": answers["focus_area"],
        "pillar": answers["pillar"],
        "pledge_type": answers["pledge_type"],
        "title": answers["title"],
        "description": answers["description"],
        "is_global": bool(answers.get(GLOBAL)),
        "targets_ldc": targeting.ldc,
        "targets_lldc": targeting.lldc,
        "targets_sids": targeting.sids,
        "amount": amount,
        "currency": currency,
        "amount_usd": amount_usd,
        "beneficiary_groups": list(answers.get("beneficiary_groups") or []),
        "sdgs": sorted(int(n) for n in answers.get("sdgs") or []),
        "start_date": date.fromisoformat(answers["start_date"]),
        "end_date": date.fromisoformat(answers["end_date"]) if answers.get("end_date") else None,
    }
    return PledgeValues(columns, countries, list(answers.get("partners") or []))


def answers_from(pledge: Pledge, countries: list[str], partners: list[str]) -> dict[str, Any]:
    """A stored pledge as answers, so the intake review can show and edit it."""
    return {
        "focus_area": pledge.focus_area,
        "pillar": pledge.pillar,
        "pledge_type": pledge.pledge_type,
        "title": pledge.title,
        "description": pledge.description,
        GLOBAL: pledge.is_global,
        "countries": countries,
        "amount": str(pledge.amount) if pledge.amount is not None else None,
        "currency": pledge.currency,
        "beneficiary_groups": list(pledge.beneficiary_groups),
        "sdgs": [str(n) for n in pledge.sdgs],
        "start_date": pledge.start_date.isoformat(),
        "end_date": pledge.end_date.isoformat() if pledge.end_date else None,
        "partners": partners,
    }


def stored_answers(session: Session, pledge: Pledge) -> dict[str, Any]:
    """`answers_from` for one stored pledge, its countries and partners read with it."""
    key = saved_id(pledge)
    return answers_from(pledge, pledges.countries_of(session, [key])[key],
                        pledges.partners_of(session, [key])[key])
