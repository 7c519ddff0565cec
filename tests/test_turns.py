"""Whole conversations through the TurnRunner on a real (SQLite) database: what is
stored, resuming after a restart, editing and withdrawing, and atomic turns."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from sqlmodel import select

from bot import effect_handlers
from bot.flows.model import Command
from bot.turns import ChatUser, DeliveryInProgressError, TurnRunner
from storage.db import Database
from storage.deliveries import ABANDONED_AFTER, forget_deliveries
from storage.migrations import upgrade
from storage.models import AuditEvent, Organization, Pledge, Pledger
from storage.pledges import countries_of, partners_of
from tests.desk import approve_all
from tests.runner_chat import RunnerChat

ALICE = ChatUser("console", "alice", "Alice")
BOB = ChatUser("console", "bob", "Bob")


@pytest.fixture(autouse=True)
def _in_november_2026():
    """References carry the year, and Nepal graduates from the LDC list on 2026-11-24."""
    with time_machine.travel(datetime(2026, 11, 23, 12, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def alice(runner: TurnRunner) -> RunnerChat:
    chat = RunnerChat(runner, ALICE)
    chat.register()
    return chat


def _pledges(runner: TurnRunner) -> list[Pledge]:
    with runner.db.transaction() as session:
        return list(session.exec(select(Pledge).order_by(Pledge.id)))


def test_a_pledge_is_stored_with_every_field(runner: TurnRunner, alice: RunnerChat) -> None:
    alice.answer_pledge()
    alice.press("confirm")
    assert "reference P2C-2026-00001" in alice.text
    [pledge] = _pledges(runner)
    assert pledge.reference == "P2C-2026-00001"
    assert (pledge.focus_area, pledge.pillar, pledge.pledge_type) == (
        "access", "infrastructure", "financial")
    assert pledge.title == "Rural broadband for all"
    assert (pledge.amount, pledge.currency, pledge.amount_usd) == (
        Decimal("5000000.00"), "USD", Decimal("5000000.00"))
    assert pledge.beneficiary_groups == ["rural", "youth"]
    assert pledge.sdgs == [4, 9, 17]
    assert (pledge.start_date, pledge.end_date) == (date(2027, 6, 1), date(2028, 12, 31))
    assert (pledge.targets_ldc, pledge.targets_lldc, pledge.targets_sids) == (True, True, False)
    assert pledge.status == "submitted"
    assert pledge.submitted_at.tzinfo is UTC
    with runner.db.transaction() as session:
        assert countries_of(session, [pledge.id])[pledge.id] == ["KEN", "TZA", "UGA"]
        assert partners_of(session, [pledge.id])[pledge.id] == ["GSMA", "World Bank"]
        organization = session.get(Organization, pledge.organization_id)
        assert (organization.name, organization.sector, organization.country) == (
            "ACME Telecom", "private", "KEN")


def test_a_restart_mid_pledge_resumes_where_it_was(runner: TurnRunner, alice: RunnerChat,
                                                   catalogs, reference) -> None:
    alice.answer_pledge(until="sdgs")
    runner.db.dispose()
    restarted = TurnRunner(type(runner.db)(runner.db.url), reference, catalogs,
                           idle_after=timedelta(days=14))
    again = RunnerChat(restarted, ALICE)
    [reply] = restarted.resume(ALICE).replies
    assert reply.text.startswith("Welcome back! Let's continue where we were.\n\nWhich Sustainable")
    again.say("4, 9 and 17")
    again.say("June 2027")
    again.say("end of 2028")
    again.say("GSMA, World Bank")
    again.press("confirm")
    [pledge] = _pledges(restarted)
    assert pledge.title == "Rural broadband for all"
    assert pledge.sdgs == [4, 9, 17]


def test_an_idle_conversation_expires(runner: TurnRunner, alice: RunnerChat) -> None:
    with time_machine.travel(datetime(2026, 11, 23, 9, 0, tzinfo=UTC), tick=False):
        alice.answer_pledge(until="amount")
    with time_machine.travel(datetime(2026, 12, 8, 9, 0, tzinfo=UTC), tick=False):
        alice.say("5 million USD")
    assert "expired" in alice.text
    assert alice.step is None
    assert _pledges(runner) == []


def test_joining_a_registered_organization_is_confirmed_and_recorded(
        runner: TurnRunner, alice: RunnerChat) -> None:
    """Bob types ACME's name: he is asked, and once he joins he sees, edits and reports
    on ACME's pledges like Alice, who made them."""
    alice.answer_pledge()
    alice.press("confirm")
    bob = RunnerChat(runner, BOB)
    bob.command("start")
    bob.say("acme  TELECOM")
    assert "ACME Telecom is already registered (Private sector, Kenya). Are you part of " \
        "it?" in bob.text
    bob.press("yes")
    assert bob.step == "time_zone"
    assert "tz:Africa/Nairobi" in [c.plain_id for c in bob.replies[-1].choices], \
        "the zones of the organization's country"
    bob.press("tz:Africa/Nairobi")
    assert "You are now a member of ACME Telecom." in bob.text
    with runner.db.transaction() as session:
        assert len(session.exec(select(Organization)).all()) == 1
        pledgers = session.exec(select(Pledger).order_by(Pledger.id)).all()
        assert pledgers[0].organization_id == pledgers[1].organization_id
        events = list(session.exec(select(AuditEvent).order_by(AuditEvent.id)))
    assert [e.action for e in events if e.entity == "organization"] == [
        "organization.created", "organization.joined"]
    assert events[-1].details == {"name": "ACME Telecom", "confirmed": True}
    bob.command("cancel")
    bob.command("mypledges")
    assert any("P2C-2026-00001" in c.label for r in bob.replies for c in r.choices)
    bob.command("report")
    bob.press("in_progress")
    assert bob.step == "percent_done"


