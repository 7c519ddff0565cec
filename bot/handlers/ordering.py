"""One user's inputs are handled in the order they arrived, different users' at once.

The database already makes one user's turns take turns; holding a lock per user in the
process as well keeps the order of arrival (asyncio's locks are first come, first
served), keeps a turn's replies ahead of the next turn's, and spares the thread pool
threads that would only wait for the database lock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class UserLocks:
    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._holders: dict[str, int] = {}

    @asynccontextmanager
    async def hold(self, user_key: str) -> AsyncIterator[None]:
        """Runs the block while no other block for `user_key` runs; a lock is kept only
        while someone holds or waits for it."""
        lock = self._locks.setdefault(user_key, asyncio.Lock())
        self._holders[user_key] = self._holders.get(user_key, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._holders[user_key] -= 1
            if not self._holders[user_key]:
                del self._holders[user_key], self._locks[user_key]
