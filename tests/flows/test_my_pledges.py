"""Listing, viewing, editing and withdrawing one's own pledges."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.flows.effects import UpdatePledge, WithdrawPledge
from bot.flows.menu import pledge_overview
from bot.flows.model import Pick, PledgeSummary, ReportSummary
from tests.flows.chat import Chat
from tests.flows.journey import EXPECTED_ANSWERS

SUBMITTED = PledgeSummary("P2C-2026-00001", "submitted", EXPECTED_ANSWERS)
WITHDRAWN = PledgeSummary("P2C-2026-00002", "withdrawn",
                          {**EXPECTED_ANSWERS, "title": "An earlier idea"})


@pytest.fixture
def chat(engine, make_context) -> Chat:
    chat = Chat(engine, make_context(pledges=(SUBMITTED, WITHDRAWN)))
    chat.command("mypledges")
    return chat


def test_the_list_shows_each_pledge_with_its_status(chat: Chat) -> None:
    labels = [c.label for c in chat.last.choices if not c.is_navigation]
    assert labels == ["P2C-2026-00001 · Rural broadband for all (submitted)",
                      "P2C-2026-00002 · An earlier idea (withdrawn)"]


def test_viewing_a_pledge_shows_its_details_and_actions(chat: Chat) -> None:
    reply = chat.press("P2C-2026-00001")
    assert "P2C-2026-00001 (submitted)" in reply.text
    assert "Countries of implementation: Kenya, Uganda, and Tanzania" in reply.text
    assert [c for c in chat.choice_ids if not c.startswith("cmd:")] == ["edit", "withdraw"]
    assert "cmd:back" in chat.choice_ids, "« Back returns to the list: no second button"


def test_a_withdrawn_pledge_can_only_be_viewed(chat: Chat) -> None:
    chat.press("P2C-2026-00002")
    assert [c for c in chat.choice_ids if not c.startswith("cmd:")] == []
    chat.press("cmd:back")
    assert chat.step == "pledge"


def test_withdrawing_asks_for_confirmation(chat: Chat) -> None:
    chat.press("P2C-2026-00001")
    chat.press("withdraw")
    assert "this cannot be undone" in chat.last.text
    chat.press("yes")
    assert chat.effects == [WithdrawPledge("P2C-2026-00001")]
    assert chat.state.idle


def test_saying_no_keeps_the_pledge(chat: Chat) -> None:
    chat.press("P2C-2026-00001")
    chat.press("withdraw")
    chat.press("no")
    assert chat.effects == []
    assert "stays as it is" in chat.text


def test_editing_goes_through_the_review_and_saves_changes(chat: Chat) -> None:
    chat.press("P2C-2026-00001")
    chat.press("edit")
    assert chat.state.flow == "pledge"
    assert chat.step == "review"
    assert "Pledge P2C-2026-00001: review your changes" in chat.last.text
    chat.press("edit:title")
    chat.say("Rural broadband for schools")
    assert chat.last.choices[0].label == "Save changes"
    chat.press("confirm")
    assert chat.effects == [UpdatePledge("P2C-2026-00001", {
        **EXPECTED_ANSWERS, "title": "Rural broadband for schools"})]


def test_without_pledges_the_menu_says_so(engine, make_context) -> None:
    chat = Chat(engine, make_context())
    assert "You have no pledges yet." in chat.command("mypledges").text
    assert chat.state.idle


def test_a_pledge_can_be_opened_directly(engine, make_context) -> None:
    chat = Chat(engine, make_context(pledges=(SUBMITTED, WITHDRAWN)))
    reply = chat.send(Pick("cmd:mypledges:P2C-2026-00001"))
    assert reply.text.startswith("P2C-2026-00001 (submitted)")
    assert chat.step == "action"
    chat.press("list")
    assert chat.step == "pledge", "opened directly, the way to the list is its own button"


def test_the_overview_lists_each_pledge_with_a_button(make_context) -> None:
    overview = pledge_overview(make_context(pledges=(SUBMITTED, WITHDRAWN)))
    assert overview.text.splitlines() == [
        "Your pledges:", "P2C-2026-00001 · Rural broadband for all (submitted)",
        "P2C-2026-00002 · An earlier idea (withdrawn)"]
    assert [c.plain_id for c in overview.choices] == [
        "cmd:mypledges:P2C-2026-00001", "cmd:mypledges:P2C-2026-00002",
        "cmd:report:P2C-2026-00001", "cmd:pledge"]


def test_where_the_work_stands_is_shown_wherever_the_status_is(engine, make_context) -> None:
    """A pledge reported Completed no longer reads just "(submitted)"."""
    reported = replace(SUBMITTED, reports=(
        ReportSummary(date(2027, 3, 1), "in_progress", 40),
        ReportSummary(date(2027, 9, 1), "completed", 100)))
    chat = Chat(engine, make_context(pledges=(reported,)))
    chat.command("mypledges")
    [label] = [c.label for c in chat.last.choices if not c.is_navigation]
    assert label.endswith("(submitted · completed, 100%)")
    reply = chat.press("P2C-2026-00001")
    assert reply.text.startswith("P2C-2026-00001 (submitted · completed, 100%)")
    assert "March 1, 2027 · In progress · 40%" in reply.text
    assert "(submitted · completed, 100%)" in pledge_overview(chat.ctx).text
