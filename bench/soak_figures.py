"""The soak run's figures: what the pledgers were shown (the fakes' records) against what
the database holds, and how many reminders reached each pledger.

- pledges: "confirmed" are the references pledgers were shown after confirming;
  "duplicated" counts stored pledges beyond one per pledger and title; "lost" counts
  confirmed references that are not stored for that pledger, and pledgers who were told
  their pledge was saved yet have none.
- reports: the same for progress reports (one per pledger is meant).
- reminders, per pledge made due: sent once, sent twice (two or more messages naming the
  pledge), uncertain (its outbox row is `uncertain`; it may or may not have arrived, and
  it is never "missing"), missing (no message and not uncertain).
Stored answers that differ from what the pledger gave are counted as "altered"."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from bench.soak_fakes import Sighting
from bench.soak_plans import Plan
from bench.soak_pledgers import REFERENCE, Outcome, pledge_confirmations, report_confirmations

PLEDGES = sa.text("""
    SELECT p.reference, p.title, p.description, p.amount, p.currency,
           p.beneficiary_groups, p.sdgs, r.channel, r.external_id, o.name_key
    FROM pledge p JOIN pledger r ON r.id = p.pledger_id
    JOIN organization o ON o.id = p.organization_id ORDER BY p.id""")
REPORTS = sa.text("""
    SELECT p.reference, pr.status, pr.percent_done, pr.people_reached, pr.narrative,
           r.channel, r.external_id
    FROM progress_report pr JOIN pledge p ON p.id = pr.pledge_id
    JOIN pledger r ON r.id = pr.pledger_id ORDER BY pr.id""")
OUTBOX = sa.text("""
    SELECT p.reference, x.status, x.kind FROM reminder_outbox x
    JOIN pledge p ON p.id = x.pledge_id""")
UNSETTLED = sa.text("""
    SELECT (SELECT count(*) FROM pledge WHERE status = 'approved' AND next_reminder_at <= :now)
         + (SELECT count(*) FROM reminder_outbox
            WHERE status IN ('pending', 'claimed', 'sending'))""").bindparams(
    sa.bindparam("now", type_=sa.DateTime()))
MARK_DUE = sa.text("UPDATE pledge SET status = 'approved', next_reminder_at = :due"
                   ).bindparams(sa.bindparam("due", type_=sa.DateTime()))


@dataclass
class Tally:
    """One line of figures, and what went wrong behind its numbers."""

    counts: dict[str, int]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        return ", ".join(f"{name} {value}" for name, value in self.counts.items())


def _rows(engine: sa.Engine, query: sa.TextClause) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def mark_due(engine: sa.Engine) -> int:
    """Approves every pledge and makes its reminder due (the secretariat's part, which
    has no interface yet)."""
    due = (datetime.now(UTC) - timedelta(hours=1)).replace(tzinfo=None)
    with engine.begin() as connection:
        return connection.execute(MARK_DUE, {"due": due}).rowcount


def reminders_settled(engine: sa.Engine) -> bool:
    """Every due pledge planned into the outbox, and no row left to send or being sent
    (a row a dead worker left mid-send becomes `uncertain` once its lease is over)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    with engine.connect() as connection:
        return int(connection.execute(UNSETTLED, {"now": now}).scalar_one()) == 0


def _owner(row: dict[str, Any]) -> tuple[str, str]:
    return row["channel"], row["external_id"]


def pledge_tally(engine: sa.Engine, outcomes: list[Outcome],
                 texts: dict[str, list[Sighting]]) -> Tally:
    rows = _rows(engine, PLEDGES)
    by_owner: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_owner[_owner(row)].append(row)
    tally = Tally({"confirmed": 0, "stored": len(rows), "duplicated": 0, "lost": 0})
    altered = 0
    for outcome in outcomes:
        plan = outcome.plan
        shown = pledge_confirmations(texts.get(outcome.chat, []))
        own = by_owner.get((plan.channel, plan.external_id), [])
        titled = [r for r in own if r["title"] == plan.title]
        tally.counts["confirmed"] += len(shown)
        tally.counts["duplicated"] += max(0, len(titled) - 1)
        missing = shown - {r["reference"] for r in own}
        lost = len(missing) or int(bool(shown) and not own)
        tally.counts["lost"] += lost
        who = _who(outcome)
        if len(titled) > 1:
            tally.problems.append(f"{who}: {len(titled)} pledges stored for one title "
                                  f"({', '.join(r['reference'] for r in titled)}); shown "
                                  f"{sorted(shown) or 'none'}; {_story(outcome)}")
        if lost:
            tally.problems.append(f"{who}: shown {sorted(shown)}, stored "
                                  f"{[r['reference'] for r in own] or 'nothing'}; "
                                  f"{_story(outcome)}")
        for row in own:
            differences = _differences(plan.expected_pledge(), _stored_pledge(row))
            if differences:
                altered += 1
                tally.problems.append(f"{who}: pledge {row['reference']} stored with "
                                      f"{differences}; {_story(outcome)}")
    tally.counts["altered"] = altered
    return tally


def _stored_pledge(row: dict[str, Any]) -> dict[str, object]:
    return {"title": row["title"], "description": row["description"],
            "amount": Decimal(str(row["amount"])) if row["amount"] is not None else None,
            "currency": row["currency"],
            "beneficiary_groups": sorted(_json(row["beneficiary_groups"])),
            "sdgs": sorted(int(n) for n in _json(row["sdgs"])),
            "organization": row["name_key"]}


