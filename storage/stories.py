"""Best-practice stories: adding one with its files, the secretariat's queue and its
decision, and the approved stories that the digest, the annual report and the published
site showcase. Files are rows here; their bytes live under the stories directory at
`stored_as` (see `bot.stories.files`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from storage.models import Organization, Pledge, Pledger, Story, StoryFileRecord, saved_id
from storage.pledges import stored_reference
from vocabulary import StoryStatus


@dataclass(frozen=True)
class StoryFile:
    name: str
    """The display name, sanitized: never a path."""
    media_type: str
    """What the bytes are (image/jpeg, image/png, image/webp, application/pdf)."""
    sha256: str
    size: int
    stored_as: str
    """The path relative to the stories directory, e.g. `ab/abcdef….jpg`."""


@dataclass(frozen=True)
class ShowcaseStory:
    id: int
    pledge_reference: str
    pledge_title: str
    organization: str
    title: str
    body: str
    approved_at: datetime
    """Aware, UTC."""
    files: list[StoryFile]


@dataclass(frozen=True)
class StoryRow:
    """A story as the secretariat reviews it: with its pledge, organization, author and
    files."""

    story: Story
    pledge: Pledge
    organization: Organization
    pledger: Pledger
    files: list[StoryFile]


def add_story(session: Session, *, pledge_id: int, pledger_id: int, title: str, body: str,
              files: Sequence[StoryFile], now: datetime) -> Story:
    story = Story(pledge_id=pledge_id, pledger_id=pledger_id, title=title, body=body,
                  status=StoryStatus.SUBMITTED, submitted_at=now)
    session.add(story)
    session.flush()
    for position, kept in enumerate(files):
        session.add(StoryFileRecord(story_id=saved_id(story), position=position,
                                    name=kept.name, media_type=kept.media_type,
                                    size=kept.size, sha256=kept.sha256,
                                    stored_as=kept.stored_as))
    return story


def files_of(session: Session, story_ids: Sequence[int]) -> dict[int, list[StoryFile]]:
    """Each story's files in the order they were sent, in one query."""
    found: dict[int, list[StoryFile]] = defaultdict(list)
    if not story_ids:
        return found
    for record in session.exec(select(StoryFileRecord)
                               .where(col(StoryFileRecord.story_id).in_(story_ids))
                               .order_by(col(StoryFileRecord.story_id),
                                         col(StoryFileRecord.position))):
        found[record.story_id].append(StoryFile(record.name, record.media_type,
                                                record.sha256, record.size,
                                                record.stored_as))
    return found


def approved_stories(session: Session, since: datetime | None = None,
                     until: datetime | None = None) -> list[ShowcaseStory]:
    """Approved stories with approved_at in [since, until), oldest first."""
    query = (select(Story, Pledge, Organization)
             .join(Pledge, col(Pledge.id) == col(Story.pledge_id))
             .join(Organization, col(Organization.id) == col(Pledge.organization_id))
             .where(col(Story.status) == StoryStatus.APPROVED))
    if since is not None:
        query = query.where(col(Story.reviewed_at) >= since)
    if until is not None:
        query = query.where(col(Story.reviewed_at) < until)
    rows = list(session.exec(query.order_by(col(Story.reviewed_at), col(Story.id))))
    files = files_of(session, [saved_id(story) for story, _, _ in rows])
    return [ShowcaseStory(id=saved_id(story), pledge_reference=stored_reference(pledge),
                          pledge_title=pledge.title, organization=organization.name,
                          title=story.title, body=story.body,
                          approved_at=_decided_at(story), files=files[saved_id(story)])
            for story, pledge, organization in rows]


def _decided_at(story: Story) -> datetime:
    if story.reviewed_at is None:
        raise ValueError(f"story {story.id} is approved but has no decision time")
    return story.reviewed_at


def story_rows(session: Session, stories: Sequence[Story]) -> list[StoryRow]:
    files = files_of(session, [saved_id(s) for s in stories])
    rows = []
    for story in stories:
        pledge = session.get_one(Pledge, story.pledge_id)
        rows.append(StoryRow(story, pledge, session.get_one(Organization, pledge.organization_id),
                             session.get_one(Pledger, story.pledger_id),
                             files[saved_id(story)]))
    return rows


def story_with_files(session: Session, story_id: int) -> StoryRow | None:
    story = session.get(Story, story_id)
    return story_rows(session, [story])[0] if story is not None else None


def story_queue(session: Session, limit: int) -> tuple[list[StoryRow], int]:
    """Stories waiting for the secretariat, the longest waiting first, and how many."""
    waiting = col(Story.status) == StoryStatus.SUBMITTED
    total = session.exec(select(func.count()).select_from(Story).where(waiting)).one()
    stories = session.exec(select(Story).where(waiting)
                           .order_by(col(Story.submitted_at), col(Story.id)).limit(limit))
    return story_rows(session, list(stories)), total


def locked_story(session: Session, story_id: int) -> Story | None:
    """The story, locked for a decision: two members (or a double tap) deciding at once
    take turns, and the second sees the first's decision."""
    return session.exec(select(Story).where(col(Story.id) == story_id)
                        .with_for_update()).first()

