"""Through the turn runner and a real database: a story with a kept file is stored
once, approved by a member, and then showcased: in `approved_stories()` for its period
(from `since`, up to but not including `until`), and in the digest of that period.
Rejected stories and stories about pledges not approved, or not one's own, are not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from sqlmodel import select

from bot.effect_handlers import EffectScope, PledgeNotOwnedError, apply_effect
from bot.flows.desk_model import Refused
from bot.flows.digest_views import digest_text
from bot.flows.model import Command, Effect, FlowContext, Text, Upload
from bot.flows.story_effects import DecideStory, ShowStoryFiles, ShowStoryQueue, SubmitStory
from bot.secretariat.digest_content import build_digest
from bot.stories.files import StoryFileStore
from bot.turns import ChatUser, TurnRunner
from storage.models import AuditEvent, Pledger, ReminderOutbox, Story
from storage.stories import approved_stories
from tests.desk import approve_all, make_member
from tests.runner_chat import RunnerChat
from tests.stories.samples import image
from tests.test_concurrent_turns import at_once, button, rows, text_of
from vocabulary import Channel, StoryStatus

PLEDGED = datetime(2026, 11, 25, 9, tzinfo=UTC)
APPROVED = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)
AMINA = ChatUser(Channel.TELEGRAM, "4242", "Amina Diallo", "en", "Africa/Nairobi")
BODY = ("Local operators built and now run the towers; 40 villages are online and the "
        "school in each teaches digital skills.")


@pytest.fixture
def store(tmp_path: Path) -> StoryFileStore:
    return StoryFileStore(tmp_path / "stories")


@pytest.fixture
def story_runner(any_runner: TurnRunner, store: StoryFileStore) -> TurnRunner:
    """On SQLite and on PostgreSQL."""
    return TurnRunner(any_runner.db, any_runner.reference, any_runner.catalogs,
                      idle_after=any_runner.idle_after, story_files=store)


def _pledge(runner: TurnRunner, user: ChatUser = AMINA, organization: str = "Sahel Connect",
            approve: bool = True) -> RunnerChat:
    with time_machine.travel(PLEDGED, tick=False):
        chat = RunnerChat(runner, user)
        chat.register(organization)
        chat.answer_pledge()
        chat.press("confirm")
        if approve:
            approve_all(runner)
    return chat


def _story(chat: RunnerChat, store: StoryFileStore, title: str) -> None:
    chat.command("story")
    chat.say(title)
    chat.say(BODY)
    photo = store.keep(image("PNG"), "towers.png")
    chat.send(Upload("towers.png", "image/png", photo.size, kept=photo))
    chat.press("done")
    chat.press("confirm")
    assert "is with the P2C secretariat" in chat.text


def test_an_approved_story_is_showcased_in_its_period_and_its_digest(
        story_runner: TurnRunner, store: StoryFileStore) -> None:
    chat = _pledge(story_runner)
    _story(chat, store, "Villages online")
    _story(chat, store, "Schools teach digital skills")
    member = make_member(story_runner)
    with time_machine.travel(APPROVED, tick=False):
        story_runner.handle(member, Command("approvestory", "1"))
    with time_machine.travel(APPROVED + timedelta(hours=1), tick=False):
        story_runner.handle(member, Command("rejectstory", "2"))
        story_runner.handle(member, Text("It is about the pledge, not about what worked."))
        again = story_runner.handle(member, Command("approvestory", "2"))
    assert "Story 2 is no longer waiting for review: it is rejected." in again.replies[0].text
    with story_runner.db.transaction() as session:
        [shown] = approved_stories(session)
        assert approved_stories(session, since=APPROVED, until=APPROVED + timedelta(1)) == [shown]
        assert approved_stories(session, until=APPROVED) == []
        assert approved_stories(session, since=APPROVED + timedelta(seconds=1)) == []
        digest = build_digest(session, PLEDGED, APPROVED + timedelta(days=1),
                              APPROVED + timedelta(days=1))
        earlier = build_digest(session, PLEDGED, APPROVED, APPROVED)
    assert shown.title == "Villages online"
    assert (shown.pledge_reference, shown.organization) == ("P2C-2026-00001", "Sahel Connect")
    assert shown.pledge_title == "Rural broadband for all"
    assert shown.approved_at == APPROVED
    assert shown.approved_at.tzinfo is not None
    assert shown.approved_at.utcoffset() == timedelta(0)
    [photo] = shown.files
    assert store.path_of(photo.stored_as).read_bytes() == image("PNG")
    ctx = FlowContext(story_runner.catalogs.translator("en"), story_runner.reference,
                      APPROVED.date(), Channel.CONSOLE)
    text = digest_text(digest, ctx)
    assert "Best-practice stories approved in this period: 1\n" \
           "• “Villages online”, Sahel Connect (P2C-2026-00001)" in text
    assert "Best-practice stories approved in this period: 0\nNone." in digest_text(earlier, ctx)


def test_a_story_is_only_about_an_approved_pledge_of_ones_own(
        story_runner: TurnRunner) -> None:
    _pledge(story_runner)
    other = ChatUser(Channel.TELEGRAM, "5151", "Other Pledger", "en", "Africa/Nairobi")
    _pledge(story_runner, other, "Other Org", approve=False)
    effect = SubmitStory("P2C-2026-00001", "Not ours", BODY, ())
    with story_runner.db.transaction() as session:
        pledger = session.exec(select(Pledger).where(Pledger.external_id == "5151")).one()
        scope = EffectScope(session, pledger, story_runner.reference, APPROVED)
        with pytest.raises(PledgeNotOwnedError):
            apply_effect(effect, scope)
        with pytest.raises(PledgeNotOwnedError):
            apply_effect(SubmitStory("P2C-2026-00002", "Not approved", BODY, ()), scope)


def test_two_members_approving_at_once_decide_once(story_runner: TurnRunner,
                                                   store: StoryFileStore) -> None:
    chat = _pledge(story_runner)
    _story(chat, store, "Villages online")
    first = make_member(story_runner)
    second = make_member(story_runner, ChatUser(Channel.SLACK, "U0SECOND1", "Second Officer"))
    results = at_once(lambda: story_runner.handle(first, Command("approvestory", "1")),
                      lambda: story_runner.handle(second, Command("approvestory", "1")))
    said = sorted(text_of(result) for result in results)
    assert said[0].startswith("Story 1 is approved for the showcase")
    assert said[1].startswith("Story 1 is no longer waiting for review")
    assert [r.kind for r in rows(story_runner, ReminderOutbox)].count("story_decision") == 1
    assert [e.action for e in rows(story_runner, AuditEvent)].count("story.approved") == 1


def test_two_presses_of_send_at_once_store_one_story(story_runner: TurnRunner) -> None:
    chat = _pledge(story_runner)
    chat.command("story")
    chat.say("Villages online")
    chat.say(BODY)
    chat.press("done")
    send = button(chat, "confirm")
    results = at_once(lambda: story_runner.answer(AMINA, send, "send-1"),
                      lambda: story_runner.answer(AMINA, send, "send-2"))
    assert len(rows(story_runner, Story)) == 1
    assert all("is with the P2C secretariat" in text_of(r) for r in results)


@pytest.mark.parametrize("effect", [ShowStoryQueue(), ShowStoryFiles(1),
                                    DecideStory(1, StoryStatus.APPROVED)])
def test_the_server_checks_the_role_again(story_runner: TurnRunner, store: StoryFileStore,
                                          effect: Effect) -> None:
    """A forged effect from a non-member (the flows refuse before it is asked for)
    changes nothing and is audited."""
    chat = _pledge(story_runner)
    _story(chat, store, "Villages online")
    with story_runner.db.transaction() as session:
        pledger = session.exec(select(Pledger).where(Pledger.external_id == "4242")).one()
        outcome = apply_effect(effect, EffectScope(session, pledger, story_runner.reference,
                                                   APPROVED, story_files=store))
    assert isinstance(outcome, Refused)
    assert rows(story_runner, AuditEvent)[-1].action == "access.refused"
    assert [s.status for s in rows(story_runner, Story)] == [StoryStatus.SUBMITTED]


def test_a_story_that_is_not_there(story_runner: TurnRunner) -> None:
    member = make_member(story_runner)
    gone = story_runner.handle(member, Command("approvestory", "99"))
    assert text_of(gone) == "There is no story 99."
    assert text_of(story_runner.handle(member, Command("storyfiles", "99"))) == \
        "There is no story 99."
    assert "No story is waiting for review." in text_of(
        story_runner.handle(member, Command("stories")))
