"""`storage.published` on SQLite and PostgreSQL: only approved pledges, in id order and
batches, each with its countries, partners and newest progress report; the totals
counted by the database; and the query names no column that could identify a person."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlmodel import col, select

from storage.db import Database
from storage.models import Pledge, Pledger, ProgressReport
from storage.published import PUBLIC_COLUMNS, PublishedTotals, published_batches, published_totals
from tests.publish.pledges import seed
from vocabulary import PledgeStatus


def test_approved_pledges_come_in_batches_with_their_links_and_latest_report(
        any_database: Database, tmp_path: Path) -> None:
    seeded = seed(any_database, tmp_path / "stories")
    with any_database.snapshot() as session:
        batches = list(published_batches(session, batch=4))
        approved = list(session.exec(select(Pledge.reference).where(
            col(Pledge.status) == PledgeStatus.APPROVED).order_by(col(Pledge.id))))
    assert [len(b) for b in batches] == [4, 2]
    pledges = [p for b in batches for p in b]
    assert [p.reference for p in pledges] == approved == list(seeded.approved.values())
    towers, _, island, formula, _, hostile = pledges
    assert towers.countries == ["MLI", "NER"]
    assert towers.partners == ["Niger Telecom"]
    assert towers.progress is not None
    assert (towers.progress.status, towers.progress.percent_done) == ("in_progress", 40)
    assert towers.progress.reported_at.tzinfo is not None
    assert island.progress is not None
    assert (island.progress.status, island.progress.percent_done) == ("completed", 100)
    assert formula.amount_usd is None
    assert formula.currency == "MMK"
    assert hostile.is_global
    assert hostile.countries == []
    assert hostile.progress is None


def test_the_totals_are_the_hand_worked_ones(any_database: Database, tmp_path: Path) -> None:
    seed(any_database, tmp_path / "stories")
    with any_database.snapshot() as session:
        totals = published_totals(session)
    assert totals == PublishedTotals(pledges=6, organizations=3, countries=7,
                                     usd=Decimal(1_870_000), without_usd=1)


def test_the_query_names_no_personal_column() -> None:
    tables = {column.table.name for column in PUBLIC_COLUMNS}  # type: ignore[attr-defined]
    names = {column.key for column in PUBLIC_COLUMNS}  # type: ignore[attr-defined]
    assert tables == {"pledge", "organization"}
    assert Pledger.__tablename__ not in tables
    assert not names & {"pledger_id", "review_note", "reviewed_by", "external_id",
                        "display_name", "narrative", "evidence_url"}
    assert ProgressReport.__tablename__ not in tables
