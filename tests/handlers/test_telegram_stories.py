"""Best-practice stories on Telegram, through the real PTB Application and the strict
fake Bot API: a photo (its largest size) and a PDF reach the stories directory by
getFile and the file URL, with their checksums; oversized and disallowed files are
refused with the limit named and nothing lands outside the directory; the secretariat
approves once however often Approve is pressed, and the pledger is told."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select
from starlette.testclient import TestClient

from bot.handlers.telegram import TelegramSender, reminder_bot
from bot.reminders.dispatch import ReminderDispatcher
from bot.reminders.sending import Pacer
from bot.stories.files import StoryFileStore
from bot.turns import TurnRunner
from storage.models import AuditEvent, ReminderOutbox, Story, StoryFileRecord
from storage.stories import approved_stories
from tests.fakes.telegram_api import FakeTelegram
from tests.handlers.telegram_harness import (
    API_URL,
    TOKEN,
    TelegramUser,
    fake_request,
    telegram_client,
)
from tests.stories.samples import HTML, PDF, image
from vocabulary import Channel, ReminderKind, StoryStatus

OFFICER_ID = 515151
BODY = ("Local operators built and now run the towers; 40 villages are online and the "
        "school in each teaches digital skills.")
LARGE_PHOTO = image("JPEG", "orange")
THUMBNAIL = image("JPEG", "grey")


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    fake = FakeTelegram()
    yield fake
    assert not fake.refused, f"the bot made calls the Bot API refuses: {fake.refused}"
    assert not fake.unanswered_callbacks(), "every callback query must be answered"


@pytest.fixture
def stories_dir(tmp_path: Path) -> Path:
    return tmp_path / "stories"


@pytest.fixture
def story_runner(runner: TurnRunner, stories_dir: Path) -> TurnRunner:
    return TurnRunner(runner.db, runner.reference, runner.catalogs,
                      idle_after=runner.idle_after,
                      secretariat=frozenset({(Channel.TELEGRAM, str(OFFICER_ID))}),
                      story_files=StoryFileStore(stories_dir))


@pytest.fixture
def people(story_runner: TurnRunner,
           fake: FakeTelegram) -> Iterator[tuple[TelegramUser, TelegramUser]]:
    with telegram_client(story_runner, fake) as client:
        yield TelegramUser(client, fake), TelegramUser(client, fake, user_id=OFFICER_ID)


def _approved_pledge(pledger: TelegramUser, officer: TelegramUser) -> None:
    pledger.pledge_until_review()
    pledger.presses("confirm")
    officer.says("/review")
    officer.presses("Approve")


def _send_photo(pledger: TelegramUser, fake: FakeTelegram) -> None:
    sizes = [{"file_id": fake.add_file(THUMBNAIL, "photos/file_0.jpg"),
              "file_unique_id": "AQADthumb", "width": 90, "height": 68,
              "file_size": len(THUMBNAIL)},
             {"file_id": fake.add_file(LARGE_PHOTO, "photos/file_1.jpg"),
              "file_unique_id": "AQADlarge", "width": 1280, "height": 960,
              "file_size": len(LARGE_PHOTO)}]
    _post(pledger, photo=sizes)


def _send_document(pledger: TelegramUser, fake: FakeTelegram, content: bytes, name: str,
                   mime_type: str, size: int | None = None) -> None:
    document: dict[str, Any] = {
        "file_id": fake.add_file(content, f"documents/file_{len(fake.files)}"),
        "file_unique_id": f"AgADdoc{len(fake.files)}", "file_name": name,
        "mime_type": mime_type}
    if size is not None:
        document["file_size"] = size
    _post(pledger, document=document)


def _post(pledger: TelegramUser, **content: Any) -> None:
    response = pledger.post(pledger.message(**content))
    assert response.status_code == 200, response.text


def _until_files(pledger: TelegramUser) -> None:
    pledger.says("/story")
    pledger.says("Villages online, run by their own operators")
    pledger.says(BODY)
    assert "Send photos or a PDF about it" in pledger.last_text


def _push(runner: TurnRunner, fake: FakeTelegram) -> None:
    async def tick() -> None:
        bot = reminder_bot(TOKEN, base_url=API_URL, request=fake_request(fake))
        await bot.initialize()
        dispatcher = ReminderDispatcher(
            runner.db, runner.reference, runner.catalogs,
            {Channel.TELEGRAM: TelegramSender(bot)}, {Channel.TELEGRAM: Pacer(1000, 0)},
            worker="test", batch=10, lease=timedelta(minutes=5),
            follow_up_after=timedelta(days=14), overdue_after=timedelta(days=14))
        await dispatcher.tick()
        await bot.shutdown()

    asyncio.run(tick())


def _files_outside(tmp_path: Path, stories_dir: Path) -> list[Path]:
    return [p for p in tmp_path.rglob("*") if p.is_file()
            and not p.is_relative_to(stories_dir) and not p.name.startswith("p2c.db")]


def test_a_photo_and_a_pdf_reach_the_stories_directory_with_their_checksums(
        people: tuple[TelegramUser, TelegramUser], fake: FakeTelegram,
        story_runner: TurnRunner, stories_dir: Path, tmp_path: Path) -> None:
    pledger, officer = people
    _approved_pledge(pledger, officer)
    _until_files(pledger)
    _send_photo(pledger, fake)
    assert "1. photo.jpg (JPEG," in pledger.last_text
    _send_document(pledger, fake, PDF, "Annual report.pdf", "application/pdf", len(PDF))
    assert "2. Annual report.pdf (PDF," in pledger.last_text
    assert fake.downloads == ["photos/file_1.jpg", "documents/file_2"]
    pledger.presses("done")
    pledger.presses("confirm")
    assert "Your story about P2C-2026-00001 is with the P2C secretariat" in pledger.last_text
    with story_runner.db.transaction() as session:
        records = list(session.exec(select(StoryFileRecord)
                                    .order_by(col(StoryFileRecord.position))))
    store = StoryFileStore(stories_dir)
    assert [(r.media_type, r.sha256) for r in records] == [
        ("image/jpeg", hashlib.sha256(LARGE_PHOTO).hexdigest()),
        ("application/pdf", hashlib.sha256(PDF).hexdigest())]
    assert [store.path_of(r.stored_as).read_bytes() for r in records] == [LARGE_PHOTO, PDF]
    assert _files_outside(tmp_path, stories_dir) == []


def test_oversized_and_disallowed_files_are_refused_with_the_limit_named(
        people: tuple[TelegramUser, TelegramUser], fake: FakeTelegram,
        stories_dir: Path, tmp_path: Path) -> None:
    pledger, officer = people
    _approved_pledge(pledger, officer)
    _until_files(pledger)
    _send_document(pledger, fake, PDF, "big.pdf", "application/pdf", 11 * 1024 * 1024)
    assert "each file can be at most 10 MB" in pledger.last_text
    assert not fake.calls_of("getFile"), "a file said to be too large is not fetched"
    _send_document(pledger, fake, b"%PDF-" + b"\0" * (21 * 1024 * 1024), "huge.pdf",
                   "application/pdf")
    assert "each file can be at most 10 MB" in pledger.last_text
    for content, name, mime_type in [(HTML, "x.jpg", "image/jpeg"),
                                     (HTML, "x.html", "text/html"),
                                     (HTML, "../../etc/passwd", "application/octet-stream")]:
        _send_document(pledger, fake, content, name, mime_type, len(content))
        assert "That kind of file is not kept, whatever its name says. I keep JPEG, PNG, " \
               "WebP, or PDF files, up to 5 files of at most 10 MB each." in pledger.last_text
    _send_document(pledger, fake, LARGE_PHOTO, "../../etc/passwd", "application/octet-stream",
                   len(LARGE_PHOTO))
    assert "1. passwd.jpg (JPEG," in pledger.last_text
    assert "Received so far (1 of 5)" in pledger.last_text
    assert [p.relative_to(stories_dir).as_posix() for p in stories_dir.rglob("*")
            if p.is_file()] == [f"{hashlib.sha256(LARGE_PHOTO).hexdigest()[:2]}/"
                                f"{hashlib.sha256(LARGE_PHOTO).hexdigest()}.jpg"]
    assert _files_outside(tmp_path, stories_dir) == []


def test_a_file_sent_at_another_question_is_not_fetched(
        people: tuple[TelegramUser, TelegramUser], fake: FakeTelegram) -> None:
    pledger, officer = people
    _approved_pledge(pledger, officer)
    pledger.says("/story")
    _send_photo(pledger, fake)
    assert "I can only read text messages and button presses here." in pledger.last_text
    assert not fake.calls_of("getFile")


def test_the_secretariat_approves_once_under_a_double_tap_and_the_pledger_is_told(
        people: tuple[TelegramUser, TelegramUser], fake: FakeTelegram,
        story_runner: TurnRunner) -> None:
    pledger, officer = people
    _approved_pledge(pledger, officer)
    _until_files(pledger)
    _send_photo(pledger, fake)
    pledger.presses("done")
    pledger.presses("confirm")
    officer.says("/stories")
    assert "Villages online, run by their own operators" in officer.last_text
    assert "photo.jpg (JPEG" in officer.last_text
    shown = fake.last_message(OFFICER_ID)
    officer.press(shown, officer.button_on(shown, "cmd:storyfiles:1"))
    [sent] = fake.calls_of("sendDocument")
    assert sent.files["document"] == ("photo.jpg", LARGE_PHOTO)
    assert "Story 1, file 1 of 1: photo.jpg" in fake.visible_text(OFFICER_ID)
    assert fake.messages[(OFFICER_ID, shown["message_id"])]["text"] == shown["text"]
    approve = officer.button_on(shown, "cmd:approvestory:1")
    pressed = (OFFICER_ID, shown["message_id"])
    officer.press(shown, approve)
    assert "Story 1 is approved for the showcase" in fake.messages[pressed]["text"]
    officer.press(shown, approve)
    assert "Story 1 is no longer waiting for review: it is approved for the showcase. " \
           "Nothing was changed." in fake.messages[pressed]["text"]
    with story_runner.db.transaction() as session:
        assert session.exec(select(Story)).one().status == StoryStatus.APPROVED
        events = session.exec(select(AuditEvent).where(
            col(AuditEvent.action) == "story.approved")).all()
        told = session.exec(select(ReminderOutbox).where(
            col(ReminderOutbox.kind) == ReminderKind.STORY_DECISION)).all()
        [showcased] = approved_stories(session)
    assert len(events) == 1
    assert len(told) == 1
    assert showcased.title == "Villages online, run by their own operators"
    assert showcased.pledge_reference == "P2C-2026-00001"
    assert [f.name for f in showcased.files] == ["photo.jpg"]
    _push(story_runner, fake)
    assert any(t.startswith("Good news: the P2C secretariat approved your story “Villages "
                            "online, run by their own operators”")
               for t in fake.visible_text(pledger.chat_id))


def test_a_rejection_reaches_the_pledger_with_the_reason(
        people: tuple[TelegramUser, TelegramUser], fake: FakeTelegram,
        story_runner: TurnRunner) -> None:
    pledger, officer = people
    _approved_pledge(pledger, officer)
    _until_files(pledger)
    pledger.presses("done")
    pledger.presses("confirm")
    officer.says("/stories")
    officer.presses("Reject")
    officer.says("Please say what the villages themselves did.")
    assert "Story 1 is rejected" in officer.last_text
    _push(story_runner, fake)
    assert any("Their reason: Please say what the villages themselves did." in t
               for t in fake.visible_text(pledger.chat_id))
    with story_runner.db.transaction() as session:
        assert approved_stories(session) == []


@pytest.mark.parametrize("command", ["/stories", "/approvestory 1", "/rejectstory 1"])
def test_a_non_member_is_refused(people: tuple[TelegramUser, TelegramUser],
                                 story_runner: TurnRunner, command: str) -> None:
    pledger, _ = people
    pledger.says(command)
    assert "only the P2C secretariat can do that" in pledger.last_text
    with story_runner.db.transaction() as session:
        [event] = session.exec(select(AuditEvent)).all()
    assert event.action == "access.refused"


def test_the_fake_serves_only_paths_getfile_handed_out_to_that_bot(fake: FakeTelegram) -> None:
    file_id = fake.add_file(PDF, "documents/file_0.pdf")
    with TestClient(fake.app, base_url="http://telegram.test") as client:
        assert client.get(f"/file/bot{TOKEN}/documents/file_0.pdf").status_code == 404
        found = client.post(f"/bot{TOKEN}/getFile", data={"file_id": file_id}).json()
        assert found["result"]["file_path"] == "documents/file_0.pdf"
        assert client.get("/file/bot999:OTHER/documents/file_0.pdf").status_code == 404
        assert client.get(f"/file/bot{TOKEN}/documents/file_0.pdf").content == PDF
    assert [call.method for call, _ in fake.refused] == ["download", "download"]
    fake.refused.clear()
