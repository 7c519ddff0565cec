"""Turns under real concurrency, on SQLite and PostgreSQL: two presses at once, two
people registering one organization at once, and a turn that fails after recording its
delivery. Threads start together at a barrier; nothing waits on a sleep."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import TypeVar

import pytest
import time_machine
from sqlmodel import select

from bot import effect_handlers
from bot.flows.model import Command, Pick
from bot.turns import ChatUser, TurnResult, TurnRunner
from storage.models import Organization, Pledge, Pledger, ProgressReport
from tests.runner_chat import RunnerChat

ALICE = ChatUser("telegram", "1001", "Alice", "en", "Africa/Nairobi")
BOB = ChatUser("telegram", "1002", "Bob", "en", "Africa/Nairobi")
T = TypeVar("T")


@pytest.fixture(autouse=True)
def _in_november_2026():
    with time_machine.travel(datetime(2026, 11, 23, 12, tzinfo=UTC), tick=False):
        yield


def at_once(*calls: Callable[[], T]) -> list[T]:
    """Runs the calls in threads released together."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def button(chat: RunnerChat, choice_id: str) -> Pick:
    """The press a channel sends back for the button `choice_id` on the last replies."""
    [shown] = [c.id for r in chat.replies for c in r.choices if c.plain_id == choice_id]
    return Pick(shown)


def text_of(result: TurnResult | None) -> str:
    assert result is not None
    return "\n".join(reply.text for reply in result.replies)


def rows(runner: TurnRunner, model: type) -> list:
    with runner.db.transaction() as session:
        return list(session.exec(select(model)))


def test_two_confirms_at_once_store_one_pledge_and_both_show_its_reference(
        any_runner: TurnRunner) -> None:
    alice = RunnerChat(any_runner, ALICE)
    alice.register()
    alice.answer_pledge()
    confirm = button(alice, "confirm")
    first, second = at_once(lambda: any_runner.answer(ALICE, confirm, "tap-1"),
                            lambda: any_runner.answer(ALICE, confirm, "tap-2"))
    [pledge] = rows(any_runner, Pledge)
    assert pledge.reference in text_of(first)
    assert pledge.reference in text_of(second)
    assert (first.notice, second.notice) == (None, None)


def test_two_sends_of_a_report_at_once_store_one_report(any_runner: TurnRunner) -> None:
    alice = RunnerChat(any_runner, ALICE)
    alice.register()
    alice.answer_pledge()
    alice.press("confirm")
    alice.command("report")
    alice.press("in_progress")
    for _ in range(4):
        alice.command("skip")
    alice.say("Ten towers up, twenty to go.")
    alice.command("skip")
    send = button(alice, "confirm")
    results = at_once(lambda: any_runner.answer(ALICE, send, "send-1"),
                      lambda: any_runner.answer(ALICE, send, "send-2"))
    assert len(rows(any_runner, ProgressReport)) == 1
    assert all("progress report on P2C-2026-00001 is saved" in text_of(r) for r in results)


def test_two_registrations_of_one_organization_at_once_make_one(
        any_runner: TurnRunner) -> None:
    chats = [RunnerChat(any_runner, user) for user in (ALICE, BOB)]
    for chat, name in zip(chats, ["Sahel Connect", "sahel  CONNECT"], strict=True):
        chat.command("start")
        chat.say(name)
        chat.press("private")
        chat.say("Senegall")
    presses = [button(chat, "yes") for chat in chats]
    results = at_once(lambda: any_runner.answer(ALICE, presses[0], "yes-1"),
                      lambda: any_runner.answer(BOB, presses[1], "yes-2"))
    [organization] = rows(any_runner, Organization)
    assert organization.name in {"Sahel Connect", "sahel CONNECT"}, "whoever came first"
    assert {p.organization_id for p in rows(any_runner, Pledger)} == {organization.id}
    assert all("focus area" in text_of(r) for r in results), "both go on to their pledge"


def test_a_turn_that_fails_after_recording_its_delivery_is_answered_on_redelivery(
        any_runner: TurnRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    alice = RunnerChat(any_runner, ALICE)
    alice.register()
    alice.answer_pledge()
    confirm = button(alice, "confirm")

    def disk_full(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(effect_handlers.pledges, "add_pledge", disk_full)
        with pytest.raises(RuntimeError):
            any_runner.answer(ALICE, confirm, "update-41")
    assert rows(any_runner, Pledge) == []
    again = any_runner.answer(ALICE, confirm, "update-41")
    [pledge] = rows(any_runner, Pledge)
    assert pledge.reference in text_of(again)


def test_one_users_turns_at_once_are_both_applied(any_runner: TurnRunner) -> None:
    """Two inputs at once run one after the other, the second on the state the first
    saved: two Backs go back two questions, not one."""
    alice = RunnerChat(any_runner, ALICE)
    alice.register()
    alice.answer_pledge(until="partners")
    at_once(lambda: any_runner.handle(ALICE, Command("back")),
            lambda: any_runner.handle(ALICE, Command("back")))
    assert alice.step == "start_date"
