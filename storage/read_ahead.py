"""Reading the next batches of a long query while the caller writes the last one.

A writer of every pledge spends its time in two places: the database's cursor (SQLite's
engine, PostgreSQL's socket) and its own formatting. Both drivers let go of Python's
lock while they wait on the engine or the network, so a thread that fetches ahead lets
the two overlap on a second core. The queue is short, so memory stays that of a few
batches, and the thread never outlives the caller's loop: stopping early, or an error
on either side, ends it before the generator returns."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")

DEPTH = 2
"""Batches held ready: one being fetched, two waiting, one being written."""
_DONE = object()


class _Failure:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def read_ahead(batches: Iterator[T], depth: int = DEPTH) -> Iterator[T]:
    """The same batches in the same order, each fetched while the one before it is
    handled by the caller."""
    ready: queue.Queue[object] = queue.Queue(maxsize=depth)
    stopping = threading.Event()

    def fetch() -> None:
        try:
            for batch in batches:
                ready.put(batch)
                if stopping.is_set():
                    return
        except BaseException as error:  # handed to the caller's thread, raised there
            ready.put(_Failure(error))
            return
        ready.put(_DONE)

    fetcher = threading.Thread(target=fetch, name="p2c-read-ahead", daemon=True)
    fetcher.start()
    try:
        while True:
            item = ready.get()
            if item is _DONE:
                return
            if isinstance(item, _Failure):
                raise item.error
            yield item  # type: ignore[misc]
    finally:
        stopping.set()
        _drain(ready)
        fetcher.join()


def _drain(ready: queue.Queue[object]) -> None:
    """Room for the fetcher's last put: once `stopping` is set it puts at most one more
    item (a batch, its error or the end), then sees the flag and ends."""
    while True:
        try:
            ready.get_nowait()
        except queue.Empty:
            return
