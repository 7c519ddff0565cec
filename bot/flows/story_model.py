"""Best-practice stories as plain data: the limits on their files (one place, read by
the questions that state them and by the store that enforces them), and what the
secretariat is shown of a story, filled from the database by the effect handlers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from bot.flows.desk_model import DecisionResult
from bot.flows.model import KeptFile


@dataclass(frozen=True)
class StoryLimits:
    max_file_bytes: int
    max_files: int
    extensions: Mapping[str, str]
    """The media types kept, each with the extension its stored file gets. Anything
    else (HTML, SVG, scripts, archives) is refused, whatever it is named."""
    kinds: Mapping[str, str]
    """How each kept type is named to people."""


STORY_LIMITS = StoryLimits(
    max_file_bytes=10 * 1024 * 1024,
    max_files=5,
    extensions={"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp",
                "application/pdf": "pdf"},
    kinds={"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP",
           "application/pdf": "PDF"},
)
TITLE_LENGTH = (5, 120)
BODY_LENGTH = (50, 3000)


@dataclass(frozen=True)
class StoryEntry:
    """A story as the secretariat reviews it."""

    id: int
    status: str
    title: str
    body: str
    pledge_reference: str
    pledge_title: str
    organization: str
    pledger: str
    submitted_on: date
    files: tuple[KeptFile, ...] = ()
    review_note: str | None = None


@dataclass(frozen=True)
class StoryDecisionOutcome:
    result: DecisionResult
    story_id: int
    status: str = ""

