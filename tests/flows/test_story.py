"""The best-practice story flow through the pure engine: about an approved pledge only,
files one a message with each refusal naming its limit, review, submit; offered after
a report; the secretariat's /stories, approve and reject with a reason."""

from __future__ import annotations

import pytest

from bot.flows.desk_effects import RecordRefusal
from bot.flows.effects import SubmitProgressReport
from bot.flows.model import FileRefusal, KeptFile, Pick, PledgeSummary, Upload
from bot.flows.story_effects import DecideStory, ShowStoryFiles, ShowStoryQueue, SubmitStory
from tests.flows.chat import Chat
from tests.flows.journey import EXPECTED_ANSWERS
from vocabulary import Channel, StoryStatus

APPROVED = PledgeSummary("P2C-2026-00001", "approved", EXPECTED_ANSWERS)
OTHER_APPROVED = PledgeSummary("P2C-2026-00002", "approved",
                               {**EXPECTED_ANSWERS, "title": "Digital skills"})
SUBMITTED = PledgeSummary("P2C-2026-00003", "submitted", EXPECTED_ANSWERS)
BODY = ("Local operators built and now run the towers; 40 villages are online and the "
        "school in each teaches digital skills.")
PHOTO = KeptFile("towers.jpg", "image/jpeg", "a" * 64, 1_300_000, f"aa/{'a' * 64}.jpg")
REPORT = KeptFile("report.pdf", "application/pdf", "b" * 64, 250_000, f"bb/{'b' * 64}.pdf")


def _kept(file: KeptFile) -> Upload:
    return Upload(file.name, file.media_type, file.size, kept=file)


@pytest.fixture
def chat(engine, make_context) -> Chat:
    chat = Chat(engine, make_context(pledges=(APPROVED, OTHER_APPROVED, SUBMITTED)))
    chat.command("story")
    return chat


def _until_files(chat: Chat) -> None:
    chat.press("P2C-2026-00001")
    chat.say("Villages online, run by their own operators")
    chat.say(BODY)
    assert chat.step == "files"


def test_a_story_with_a_photo_and_a_pdf(chat: Chat) -> None:
    assert [c.plain_id for c in chat.last.choices if not c.is_navigation] == [
        "P2C-2026-00001", "P2C-2026-00002"]
    _until_files(chat)
    assert "JPEG, PNG, WebP, or PDF files, up to 5 files of at most 10 MB each" in chat.last.text
    chat.send(_kept(PHOTO))
    assert "Received so far (1 of 5):\n1. towers.jpg (JPEG, 1.2 MB)" in chat.last.text
    chat.send(_kept(REPORT))
    assert "2. report.pdf (PDF, 244 kB)" in chat.last.text
    chat.press("done")
    assert "Photos and documents: towers.jpg (JPEG, 1.2 MB) and report.pdf (PDF, 244 kB)" \
        in chat.last.text
    chat.press("confirm")
    assert chat.effects == [SubmitStory("P2C-2026-00001",
                                        "Villages online, run by their own operators", BODY,
                                        (PHOTO, REPORT))]
    assert chat.state.idle


def test_files_can_be_skipped(chat: Chat) -> None:
    _until_files(chat)
    chat.command("skip")
    assert "Photos and documents: (none)" in chat.last.text
    chat.press("confirm")
    [effect] = chat.effects
    assert isinstance(effect, SubmitStory)
    assert effect.files == ()


@pytest.mark.parametrize(("refusal", "said"), [
    (FileRefusal.TOO_LARGE, "each file can be at most 10 MB"),
    (FileRefusal.NOT_ALLOWED, "whatever its name says. I keep JPEG, PNG, WebP, or PDF files"),
    (FileRefusal.EMPTY, "That file is empty"),
    (FileRefusal.NOT_RECEIVED, "could not be fetched"),
])
def test_a_refused_file_names_the_limit_and_stays_at_the_question(
        chat: Chat, refusal: FileRefusal, said: str) -> None:
    _until_files(chat)
    chat.send(Upload("x.jpg", "image/jpeg", 100, refusal=refusal))
    assert said in chat.last.text
    assert chat.step == "files"
    assert "Received so far" not in chat.last.text


def test_a_file_said_to_be_too_large_is_refused_before_it_is_fetched(engine, chat: Chat) -> None:
    _until_files(chat)
    too_large = Upload("big.pdf", "application/pdf", 10 * 1024 * 1024 + 1)
    assert not engine.wants_file(chat.state, too_large, chat.ctx)
    assert engine.wants_file(chat.state, Upload("ok.pdf", "application/pdf", 1000), chat.ctx)
    chat.send(too_large)
    assert "each file can be at most 10 MB" in chat.last.text


