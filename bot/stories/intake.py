"""A file sent in the chat, fetched from the platform and kept before its turn runs:
a download can take seconds, and inside the turn it would hold the conversation's lock
(and SQLite's write lock) all that time. What was fetched is content-addressed, so a
re-delivered update stores nothing new."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace

from bot.flows.model import FileRefusal, Upload
from bot.stories.files import FileRefusedError, StoryFileStore
from bot.turns import ChatUser, TurnRunner

Fetch = Callable[[int], Awaitable[bytes]]
"""Fetches the file's bytes from the platform, reading at most the given number (one
more than the limit is enough to know a file is too large)."""

log = logging.getLogger(__name__)


class FetchFailedError(RuntimeError):
    """The platform did not hand the file over."""


async def receive(upload: Upload, fetch: Fetch, store: StoryFileStore) -> Upload:
    """The upload with where it is kept, or with why it was not."""
    try:
        content = await fetch(store.limits.max_file_bytes + 1)
        kept = await asyncio.to_thread(store.keep, content, upload.name)
    except FileRefusedError as error:
        log.info("file refused", extra={"refusal": error.refusal,
                                        "claimed_type": upload.claimed_type})
        return replace(upload, refusal=error.refusal)
    except FetchFailedError as error:
        log.warning("file not fetched", extra={"error": str(error)})
        return replace(upload, refusal=FileRefusal.NOT_RECEIVED)
    if kept.media_type != upload.claimed_type:
        log.info("file kept as what its bytes are, not what it claimed",
                 extra={"media_type": kept.media_type, "claimed_type": upload.claimed_type})
    return replace(upload, size=kept.size, kept=kept)


async def take_file(runner: TurnRunner, user: ChatUser, upload: Upload,
                    fetch: Fetch) -> Upload:
    """The upload as its turn should see it: fetched and kept when the question asked
    now takes such a file; else as the platform described it (the question then says
    why it does not take it), and nothing is downloaded."""
    store = runner.story_files
    if store is None or not await asyncio.to_thread(runner.wants_file, user, upload):
        return upload
    return await receive(upload, fetch, store)