def _differences(expected: dict[str, object], stored: dict[str, object]) -> dict[str, str]:
    return {key: f"{stored.get(key)!r} (meant {value!r})" for key, value in expected.items()
            if stored.get(key) != value}


def report_tally(engine: sa.Engine, outcomes: list[Outcome],
                 texts: dict[str, list[Sighting]]) -> Tally:
    rows = _rows(engine, REPORTS)
    by_owner: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_owner[_owner(row)].append(row)
    tally = Tally({"confirmed": 0, "stored": len(rows), "duplicated": 0, "lost": 0})
    altered = 0
    for outcome in outcomes:
        plan = outcome.plan
        shown = report_confirmations(texts.get(outcome.chat, []))
        own = by_owner.get((plan.channel, plan.external_id), [])
        tally.counts["confirmed"] += len(shown)
        tally.counts["duplicated"] += max(0, len(own) - 1)
        lost = int(bool(shown) and not own)
        tally.counts["lost"] += lost
        who = _who(outcome)
        if len(own) > 1 or lost:
            tally.problems.append(f"{who}: shown a saved report on {sorted(shown) or 'none'}, "
                                  f"{len(own)} stored; {_story(outcome)}")
        for row in own:
            stored = {k: row[k] for k in ("status", "percent_done", "people_reached",
                                          "narrative")}
            differences = _differences(plan.expected_report(), stored)
            if differences:
                altered += 1
                tally.problems.append(f"{who}: report on {row['reference']} stored with "
                                      f"{differences}; {_story(outcome)}")
    tally.counts["altered"] = altered
    return tally


def reminder_tally(engine: sa.Engine, due: int, owners: dict[str, str],
                   sightings: list[Sighting]) -> Tally:
    """`owners`: each pledge's reference → the chat its pledger talks in."""
    statuses = {r["reference"]: r["status"] for r in _rows(engine, OUTBOX)
                if r["kind"] == "reminder"}
    received: dict[str, list[Sighting]] = defaultdict(list)
    for s in sightings:
        if s.caller.startswith("worker") and s.method in {"sendMessage", "chat.postMessage"}:
            for reference in set(REFERENCE.findall(s.text)):
                received[reference].append(s)
    kinds: Counter[str] = Counter()
    tally = Tally({})
    for reference, chat in sorted(owners.items()):
        messages = received.get(reference, [])
        status = statuses.get(reference, "never queued")
        elsewhere = [m for m in messages if m.chat != chat]
        if elsewhere:
            kinds["elsewhere"] += 1
            tally.problems.append(f"reminder for {reference} reached another chat: "
                                  f"{sorted({m.chat for m in elsewhere})}")
        kind = _reminder_kind(len(messages), status)
        kinds[kind] += 1
        if kind in {"sent twice", "missing"}:
            senders = ", ".join(f"{m.caller} ({m.method})" for m in messages) or "nobody"
            tally.problems.append(f"reminder for {reference} {kind}: outbox status {status}, "
                                  f"sent by {senders}")
    reached = sum(1 for ref, chat in owners.items()
                  if statuses.get(ref) == "uncertain" and received.get(ref))
    tally.counts = {"due": due, "sent once": kinds["sent once"],
                    "sent twice": kinds["sent twice"], "missing": kinds["missing"],
                    "uncertain": kinds["uncertain"], "elsewhere": kinds["elsewhere"]}
    if kinds["uncertain"]:
        tally.notes.append(f"{kinds['uncertain']} reminder(s) uncertain (a worker died while "
                           f"sending), {reached} of them reached the pledger; never sent again")
    return tally


def _reminder_kind(messages: int, status: str) -> str:
    if messages >= 2:
        return "sent twice"
    if status == "uncertain":
        return "uncertain"
    return "sent once" if messages == 1 else "missing"


def owners_of_pledges(engine: sa.Engine, chats: dict[tuple[str, str], str]) -> dict[str, str]:
    """Each stored pledge's reference → its pledger's chat."""
    return {r["reference"]: chats.get(_owner(r), "?") for r in _rows(engine, PLEDGES)}


def _who(outcome: Outcome) -> str:
    plan = outcome.plan
    return f"pledger {plan.index} ({plan.channel} {plan.external_id})"


def _story(outcome: Outcome) -> str:
    """What the pledger went through that could explain a figure."""
    parts = [f"{outcome.inputs} inputs"]
    if outcome.unanswered:
        parts.append("unanswered: " + ", ".join(f"{n} {k}" for k, n in
                                                 sorted(outcome.unanswered.items())))
    if outcome.undelivered:
        parts.append(f"{outcome.undelivered} not deliverable (process down)")
    if outcome.pledged_again:
        parts.append(f"saw the menu without a reference and pledged again "
                     f"{outcome.pledged_again}x")
    if outcome.stuck:
        parts.append(f"stuck: {outcome.stuck}")
    return "; ".join(parts)


def plan_chats(plans: list[Plan], chats: dict[int, str]) -> dict[tuple[str, str], str]:
    return {(p.channel, p.external_id): chats[p.index] for p in plans}
