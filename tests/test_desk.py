"""The secretariat's desk through the turn runner and a real database: figures against
totals computed by hand, moderation round trips, and non-members refused."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlmodel import col, select

from bot.effect_handlers import DeskServices
from bot.flows.model import Command, Pick
from bot.reminders.dispatch import ReminderDispatcher
from bot.reminders.sending import Delivery, Pacer
from bot.turns import ChatUser, TurnRunner
from storage.models import AuditEvent, DigestOutbox, Pledge, ReminderOutbox
from tests.desk import OFFICER, approve_all, make_member
from tests.runner_chat import RunnerChat
from vocabulary import Channel, PledgeStatus, ReminderKind

KIM = ChatUser(Channel.TELEGRAM, "5002", "Kim", "en", "Africa/Nairobi")
LEA = ChatUser(Channel.TELEGRAM, "5003", "Léa", "en", "Africa/Nairobi")


def _pledged(runner: TurnRunner, user: ChatUser, organization: str) -> RunnerChat:
    chat = RunnerChat(runner, user)
    chat.register(organization)
    chat.answer_pledge()
    chat.press("confirm")
    return chat


def _pledges(runner: TurnRunner) -> list[Pledge]:
    with runner.db.transaction() as session:
        return list(session.exec(select(Pledge).order_by(col(Pledge.id))))


@pytest.fixture
def officer(runner: TurnRunner) -> RunnerChat:
    return RunnerChat(runner, make_member(runner))


def test_stats_match_the_totals_computed_by_hand(runner: TurnRunner,
                                                 officer: RunnerChat) -> None:
    """Two pledges of US$5 million each in Kenya, Uganda and Tanzania (Uganda and
    Tanzania are LDCs, Uganda an LLDC), by a company and an NGO; one approved and
    reported on, one waiting for review, and a third withdrawn (not counted)."""
    kim = _pledged(runner, KIM, "ACME Telecom")
    approve_all(runner)
    kim.press("cmd:report:P2C-2026-00001")
    kim.press("in_progress")
    kim.say("30")
    kim.say("500k")
    kim.say("2,000")
    kim.command("skip")
    kim.say("Ten towers up, twenty to go; backhaul agreed.")
    kim.command("skip")
    kim.press("confirm")
    assert "progress report on P2C-2026-00001 is saved" in kim.text
    lea = RunnerChat(runner, LEA)
    lea.register("Connect NGO", sector="civil_society")
    lea.answer_pledge()
    lea.press("confirm")
    withdrawn = RunnerChat(runner, ChatUser(Channel.TELEGRAM, "5004", "Ana", "en",
                                            "Africa/Nairobi"))
    withdrawn.register("Third Org")
    withdrawn.answer_pledge()
    withdrawn.press("confirm")
    withdrawn.send(Command("mypledges", "P2C-2026-00003"))
    withdrawn.press("withdraw")
    withdrawn.press("yes")
    officer.command("stats")
    lines = officer.text.splitlines()
    assert "Pledges: 2" in lines
    assert "Estimated value: $10,000,000.00" in lines
    assert "Organizations: 2" in lines
    assert "Countries of implementation: 3" in lines
    assert "Targeting LDCs: 2 · LLDCs: 2 · SIDS: 0" in lines
    assert "Waiting for review: 1 · Overdue: 0 · Reminders not delivered: 0" in lines
    assert "  Connect people / resilient connectivity: 2 · $10,000,000.00" in lines
    assert "  Financial: 2 · $10,000,000.00" in lines
    assert "  Private sector: 1 · $5,000,000.00" in lines
    assert "  Civil society / NGO: 1 · $5,000,000.00" in lines
    assert "Reporting rate: 100% (1 of 1 approved pledge reported)" in lines


def test_approval_notifies_the_pledger_in_their_language_and_schedules_reminders(
        runner: TurnRunner, officer: RunnerChat) -> None:
    kim = _pledged(runner, KIM, "ACME Telecom")
    kim.command("language")
    kim.press("lang:fr")
    officer.command("review")
    [entry] = [r for r in officer.replies if r.choices]
    assert "P2C-2026-00001" in entry.text
    assert "ACME Telecom" in entry.text
    approve = next(c for c in entry.choices if c.plain_id.startswith("cmd:approve:"))
    officer.send(Pick(approve.id))
    assert "is approved" in officer.text
    [pledge] = _pledges(runner)
    assert pledge.status == PledgeStatus.APPROVED
    assert pledge.next_reminder_at is not None
    officer.send(Pick(approve.id))
    assert "no longer waiting for review" in officer.text
    pushed = _dispatch(runner)
    assert pushed[0][0] == KIM.external_id
    assert "approuvé" in pushed[0][1]
    with runner.db.transaction() as session:
        audit = session.exec(select(AuditEvent).where(
            col(AuditEvent.action) == "pledge.approved")).one()
    assert audit.entity_id == "P2C-2026-00001"


def test_a_rejection_carries_its_reason_and_schedules_nothing(
        runner: TurnRunner, officer: RunnerChat) -> None:
    _pledged(runner, LEA, "ACME Telecom")
    officer.command("review")
    reject = next(c for r in officer.replies for c in r.choices
                  if c.plain_id.startswith("cmd:reject:"))
    officer.send(Pick(reject.id))
    assert "Why is P2C-2026-00001 rejected?" in officer.text
    officer.say("Out of scope for P2C: no connectivity component.")
    [pledge] = _pledges(runner)
    assert pledge.status == PledgeStatus.REJECTED
    assert pledge.next_reminder_at is None
    [(_, text)] = _dispatch(runner)
    assert "no connectivity component" in text


def test_a_change_request_opens_the_pledge_and_an_edit_returns_it_to_review(
        runner: TurnRunner, officer: RunnerChat) -> None:
    lea = _pledged(runner, LEA, "ACME Telecom")
    officer.command("review")
    changes = next(c for r in officer.replies for c in r.choices
                   if c.plain_id.startswith("cmd:changes:"))
    officer.send(Pick(changes.id))
    officer.say("Please name the countries' regulators as partners.")
    [pledge] = _pledges(runner)
    assert pledge.status == PledgeStatus.CHANGES_REQUESTED
    lea.send(Command("mypledges", "P2C-2026-00001"))
    assert "The secretariat asks: Please name the countries' regulators" in lea.text
    lea.press("edit")
    lea.press("edit:title")
    lea.say("Rural broadband with the regulators")
    lea.press("confirm")
    [pledge] = _pledges(runner)
    assert pledge.status == PledgeStatus.SUBMITTED
    assert pledge.revision == 1
    officer.send(Pick(changes.id))
    officer.say("An old button must not decide on the edited pledge.")
    assert "was edited after it was shown to you" in officer.text
    assert _pledges(runner)[0].status == PledgeStatus.SUBMITTED


@pytest.mark.parametrize("command", [
    Command("review"), Command("stats"), Command("find", "broadband"), Command("digest"),
    Command("export", "csv"), Command("overdue"), Command("approve", "P2C-2026-00001.0"),
    Command("reject", "P2C-2026-00001.0"), Command("changes", "P2C-2026-00001.0")])
def test_a_non_member_is_refused_and_nothing_changes(runner: TurnRunner,
                                                     command: Command) -> None:
    _pledged(runner, KIM, "ACME Telecom")
    outsider = RunnerChat(runner, LEA)
    outsider.send(command)
    assert "only the P2C secretariat can do that" in outsider.text
    [pledge] = _pledges(runner)
    assert pledge.status == PledgeStatus.SUBMITTED
    with runner.db.transaction() as session:
        refused = session.exec(select(AuditEvent).where(
            col(AuditEvent.action) == "access.refused")).all()
        assert not session.exec(select(ReminderOutbox)).all()
    assert [e.details["action"] for e in refused] == [command.name]


def test_a_forged_button_naming_another_organizations_pledge_is_refused(
        runner: TurnRunner) -> None:
    _pledged(runner, KIM, "ACME Telecom")
    lea = RunnerChat(runner, LEA)
    lea.register("Connect NGO")
    lea.command("cancel")
    lea.send(Pick("cmd:approve:P2C-2026-00001.0"))
    assert "only the P2C secretariat" in lea.text
    assert _pledges(runner)[0].status == PledgeStatus.SUBMITTED


def test_an_export_is_a_real_workbook_of_every_pledge(runner: TurnRunner,
                                                      officer: RunnerChat) -> None:
    _pledged(runner, KIM, "ACME Telecom")
    _pledged(runner, LEA, "=HYPERLINK(\"http://evil\")")
    officer.send(Command("export", "xlsx"))
    [reply] = [r for r in officer.replies if r.attachment]
    assert reply.attachment is not None
    sheet = load_workbook(io.BytesIO(reply.attachment.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    assert rows[0][0] == "reference"
    assert rows[2][3].startswith("'=")
    officer.send(Command("export", "csv"))
    [reply] = [r for r in officer.replies if r.attachment]
    assert reply.attachment is not None
    assert reply.attachment.content.decode("utf-8-sig").count("\n") == 3


def test_an_export_in_json_holds_each_pledge_with_lists_as_arrays(
        runner: TurnRunner, officer: RunnerChat) -> None:
    _pledged(runner, KIM, "ACME Telecom")
    officer.send(Command("export", "json"))
    [reply] = [r for r in officer.replies if r.attachment]
    assert reply.attachment is not None
    assert reply.attachment.media_type == "application/json"
    [record] = json.loads(reply.attachment.content)
    assert record["reference"] == "P2C-2026-00001"
    assert record["organization"] == "ACME Telecom"
    assert isinstance(record["countries"], list)
    assert record["latest_narrative"] is None
    officer.send(Command("export", "pdf"))
    assert "csv, xlsx or json" in officer.text


def test_find_by_reference_or_word(runner: TurnRunner, officer: RunnerChat) -> None:
    _pledged(runner, KIM, "ACME Telecom")
    officer.send(Command("find", "p2c-2026-00001"))
    assert "P2C-2026-00001" in officer.text
    officer.send(Command("find", "acme"))
    assert "1 pledge matches" in officer.text
    officer.send(Command("find", "nothing-like-this"))
    assert "No pledge matches" in officer.text


class _Collecting:
    channel = Channel.TELEGRAM

    def __init__(self) -> None:
        self.pushed: list[tuple[str, str]] = []

    async def push(self, external_id: str, reply) -> Delivery:  # type: ignore[no-untyped-def]
        self.pushed.append((external_id, reply.text))
        return Delivery.SENT


def _dispatch(runner: TurnRunner) -> list[tuple[str, str]]:
    sender = _Collecting()
    dispatcher = ReminderDispatcher(
        runner.db, runner.reference, runner.catalogs, {Channel.TELEGRAM: sender},
        {Channel.TELEGRAM: Pacer(1000, 0)}, worker="test", batch=10,
        lease=timedelta(minutes=5), follow_up_after=timedelta(days=14),
        overdue_after=timedelta(days=14))
    asyncio.run(dispatcher.tick())
    with runner.db.transaction() as session:
        kinds = {r.kind for r in session.exec(select(ReminderOutbox))}
    assert kinds <= {ReminderKind.DECISION}
    return sender.pushed


assert OFFICER.channel == Channel.CONSOLE


def test_digest_now_shows_the_digest_and_queues_it_for_every_destination(
        runner: TurnRunner) -> None:
    desk = TurnRunner(runner.db, runner.reference, runner.catalogs,
                      idle_after=runner.idle_after,
                      desk=DeskServices(("slack:C0P2CSEC1", "email:p2c@itu.example")))
    _pledged(desk, KIM, "ACME Telecom")
    officer = RunnerChat(desk, make_member(desk))
    officer.send(Command("digest"))
    assert officer.replies[0].text.startswith("Partner2Connect digest")
    assert "New pledges in this period: 1" in officer.replies[0].text
    assert officer.replies[1].text == ("This digest is on its way to: slack:C0P2CSEC1 and "
                                       "email:p2c@itu.example.")
    with desk.db.transaction() as session:
        rows = session.exec(select(DigestOutbox)).all()
    assert sorted(r.destination for r in rows) == ["email:p2c@itu.example", "slack:C0P2CSEC1"]
    assert all(r.period.startswith("manual:") for r in rows)


def test_overdue_pledges_and_undelivered_reminders_are_listed_with_what_to_do(
        runner: TurnRunner, officer: RunnerChat) -> None:
    _pledged(runner, KIM, "ACME Telecom")
    _pledged(runner, LEA, "Connect NGO")
    approve_all(runner)
    with runner.db.transaction() as session:
        first, second = session.exec(select(Pledge).order_by(col(Pledge.id))).all()
        first.overdue = True
        session.add(first)
        session.add(ReminderOutbox(pledge_id=second.id, period="p1", kind="reminder",
                                   due_at=second.submitted_at, status="uncertain"))
    officer.command("overdue")
    assert officer.text.startswith("2 things need attention:")
    assert "P2C-2026-00001" in officer.text
    assert "overdue: no report after a reminder and a follow-up. Write to Kim" in officer.text
    assert "P2C-2026-00002" in officer.text
    assert "a reminder may not have arrived" in officer.text
    officer.command("stats")
    assert "Overdue: 1 · Reminders not delivered: 1" in officer.text


@pytest.mark.parametrize("forged", ["cmd:mypledges:P2C-2026-00001", "cmd:report:P2C-2026-00001",
                                    "cmd:snooze:P2C-2026-00001", "cmd:pause:P2C-2026-00001"])
def test_a_button_naming_another_organizations_pledge_opens_nothing_and_is_audited(
        runner: TurnRunner, forged: str) -> None:
    _pledged(runner, KIM, "ACME Telecom")
    approve_all(runner)
    before = _pledges(runner)[0].next_reminder_at
    lea = RunnerChat(runner, LEA)
    lea.register("Connect NGO")
    lea.command("cancel")
    lea.send(Pick(forged))
    assert lea.text.startswith("That pledge is no longer available.")
    [pledge] = _pledges(runner)
    assert (pledge.next_reminder_at, pledge.reminders_paused) == (before, False)
    with runner.db.transaction() as session:
        [event] = session.exec(select(AuditEvent).where(
            col(AuditEvent.action) == "access.refused")).all()
    assert event.details["argument"] == "P2C-2026-00001"


def test_a_pledge_without_a_us_dollar_rate_says_so_in_exports_and_figures(
        runner: TurnRunner, officer: RunnerChat) -> None:
    asha = RunnerChat(runner, ChatUser(Channel.TELEGRAM, "5005", "Asha", "en",
                                       "Asia/Kathmandu"))
    asha.register("Nepal Net", country="Nepal")
    asha.answer_pledge(until="amount")
    asha.say("5 million NPR")
    asha.answer_pledge(until="review")
    asha.press("confirm")
    officer.send(Command("export", "csv"))
    [reply] = [r for r in officer.replies if r.attachment]
    assert reply.attachment is not None
    rows = list(csv.DictReader(io.StringIO(reply.attachment.content.decode("utf-8-sig"))))
    assert [(r["amount"], r["currency"], r["amount_usd"]) for r in rows] == [
        ("5000000.00", "NPR", "no rate")]
    officer.command("stats")
    assert "(1 pledge has no US dollar rate yet and is not in this value)" in officer.text
