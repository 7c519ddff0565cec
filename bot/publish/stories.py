"""Approved best-practice stories on the site, beside the pledges they tell of. Only
photos (JPEG, PNG, WebP) and PDF documents are copied, each as `stories/<sha256>.<ext>`:
the uploaded name never becomes a path, a file is copied only if its bytes still have
the checksum stored for them, and nothing outside the stories directory is read. A
story whose pledge is not published (no longer approved) is not shown."""

from __future__ import annotations

import hashlib
import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.publish.labels import SiteLabels
from bot.publish.records import PublicRecord
from storage.stories import ShowcaseStory, StoryFile

STORIES = "stories"
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
DOCUMENT_TYPES = {"application/pdf": "pdf"}
EXCERPT = 280
_SHA256 = re.compile(r"[0-9a-f]{64}")
_CHUNK = 1 << 16

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PublishedFile:
    name: str
    """The display name the pledger gave, shown as text only."""
    path: str
    """Inside the site: `stories/<sha256>.<ext>`."""
    size: str


@dataclass(frozen=True)
class PublishedStory:
    title: str
    body: str
    organization: str
    pledge_title: str
    page: str
    approved_on: str
    images: list[PublishedFile]
    documents: list[PublishedFile]

    @property
    def excerpt(self) -> str:
        if len(self.body) <= EXCERPT:
            return self.body
        return self.body[:EXCERPT].rsplit(" ", 1)[0] + "…"


class StoryShelf:
    """The approved stories, handed out pledge by pledge as the pages are written; the
    ones handed out are the index's showcase."""

    def __init__(self, stories: list[ShowcaseStory], stories_dir: Path, site: Path,
                 labels: SiteLabels) -> None:
        self._by_pledge: dict[str, list[ShowcaseStory]] = defaultdict(list)
        for story in stories:
            self._by_pledge[story.pledge_reference].append(story)
        self._source = stories_dir.resolve()
        self._site = site
        self._labels = labels
        self._copied: dict[str, bool] = {}
        self.shown: list[tuple[datetime, PublishedStory]] = []

    def for_pledge(self, record: PublicRecord) -> list[PublishedStory]:
        return [self._publish(story, record)
                for story in self._by_pledge.get(record.pledge.reference, [])]

    def showcase(self) -> list[PublishedStory]:
        """Every story shown on a pledge page, the most recently approved first."""
        return [story for _, story in sorted(self.shown, key=lambda s: s[0], reverse=True)]

    def _publish(self, story: ShowcaseStory, record: PublicRecord) -> PublishedStory:
        images = [kept for f in story.files if f.media_type in IMAGE_TYPES
                  if (kept := self._copy(f, IMAGE_TYPES[f.media_type]))]
        documents = [kept for f in story.files if f.media_type in DOCUMENT_TYPES
                     if (kept := self._copy(f, DOCUMENT_TYPES[f.media_type]))]
        published = PublishedStory(
            title=story.title, body=story.body, organization=story.organization,
            pledge_title=record.pledge.title, page=record.page,
            approved_on=self._labels.date(story.approved_at),
            images=images, documents=documents)
        self.shown.append((story.approved_at, published))
        return published

    def _copy(self, file: StoryFile, extension: str) -> PublishedFile | None:
        path = f"{STORIES}/{file.sha256}.{extension}"
        if file.sha256 not in self._copied:
            self._copied[file.sha256] = self._copied_intact(file, self._site / path)
        if not self._copied[file.sha256]:
            return None
        return PublishedFile(file.name, path, self._labels.size(file.size))

    def _copied_intact(self, file: StoryFile, target: Path) -> bool:
        """Copies the file's bytes if they are where they should be and unchanged."""
        source = (self._source / file.stored_as).resolve()
        if not _SHA256.fullmatch(file.sha256) or not source.is_relative_to(self._source) \
                or not source.is_file():
            log.warning("story file not published: missing or outside the stories "
                        "directory", extra={"stored_as": file.stored_as})
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with source.open("rb") as reading, target.open("wb") as writing:
            while chunk := reading.read(_CHUNK):
                digest.update(chunk)
                writing.write(chunk)
        if digest.hexdigest() != file.sha256:
            target.unlink()
            log.warning("story file not published: its bytes no longer match their "
                        "checksum", extra={"stored_as": file.stored_as})
            return False
        return True