def test_at_most_five_files_and_none_twice(engine, chat: Chat) -> None:
    _until_files(chat)
    chat.send(_kept(PHOTO))
    chat.send(_kept(PHOTO))
    assert "You sent that file already." in chat.last.text
    for number in range(4):
        digest = str(number) * 64
        chat.send(_kept(KeptFile(f"{number}.png", "image/png", digest, 10, f"00/{digest}.png")))
    assert "(5 of 5)" in chat.last.text
    sixth = Upload("6.png", "image/png", 10)
    assert not engine.wants_file(chat.state, sixth, chat.ctx)
    chat.send(sixth)
    assert "A story can have at most 5 files" in chat.last.text


def test_a_file_at_another_question_or_at_the_menu_is_not_read(engine, make_context) -> None:
    chat = Chat(engine, make_context(pledges=(APPROVED,)))
    chat.send(_kept(PHOTO))
    assert "I can only read text messages and button presses here." in chat.text
    chat.command("story")
    assert chat.step == "title"
    assert not engine.wants_file(chat.state, _kept(PHOTO), chat.ctx)
    chat.send(_kept(PHOTO))
    assert "I can only read text messages" in chat.last.text
    assert chat.step == "title"


def test_only_approved_pledges_have_stories(engine, make_context) -> None:
    chat = Chat(engine, make_context(pledges=(SUBMITTED,)))
    chat.command("story")
    assert "none of yours is approved yet" in chat.text
    assert chat.state.idle


def test_the_terminal_is_told_files_come_from_telegram_or_slack(engine, make_context) -> None:
    chat = Chat(engine, make_context(pledges=(APPROVED,), channel=Channel.CONSOLE))
    chat.command("story")
    chat.say("Villages online, run by their own operators")
    chat.say(BODY)
    assert "can be sent from Telegram or Slack, not from here" in chat.last.text
    chat.say("done")
    assert chat.step == "review"


def test_a_report_on_an_approved_pledge_offers_its_story(make_context) -> None:
    ctx = make_context(pledges=(APPROVED, SUBMITTED))
    effect = SubmitProgressReport("P2C-2026-00001", {})
    [reply] = effect.confirmation("P2C-2026-00001", ctx)
    assert reply.choices[0].id == "cmd:story:P2C-2026-00001"
    [reply] = SubmitProgressReport("P2C-2026-00003", {}).confirmation("P2C-2026-00003", ctx)
    assert not any(c.id.startswith("cmd:story") for c in reply.choices)


def test_the_story_button_after_a_report_opens_at_the_title(engine, make_context) -> None:
    chat = Chat(engine, make_context(pledges=(APPROVED, OTHER_APPROVED)))
    chat.send(Pick("cmd:story:P2C-2026-00002"))
    assert chat.step == "title"
    assert chat.state.data["pledge"] == "P2C-2026-00002"


def test_a_forged_story_button_opens_nothing(engine, make_context) -> None:
    chat = Chat(engine, make_context(pledges=(APPROVED,)))
    chat.send(Pick("cmd:story:P2C-2026-09999"))
    assert chat.state.idle
    assert chat.effects == [RecordRefusal("story", "P2C-2026-09999")]


def _member(engine, make_context) -> Chat:
    from dataclasses import replace
    return Chat(engine, replace(make_context(), secretariat=True))


def test_the_secretariat_lists_approves_and_rejects_with_a_reason(engine, make_context) -> None:
    member = _member(engine, make_context)
    member.command("stories")
    assert member.effects == [ShowStoryQueue()]
    member.send(Pick("cmd:storyfiles:7"))
    assert member.effects[-1] == ShowStoryFiles(7)
    member.send(Pick("cmd:approvestory:7"))
    assert member.effects[-1] == DecideStory(7, StoryStatus.APPROVED)
    member.send(Pick("cmd:rejectstory:8"))
    assert "Why is story 8 not taken for the showcase?" in member.last.text
    member.say("Too short")
    assert "at least 5" not in member.text
    assert member.effects[-1] == DecideStory(8, StoryStatus.REJECTED, "Too short")


@pytest.mark.parametrize("pressed", ["cmd:approvestory:7", "cmd:rejectstory:7",
                                     "cmd:stories", "cmd:storyfiles:7"])
def test_a_non_member_is_refused(engine, make_context, pressed: str) -> None:
    chat = Chat(engine, make_context(pledges=(APPROVED,)))
    chat.send(Pick(pressed))
    assert "only the P2C secretariat can do that" in chat.text
    [effect] = chat.effects
    assert isinstance(effect, RecordRefusal)
