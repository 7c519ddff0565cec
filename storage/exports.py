"""Pledges with their organization, countries and partners, read in batches by id
(keyset pagination) for exports that must not hold every pledge in memory at once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlmodel import Session, col, select

from storage.models import Organization, Pledge, saved_id
from storage.pledges import countries_of, partners_of

BATCH = 1000


@dataclass(frozen=True)
class ExportRow:
    pledge: Pledge
    organization: Organization
    countries: list[str]
    partners: list[str]


def pledge_batches(session: Session, batch: int = BATCH) -> Iterator[list[ExportRow]]:
    after = 0
    while True:
        found = list(session.exec(
            select(Pledge, Organization)
            .join(Organization, col(Organization.id) == col(Pledge.organization_id))
            .where(col(Pledge.id) > after).order_by(col(Pledge.id)).limit(batch)))
        if not found:
            return
        ids = [saved_id(pledge) for pledge, _ in found]
        countries, partners = countries_of(session, ids), partners_of(session, ids)
        yield [ExportRow(pledge, organization, countries[key], partners[key])
               for (pledge, organization), key in zip(found, ids, strict=True)]
        after = ids[-1]
