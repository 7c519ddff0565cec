"""Logs are one JSON object per line, carrying the call's extra fields."""

from __future__ import annotations

import json
import logging
import sys

from bot.logs import JsonFormatter


def test_a_log_line_is_json_with_its_extra_fields() -> None:
    record = logging.LogRecord("bot.handlers.telegram", logging.WARNING, __file__, 1,
                               "user unreachable", None, None)
    record.user = "424242"
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "WARNING"
    assert entry["message"] == "user unreachable"
    assert entry["user"] == "424242"
    assert entry["logger"] == "bot.handlers.telegram"


def test_an_exception_is_kept_whole() -> None:
    try:
        raise RuntimeError("database gone")
    except RuntimeError:
        record = logging.LogRecord("bot", logging.ERROR, __file__, 1, "turn failed", None,
                                   sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert "RuntimeError: database gone" in entry["exception"]
