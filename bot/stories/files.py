"""A story's files on disk, content-addressed: `<sha256[:2]>/<sha256>.<ext>`, the
extension chosen from the type the bytes show. The name the file came with never
reaches a path, so `../../etc/passwd` stays a display name; and only JPEG, PNG, WebP
and PDF are kept, told by their magic numbers, so an HTML page or an SVG (which a
browser would run) is refused whatever it is called. Nothing here is ever executed."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath

from bot.flows.model import FileRefusal, KeptFile
from bot.flows.story_model import STORY_LIMITS, StoryLimits

MAGIC_NUMBERS = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)
NAME_LENGTH = 100
FILE_MODE = 0o640
"""Readable by the bot and its group, executable by no one."""
DIRECTORY_MODE = 0o750


class FileRefusedError(ValueError):
    def __init__(self, refusal: FileRefusal) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal


class UnsafePathError(ValueError):
    """A stored path that would leave the stories directory, or is not one we wrote."""


def media_type_of(content: bytes) -> str | None:
    """The type the bytes say they are, from their first bytes; None for anything not
    kept (HTML, SVG, scripts, archives...)."""
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for magic, kind in MAGIC_NUMBERS if content.startswith(magic)), None)


def display_name(name: str, media_type: str, limits: StoryLimits = STORY_LIMITS) -> str:
    """The name to show: its last part only, without control characters or leading
    dots, and ending in the extension of what the bytes are (a PNG sent as `x.html`
    is shown as `x.png`, so nothing offered for download can open as a page)."""
    last = re.split(r"[/\\]", name)[-1]
    cleaned = "".join(c for c in unicodedata.normalize("NFC", last)
                      if unicodedata.category(c)[0] != "C").strip().lstrip(".")
    stem = cleaned.rsplit(".", 1)[0].strip() if "." in cleaned else cleaned
    extension = limits.extensions[media_type]
    return f"{stem[:NAME_LENGTH] or 'file'}.{extension}"


class StoryFileStore:
    """Files under `root`, one per distinct content: the same photo sent twice is
    stored once."""

    def __init__(self, root: Path, limits: StoryLimits = STORY_LIMITS) -> None:
        self.root = root.resolve()
        self.limits = limits
        extensions = "|".join(re.escape(e) for e in limits.extensions.values())
        self.stored_as = re.compile(rf"([0-9a-f]{{2}})/\1[0-9a-f]{{62}}\.(?:{extensions})")
        """The only relative paths `keep` makes: the checksum's first two digits, the
        checksum, a kept kind's extension."""

    def keep(self, content: bytes, name: str) -> KeptFile:
        """Checks and stores the bytes; FileRefusedError says which limit they break."""
        if not content:
            raise FileRefusedError(FileRefusal.EMPTY)
        if len(content) > self.limits.max_file_bytes:
            raise FileRefusedError(FileRefusal.TOO_LARGE)
        media_type = media_type_of(content)
        if media_type is None or media_type not in self.limits.extensions:
            raise FileRefusedError(FileRefusal.NOT_ALLOWED)
        digest = hashlib.sha256(content).hexdigest()
        stored_as = f"{digest[:2]}/{digest}.{self.limits.extensions[media_type]}"
        self._write(self.path_of(stored_as), content)
        return KeptFile(display_name(name, media_type, self.limits), media_type, digest,
                        len(content), stored_as)

    def path_of(self, stored_as: str) -> Path:
        """Where a stored file is; refuses any path that is not one `keep` makes or that
        resolves outside the root."""
        if not self.stored_as.fullmatch(stored_as):
            raise UnsafePathError(stored_as)
        path = (self.root / PurePosixPath(stored_as)).resolve()
        if not path.is_relative_to(self.root):
            raise UnsafePathError(stored_as)
        return path

    @staticmethod
    def _write(path: Path, content: bytes) -> None:
        """Written whole or not at all (a temporary file renamed into place), so a
        reader never sees half a file; content already there is left as it is."""
        if path.exists():
            return
        path.parent.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            os.chmod(temporary, FILE_MODE)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