def test_declining_to_join_asks_for_the_pledgers_own_organization(
        runner: TurnRunner, alice: RunnerChat) -> None:
    alice.command("pledge")
    bob = RunnerChat(runner, BOB)
    bob.command("start")
    bob.say("ACME Telecom")
    bob.press("no")
    assert "please type your organization's full name" in bob.text
    assert bob.step == "organization_name"
    bob.say("ACME Telecom Uganda")
    assert bob.step == "sector"


def test_a_withdrawn_pledge_keeps_its_row_and_is_audited(runner: TurnRunner,
                                                         alice: RunnerChat) -> None:
    alice.answer_pledge()
    alice.press("confirm")
    alice.command("mypledges")
    alice.press("P2C-2026-00001")
    alice.press("withdraw")
    alice.press("yes")
    assert "P2C-2026-00001 is withdrawn" in alice.text
    [pledge] = _pledges(runner)
    assert pledge.status == "withdrawn"
    with runner.db.transaction() as session:
        last = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (last.action, last.entity_id) == ("pledge.withdrawn", "P2C-2026-00001")


def test_an_edit_updates_the_pledge_and_records_what_changed(runner: TurnRunner,
                                                             alice: RunnerChat) -> None:
    alice.answer_pledge()
    alice.press("confirm")
    alice.command("mypledges")
    alice.press("P2C-2026-00001")
    alice.press("edit")
    alice.press("edit:countries_typed")
    alice.say("Fiji, Tonga")
    alice.press("yes")
    alice.press("edit:partners")
    alice.press("no_partners")
    alice.press("confirm")
    assert "Your changes to P2C-2026-00001 are saved." in alice.text
    [pledge] = _pledges(runner)
    assert (pledge.targets_ldc, pledge.targets_lldc, pledge.targets_sids) == (
        False, False, True)
    with runner.db.transaction() as session:
        assert countries_of(session, [pledge.id])[pledge.id] == ["FJI", "TON"]
        assert partners_of(session, [pledge.id])[pledge.id] == []
        last = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert last.action == "pledge.edited"
    assert last.details == {"changed": ["countries", "partners"]}


