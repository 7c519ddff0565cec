"""Between stored stories and what the flows show of them; and the outbox period that
names the story a decision is about."""

from __future__ import annotations

from bot.flows.model import KeptFile
from bot.flows.story_model import StoryEntry
from bot.secretariat.entries import who
from storage.models import saved_id
from storage.pledges import stored_reference
from storage.stories import StoryRow

STORY_PERIOD = "story:"
"""The outbox period of a story decision: unique per story, so it is told once."""


def story_period(story_id: int) -> str:
    return f"{STORY_PERIOD}{story_id}"


def story_of_period(period: str) -> int:
    return int(period.removeprefix(STORY_PERIOD))


def story_entry(row: StoryRow) -> StoryEntry:
    story = row.story
    return StoryEntry(
        id=saved_id(story), status=story.status, title=story.title, body=story.body,
        pledge_reference=stored_reference(row.pledge), pledge_title=row.pledge.title,
        organization=row.organization.name, pledger=who(row.pledger),
        submitted_on=story.submitted_at.date(),
        files=tuple(KeptFile(f.name, f.media_type, f.sha256, f.size, f.stored_as)
                    for f in row.files),
        review_note=story.review_note)
