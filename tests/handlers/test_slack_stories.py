"""Best-practice stories on Slack, through the real Bolt app over signed requests and
the strict Web API fake: files shared in the DM (`file_share` message events) reach
the stories directory by files.info and an authorized download of
`url_private_download`; oversized and disallowed files are refused with the limit
named; the secretariat approves once under a double tap, and the pledger is told."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import col, select

from bot.stories.files import StoryFileStore
from bot.turns import TurnRunner
from storage.models import AuditEvent, Story, StoryFileRecord
from storage.stories import approved_stories
from tests.fakes.slack_api import FakeSlack, SlackUser
from tests.handlers.slack_harness import SlackMember, slack_client
from tests.handlers.test_slack_desk import _pledge, _push
from tests.stories.samples import HTML, PDF, SVG, image
from vocabulary import Channel, StoryStatus

AMINA = SlackUser("U0AMINA01", "amina", "Amina Diallo", tz="Africa/Dakar", locale="en-GB")
OFFICER = SlackUser("U0OFFICE1", "officer", "P2C Officer", tz="Europe/Zurich")
BODY = ("Local operators built and now run the towers; 40 villages are online and the "
        "school in each teaches digital skills.")
PHOTO = image("PNG", "orange")
WEBP = image("WEBP", "navy")


@pytest.fixture
def stories_dir(tmp_path: Path) -> Path:
    return tmp_path / "stories"


@pytest.fixture
def story_runner(runner: TurnRunner, stories_dir: Path) -> TurnRunner:
    return TurnRunner(runner.db, runner.reference, runner.catalogs,
                      idle_after=runner.idle_after,
                      secretariat=frozenset({(Channel.SLACK, OFFICER.id)}),
                      story_files=StoryFileStore(stories_dir))


@pytest.fixture
def people(story_runner: TurnRunner, fake: FakeSlack,
           api_url: str) -> Iterator[tuple[SlackMember, SlackMember]]:
    with slack_client(story_runner, api_url) as client:
        yield (SlackMember(client, fake, story_runner, AMINA),
               SlackMember(client, fake, story_runner, OFFICER))


def _shares(member: SlackMember, *files: dict[str, Any]) -> None:
    """One message sharing `files`, as Slack sends it; waits until each is answered."""
    ts = f"{time.time():.6f}"
    body = member.event_body({"type": "message", "subtype": "file_share", "text": "",
                              "channel": member.dm, "channel_type": "im",
                              "user": member.user.id, "ts": ts, "event_ts": ts,
                              "upload": False, "files": list(files)})
    response = member.post(body, "application/json")
    assert response.status_code == 200, response.text
    event_id = json.loads(body)["event_id"]
    for number in range(len(files)):
        member.wait_delivered(f"event:{event_id}" + (f":{number}" if number else ""))


def _until_files(amina: SlackMember, officer: SlackMember) -> None:
    _pledge(amina)
    officer.command("review", in_dm=True)
    officer.presses("Approve")
    amina.command("story", in_dm=True)
    amina.says("Villages online, run by their own operators")
    amina.says(BODY)
    assert "Send photos or a PDF about it" in amina.last_text


def test_shared_files_reach_the_stories_directory_with_their_checksums(
        people: tuple[SlackMember, SlackMember], fake: FakeSlack, story_runner: TurnRunner,
        stories_dir: Path) -> None:
    amina, officer = people
    _until_files(amina, officer)
    _shares(amina, fake.share_file(AMINA.id, "towers.png", "image/png", PHOTO),
            fake.share_file(AMINA.id, "Annual report.pdf", "application/pdf", PDF))
    assert "1. towers.png (PNG," in amina.last_text
    assert "2. Annual report.pdf (PDF," in amina.last_text
    assert [c.params["file"] for c in fake.calls_of("files.info")] == [
        "F0STORY0000", "F0STORY0001"]
    assert fake.downloads == ["F0STORY0000", "F0STORY0001"]
    amina.presses("done")
    amina.presses("confirm")
    assert "Your story about P2C-2026-00001 is with the P2C secretariat" in amina.last_text
    with story_runner.db.transaction() as session:
        records = list(session.exec(select(StoryFileRecord)
                                    .order_by(col(StoryFileRecord.position))))
    store = StoryFileStore(stories_dir)
    assert [(r.name, r.sha256) for r in records] == [
        ("towers.png", hashlib.sha256(PHOTO).hexdigest()),
        ("Annual report.pdf", hashlib.sha256(PDF).hexdigest())]
    assert [store.path_of(r.stored_as).read_bytes() for r in records] == [PHOTO, PDF]


def test_oversized_and_disallowed_files_are_refused_with_the_limit_named(
        people: tuple[SlackMember, SlackMember], fake: FakeSlack, stories_dir: Path,
        tmp_path: Path) -> None:
    amina, officer = people
    _until_files(amina, officer)
    _shares(amina, fake.share_file(AMINA.id, "big.pdf", "application/pdf",
                                   b"%PDF-" + b"\0" * (11 * 1024 * 1024)))
    assert "each file can be at most 10 MB" in amina.last_text
    assert not fake.calls_of("files.info"), "a file said to be too large is not fetched"
    unsized = fake.share_file(AMINA.id, "big.jpg", "image/jpeg",
                              b"\xff\xd8\xff" + b"\0" * (11 * 1024 * 1024))
    _shares(amina, {"id": unsized["id"], "mode": "hidden_by_limit"})
    assert "each file can be at most 10 MB" in amina.last_text
    assert fake.downloads == [], "files.info's size is checked before downloading"
    for content, name, mimetype in [(HTML, "x.jpg", "image/jpeg"), (HTML, "x.html", "text/html"),
                                    (SVG, "logo.svg", "image/svg+xml")]:
        _shares(amina, fake.share_file(AMINA.id, name, mimetype, content))
        assert "That kind of file is not kept, whatever its name says. I keep JPEG, PNG, " \
               "WebP, or PDF files, up to 5 files of at most 10 MB each." in amina.last_text
    _shares(amina, fake.share_file(AMINA.id, "../../etc/passwd", "application/octet-stream",
                                   WEBP))
    assert "1. passwd.webp (WebP," in amina.last_text
    digest = hashlib.sha256(WEBP).hexdigest()
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
            if p.is_file() and not p.name.startswith("p2c.db")] == [
        f"stories/{digest[:2]}/{digest}.webp"]


def test_the_download_needs_the_bot_token(fake: FakeSlack, api_url: str) -> None:
    shared = fake.share_file(AMINA.id, "towers.png", "image/png", PHOTO)
    page = httpx.get(shared["url_private_download"], follow_redirects=True)
    assert page.headers["content-type"].startswith("text/html")
    assert PHOTO not in page.content
    assert [reason for _, reason in fake.refused] == ["not_authed"]
    fake.refused.clear()


def test_the_secretariat_approves_once_under_a_double_tap_and_the_pledger_is_told(
        people: tuple[SlackMember, SlackMember], fake: FakeSlack, story_runner: TurnRunner,
        api_url: str) -> None:
    amina, officer = people
    _until_files(amina, officer)
    _shares(amina, fake.share_file(AMINA.id, "towers.png", "image/png", PHOTO))
    amina.presses("done")
    amina.presses("confirm")
    officer.command("stories", in_dm=True)
    assert "Villages online, run by their own operators" in officer.last_text
    shown = fake.last_message(officer.dm)
    files = next(e for e in officer.elements(shown)
                 if e.get("value", "").startswith("cmd:storyfiles:1"))
    officer.act(shown, {"type": "button", "action_id": files["action_id"],
                        "value": files["value"], "text": files["text"]})
    [sent] = fake.shared_files(officer.dm)
    assert (sent["name"], sent["content"]) == ("towers.png", PHOTO)
    approve = next(e for e in officer.elements(shown)
                   if e.get("value", "").startswith("cmd:approvestory:1"))
    action = {"type": "button", "action_id": approve["action_id"], "value": approve["value"],
              "text": approve["text"]}
    pressed = (officer.dm, shown["ts"])
    officer.act(shown, action)
    assert "Story 1 is approved for the showcase" in fake.messages[pressed]["text"]
    officer.act(shown, action)
    assert "Story 1 is no longer waiting for review" in fake.messages[pressed]["text"]
    with story_runner.db.transaction() as session:
        assert session.exec(select(Story)).one().status == StoryStatus.APPROVED
        assert len(session.exec(select(AuditEvent).where(
            col(AuditEvent.action) == "story.approved")).all()) == 1
        [showcased] = approved_stories(session)
    assert [f.media_type for f in showcased.files] == ["image/png"]
    _push(story_runner, api_url)
    texts = [m["text"] for (channel, _), m in fake.messages.items() if channel == amina.dm]
    assert any(t.startswith("Good news: the P2C secretariat approved your story") for t in texts)


def test_a_member_rejects_with_a_reason(people: tuple[SlackMember, SlackMember],
                                        fake: FakeSlack, story_runner: TurnRunner,
                                        api_url: str) -> None:
    amina, officer = people
    _until_files(amina, officer)
    amina.presses("done")
    amina.presses("confirm")
    officer.command("stories", in_dm=True)
    officer.presses("Reject")
    officer.says("Please say what the villages themselves did.")
    assert "Story 1 is rejected" in officer.last_text
    _push(story_runner, api_url)
    texts = [m["text"] for (channel, _), m in fake.messages.items() if channel == amina.dm]
    assert any("Their reason: Please say what the villages themselves did." in t for t in texts)


def test_a_non_member_is_refused(people: tuple[SlackMember, SlackMember],
                                 story_runner: TurnRunner) -> None:
    amina, _ = people
    amina.command("stories", in_dm=True)
    assert "only the P2C secretariat can do that" in amina.last_text
    with story_runner.db.transaction() as session:
        [event] = session.exec(select(AuditEvent)).all()
    assert event.action == "access.refused"


def test_a_members_app_home_lists_the_stories_waiting_and_approves_from_it(
        people: tuple[SlackMember, SlackMember], fake: FakeSlack,
        story_runner: TurnRunner) -> None:
    amina, officer = people
    _until_files(amina, officer)
    amina.presses("done")
    amina.presses("confirm")
    body = officer.event_body({"type": "app_home_opened", "user": OFFICER.id,
                               "channel": officer.dm, "tab": "home", "event_ts": "3.000001"})
    assert officer.post(body, "application/json").status_code == 200
    home = fake.wait_for_calls("views.publish", 1)[-1].params["view"]
    texts = [b["text"]["text"] for b in home["blocks"] if b["type"] == "section"]
    assert any("1 story is waiting for review." in t for t in texts)
    approve = next(e for b in home["blocks"] if b["type"] == "actions"
                   for e in b["elements"] if e.get("value", "").startswith("cmd:approvestory:"))
    trigger = "trig-home-story"
    response = officer.interact({
        "type": "block_actions", "team": {"id": "T0P2CTEAM"}, "trigger_id": trigger,
        "user": {"id": OFFICER.id, "team_id": "T0P2CTEAM"},
        "container": {"type": "view", "view_id": "V0HOME"}, "view": {"id": "V0HOME"},
        "actions": [{**approve, "block_id": "b1", "action_ts": "4.1"}]})
    assert response.status_code == 200
    officer.wait_delivered(f"action:{trigger}")
    with story_runner.db.transaction() as session:
        assert session.exec(select(Story)).one().status == StoryStatus.APPROVED
