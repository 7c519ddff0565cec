"""The fetch-ahead thread: same batches in the same order, errors raised in the caller's
thread, and no thread left behind however the caller's loop ends."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from storage.read_ahead import read_ahead


def _fetchers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "p2c-read-ahead"]


def test_every_batch_arrives_in_order() -> None:
    assert list(read_ahead(iter(range(1000)))) == list(range(1000))
    assert _fetchers() == []


def test_an_error_while_fetching_is_raised_to_the_caller_after_the_batches_before_it() -> None:
    def failing() -> Iterator[int]:
        yield 1
        yield 2
        raise RuntimeError("the cursor broke")

    seen: list[int] = []
    with pytest.raises(RuntimeError, match="the cursor broke"):
        seen.extend(read_ahead(failing()))
    assert seen == [1, 2]
    assert _fetchers() == []


def test_stopping_early_ends_the_fetcher_and_fetches_no_further_than_it_may() -> None:
    fetched: list[int] = []

    def endless() -> Iterator[int]:
        number = 0
        while True:
            fetched.append(number)
            yield number
            number += 1

    batches = read_ahead(endless(), depth=2)
    assert [next(batches) for _ in range(3)] == [0, 1, 2]
    batches.close()
    assert _fetchers() == []
    assert len(fetched) <= 3 + 2 + 1  # handed out, waiting in the queue, its last put


def test_an_error_in_the_callers_loop_ends_the_fetcher() -> None:
    def rows() -> Iterator[int]:
        yield from range(10_000)

    def write_all() -> None:
        for batch in read_ahead(rows()):
            if batch == 5:
                raise ValueError("the writer failed")

    with pytest.raises(ValueError, match="the writer failed"):
        write_all()
    assert _fetchers() == []
