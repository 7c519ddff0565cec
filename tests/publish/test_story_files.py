"""A story's file reaches the site only from inside the stories directory, with the bytes
its checksum promises, under a name made of that checksum: a stored path that climbs out
(`../../etc/passwd`), a checksum that is not one, or a missing file publishes nothing."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.i18n import Catalogs
from bot.publish.labels import SiteLabels
from bot.publish.records import PublicRecord, RecordMaker
from bot.publish.stories import StoryShelf
from bot.reference import ReferenceData
from storage.published import PublishedPledge
from storage.stories import ShowcaseStory, StoryFile

APPROVED = datetime(2026, 6, 3, tzinfo=UTC)
SECRET = b"root:x:0:0:root:/root:/bin/bash\n"


@pytest.fixture
def record(reference: ReferenceData) -> PublicRecord:
    pledge = PublishedPledge(
        reference="P2C-2026-00001", title="Rural towers", description="", organization="A",
        sector="other", organization_country="KEN", focus_area="access",
        pillar="infrastructure", pledge_type="financial", is_global=False, targets_ldc=False,
        targets_lldc=False, targets_sids=False, amount=None, currency=None, amount_usd=None,
        beneficiary_groups=[], sdgs=[], start_date=date(2026, 1, 1), end_date=None,
        approved_at=APPROVED, countries=["KEN"], partners=[], progress=None)
    return RecordMaker(reference).record(pledge)


@pytest.fixture
def labels(reference: ReferenceData, catalogs: Catalogs) -> SiteLabels:
    return SiteLabels(catalogs.translator("en"), reference.taxonomy, reference.countries)


def _story(*files: StoryFile) -> ShowcaseStory:
    return ShowcaseStory(id=1, pledge_reference="P2C-2026-00001", pledge_title="Rural towers",
                         organization="A", title="A story", body="What worked.",
                         approved_at=APPROVED, files=list(files))


def _file(stored_as: str, content: bytes = SECRET, sha256: str | None = None) -> StoryFile:
    return StoryFile(name="photo.png", media_type="image/png",
                     sha256=sha256 or hashlib.sha256(content).hexdigest(), size=len(content),
                     stored_as=stored_as)


@pytest.mark.parametrize("file", [
    _file("../outside/secret.png"),
    _file("/etc/passwd"),
    _file("ab/missing.png"),
    _file("ab/photo.png", sha256="../../../../tmp/evil"),
], ids=["climbs out", "absolute", "missing", "not a checksum"])
def test_a_file_from_outside_or_not_as_stored_is_not_published(
        tmp_path: Path, record: PublicRecord, labels: SiteLabels, file: StoryFile) -> None:
    stories_dir, site = tmp_path / "stories", tmp_path / "site"
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.png").write_bytes(SECRET)
    (stories_dir / "ab").mkdir(parents=True)
    (stories_dir / "ab" / "photo.png").write_bytes(SECRET)
    site.mkdir()
    [story] = StoryShelf([_story(file)], stories_dir, site, labels).for_pledge(record)
    assert story.images == []
    assert [p for p in tmp_path.rglob("*") if p.is_file() and p.is_relative_to(site)] == []
    assert not (tmp_path / "evil").exists()


def test_a_file_used_by_two_stories_is_copied_once(tmp_path: Path, record: PublicRecord,
                                                   labels: SiteLabels) -> None:
    stories_dir, site = tmp_path / "stories", tmp_path / "site"
    (stories_dir / "ab").mkdir(parents=True)
    (stories_dir / "ab" / "photo.png").write_bytes(SECRET)
    shared = _file("ab/photo.png")
    shelf = StoryShelf([_story(shared), _story(shared)], stories_dir, site, labels)
    first, second = shelf.for_pledge(record)
    assert first.images == second.images
    assert [p.name for p in (site / "stories").iterdir()] == [f"{shared.sha256}.png"]
    assert len(shelf.showcase()) == 2