@pytest.mark.parametrize(("today", "ldc", "lldc"), [
    (datetime(2026, 11, 23, 12, tzinfo=UTC), True, True),
    (datetime(2026, 11, 25, 12, tzinfo=UTC), False, True),
])
def test_ldc_targeting_is_judged_on_the_day_of_the_pledge(
        runner: TurnRunner, today: datetime, ldc: bool, lldc: bool) -> None:
    """Nepal leaves the LDC list on 2026-11-24; it stays landlocked."""
    with time_machine.travel(today, tick=False):
        chat = RunnerChat(runner, ALICE)
        chat.register()
        chat.answer_pledge(until="countries_typed")
        chat.say("Nepal")
        chat.say("2 million USD")
        chat.say("1")
        chat.say("9")
        chat.say("2027")
        chat.command("skip")
        chat.command("skip")
        chat.press("confirm")
    [pledge] = _pledges(runner)
    assert (pledge.targets_ldc, pledge.targets_lldc, pledge.targets_sids) == (ldc, lldc, False)


def test_a_failed_turn_saves_nothing(runner: TurnRunner, alice: RunnerChat,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    alice.answer_pledge()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(effect_handlers.pledges, "add_pledge", broken)
    with pytest.raises(RuntimeError):
        alice.press("confirm")
    assert _pledges(runner) == []
    assert alice.step == "review"
    monkeypatch.undo()
    alice.press("confirm")
    assert len(_pledges(runner)) == 1


def test_a_pledge_of_someone_else_cannot_be_changed(runner: TurnRunner,
                                                    alice: RunnerChat) -> None:
    alice.answer_pledge()
    alice.press("confirm")
    bob = RunnerChat(runner, BOB)
    bob.register(name="Other Org")
    with runner.db.transaction() as session:
        bob_row = session.exec(select(Pledger).where(Pledger.external_id == "bob")).one()
        scope = effect_handlers.EffectScope(session, bob_row, runner.reference,
                                            datetime.now(UTC))
        with pytest.raises(effect_handlers.PledgeNotOwnedError):
            effect_handlers.apply_effect(
                effect_handlers.WithdrawPledge("P2C-2026-00001"), scope)
    assert _pledges(runner)[0].status == "submitted"


@pytest.mark.postgres
def test_a_pledge_is_stored_and_edited_on_postgresql(postgres_url: str, reference,
                                                     catalogs) -> None:
    upgrade(postgres_url)
    db = Database(postgres_url)
    try:
        runner = TurnRunner(db, reference, catalogs, idle_after=timedelta(days=14))
        chat = RunnerChat(runner, ALICE)
        chat.register()
        chat.answer_pledge()
        chat.press("confirm")
        chat.command("mypledges")
        chat.press(_pledges(runner)[0].reference)
        chat.press("edit")
        chat.press("edit:amount")
        chat.say("€2.5m")
        chat.press("confirm")
        [pledge] = _pledges(runner)
        assert (pledge.amount, pledge.currency, pledge.amount_usd) == (
            Decimal("2500000.00"), "EUR", Decimal("2717391.30"))
        assert pledge.sdgs == [4, 9, 17]
        assert pledge.updated_at.tzinfo is UTC
    finally:
        db.dispose()


def test_a_redelivered_update_is_handled_once(runner: TurnRunner, alice: RunnerChat) -> None:
    alice.command("cancel")
    first = runner.answer(ALICE, Command("pledge"), "update-7")
    assert alice.step == "focus_area"
    with pytest.raises(DeliveryInProgressError):
        runner.answer(ALICE, Command("pledge"), "update-7")
    runner.undelivered(ALICE, "update-7")
    again = runner.answer(ALICE, Command("pledge"), "update-7")
    assert again == first, "replies known not sent are given again"
    with pytest.raises(DeliveryInProgressError):
        runner.answer(ALICE, Command("pledge"), "update-7")
    runner.delivered(ALICE, "update-7")
    assert runner.answer(ALICE, Command("pledge"), "update-7") is None
    assert alice.step == "focus_area"


def test_replies_of_a_sender_that_went_silent_are_taken_over_once(
        runner: TurnRunner, alice: RunnerChat) -> None:
    """The process that answered died before sending: after a while a re-delivery sends
    the replies, and a second re-delivery does not."""
    first = runner.answer(ALICE, Command("help"), "update-8")
    later = datetime(2026, 11, 23, 12, tzinfo=UTC) + ABANDONED_AFTER + timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        assert runner.answer(ALICE, Command("help"), "update-8") == first
        with pytest.raises(DeliveryInProgressError):
            runner.answer(ALICE, Command("help"), "update-8")


def test_the_language_choice_is_stored_and_confirmed(runner: TurnRunner,
                                                     alice: RunnerChat) -> None:
    alice.command("cancel")
    alice.command("language")
    alice.press("lang:en")
    assert "From now on I will write in English." in alice.text
    with runner.db.transaction() as session:
        assert session.exec(select(Pledger).where(Pledger.external_id == "alice")).one() \
            .language == "en"


def test_an_unreachable_pledger_becomes_reachable_when_they_write(runner: TurnRunner,
                                                                 alice: RunnerChat) -> None:
    runner.mark_unreachable(ALICE)
    with runner.db.transaction() as session:
        assert session.exec(select(Pledger).where(Pledger.external_id == "alice")).one() \
            .unreachable
    alice.command("start")
    with runner.db.transaction() as session:
        assert not session.exec(select(Pledger).where(Pledger.external_id == "alice")).one() \
            .unreachable


def test_old_delivery_ids_are_forgotten_once_delivered(runner: TurnRunner,
                                                       alice: RunnerChat) -> None:
    runner.answer(ALICE, Command("help"), "old-1")
    runner.delivered(ALICE, "old-1")
    runner.answer(ALICE, Command("help"), "old-2")
    runner.undelivered(ALICE, "old-2")
    with time_machine.travel(datetime(2026, 12, 10, tzinfo=UTC), tick=False), \
            runner.db.transaction() as session:
        assert forget_deliveries(session, datetime(2026, 12, 3, tzinfo=UTC)) == 1
    assert runner.answer(ALICE, Command("help"), "old-1")
    assert runner.answer(ALICE, Command("help"), "old-2") is not None


def test_replies_kept_for_a_redelivery_come_back_whole(runner: TurnRunner,
                                                       alice: RunnerChat) -> None:
    alice.answer_pledge()
    first = runner.answer(ALICE, Command("help"), "help-1")
    assert any(c.primary for c in first.replies[-1].choices)
    runner.undelivered(ALICE, "help-1")
    assert runner.answer(ALICE, Command("help"), "help-1") == first


def test_the_takeover_wait_is_the_configured_one(runner: TurnRunner, alice: RunnerChat) -> None:
    """An operator may shorten the wait (P2C_DELIVERY_TAKEOVER_SECONDS): a re-delivery is
    refused before it and takes over after it."""
    quick = TurnRunner(runner.db, runner.reference, runner.catalogs, idle_after=runner.idle_after,
                       abandoned_after=timedelta(seconds=5))
    start = datetime(2026, 11, 23, 12, tzinfo=UTC)
    first = quick.answer(ALICE, Command("help"), "update-9")
    with time_machine.travel(start + timedelta(seconds=4), tick=False), \
            pytest.raises(DeliveryInProgressError):
        quick.answer(ALICE, Command("help"), "update-9")
    with time_machine.travel(start + timedelta(seconds=6), tick=False):
        assert quick.answer(ALICE, Command("help"), "update-9") == first


def test_a_terminal_pledger_is_told_of_a_due_report_when_opening_the_chat(
        runner: TurnRunner, alice: RunnerChat) -> None:
    """No reminder can reach a terminal: /reminders says so, and the next start of the
    chat after the reminder's time says that a report is due."""
    alice.answer_pledge()
    alice.press("confirm")
    approve_all(runner)
    alice.command("reminders")
    assert "no reminder can reach you here" in alice.text
    alice.command("cancel")
    [due] = [p.next_reminder_at for p in _pledges(runner)]
    assert due is not None
    assert not any("is due" in r.text for r in runner.resume(ALICE).replies)
    with time_machine.travel(due + timedelta(hours=1), tick=False):
        shown = [r.text for r in runner.resume(ALICE).replies]
    assert shown[0] == "A progress report is due on P2C-2026-00001. Say report to file it."
