"""A story's files on disk: kept by checksum under the stories directory with the
extension of what their bytes are; pages, pictures that run scripts, programs, empty and
oversized files refused; no name and no stored path reaches outside the directory."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.flows.model import FileRefusal
from bot.flows.story_model import STORY_LIMITS
from bot.stories.files import FileRefusedError, StoryFileStore, UnsafePathError, display_name
from tests.stories.samples import HTML, PDF, SCRIPT, SVG, image

HOSTILE_NAMES = ["../../etc/passwd", "x.html", "..\\..\\boot.ini", "/etc/shadow", ".htaccess",
                 "photo.jpg\x00.html", "\u202egpj.exe", "", "...", "a/../../b.php"]


@pytest.fixture
def store(tmp_path: Path) -> StoryFileStore:
    return StoryFileStore(tmp_path / "stories")


def _everything_under(root: Path) -> list[Path]:
    return [p for p in root.parent.rglob("*") if p.is_file()]


@pytest.mark.parametrize(("content", "media_type", "extension"), [
    (image("JPEG"), "image/jpeg", "jpg"), (image("PNG"), "image/png", "png"),
    (image("WEBP"), "image/webp", "webp"), (PDF, "application/pdf", "pdf")])
def test_each_kind_is_kept_by_its_checksum(store: StoryFileStore, content: bytes,
                                           media_type: str, extension: str) -> None:
    kept = store.keep(content, "Field visit.bin")
    digest = hashlib.sha256(content).hexdigest()
    assert kept.media_type == media_type
    assert (kept.sha256, kept.size) == (digest, len(content))
    assert kept.stored_as == f"{digest[:2]}/{digest}.{extension}"
    assert kept.name == f"Field visit.{extension}"
    path = store.path_of(kept.stored_as)
    assert path.read_bytes() == content
    assert not path.stat().st_mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    assert store.keep(content, "again.png") == \
        type(kept)(f"again.{extension}", media_type, digest, len(content), kept.stored_as)


@pytest.mark.parametrize(("content", "name"), [
    (HTML, "x.jpg"), (HTML, "x.html"), (SVG, "logo.svg"), (SVG, "logo.png"),
    (SCRIPT, "report.pdf"), (b"GIF89a" + b"\0" * 20, "a.gif")])
def test_what_is_not_a_kept_kind_is_refused_whatever_it_is_named(
        store: StoryFileStore, content: bytes, name: str) -> None:
    with pytest.raises(FileRefusedError) as refused:
        store.keep(content, name)
    assert refused.value.refusal is FileRefusal.NOT_ALLOWED
    assert _everything_under(store.root) == []


def test_empty_and_oversized_files_are_refused(store: StoryFileStore) -> None:
    with pytest.raises(FileRefusedError) as empty:
        store.keep(b"", "a.jpg")
    assert empty.value.refusal is FileRefusal.EMPTY
    oversized = image("JPEG") + b"\0" * STORY_LIMITS.max_file_bytes
    with pytest.raises(FileRefusedError) as large:
        store.keep(oversized, "a.jpg")
    assert large.value.refusal is FileRefusal.TOO_LARGE
    assert _everything_under(store.root) == []


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_name_stays_a_display_name(store: StoryFileStore, name: str) -> None:
    kept = store.keep(image("PNG"), name)
    assert not any(c in kept.name for c in "/\\\0")
    assert not kept.name.startswith(".")
    assert kept.name.endswith(".png")
    assert [p.relative_to(store.root).as_posix() for p in _everything_under(store.root)] \
        == [kept.stored_as]


@given(name=st.text(max_size=300))
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_name_reaches_the_path_or_ends_as_a_page(store: StoryFileStore, name: str) -> None:
    kept = store.keep(image("PNG"), name)
    assert kept.stored_as == f"{kept.sha256[:2]}/{kept.sha256}.png"
    assert store.path_of(kept.stored_as).is_relative_to(store.root)
    assert kept.name.endswith(".png")
    assert not any(c in kept.name for c in "/\\\0\n")
    assert len(kept.name) <= 110


@given(stored_as=st.one_of(
    st.text(max_size=200),
    st.sampled_from(["../../etc/passwd", "../stories/ab/x.jpg", "/etc/passwd",
                     "ab/../../../etc/passwd", f"ab/{'a' * 64}.jpg/../../x",
                     f"../{'a' * 2}/{'a' * 64}.jpg", f"ab/{'a' * 64}.html"])))
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_stored_path_resolves_outside_the_directory(store: StoryFileStore,
                                                       stored_as: str) -> None:
    try:
        path = store.path_of(stored_as)
    except UnsafePathError:
        return
    assert path.is_relative_to(store.root)
    assert path.suffix in {".jpg", ".png", ".webp", ".pdf"}


def test_a_file_left_by_a_symlink_cannot_lead_outside(store: StoryFileStore,
                                                      tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    store.root.mkdir(parents=True)
    (store.root / "ab").symlink_to(outside)
    with pytest.raises(UnsafePathError):
        store.path_of(f"ab/{'a' * 64}.jpg")


def test_display_names_are_cleaned() -> None:
    assert display_name("../../etc/passwd", "image/jpeg") == "passwd.jpg"
    assert display_name("x.html", "image/png") == "x.png"
    assert display_name("", "application/pdf") == "file.pdf"
    assert display_name("Rapport annuel été.PDF", "application/pdf") == "Rapport annuel été.pdf"
