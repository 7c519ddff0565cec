"""Cutting a long text into pieces a platform accepts, at line breaks where possible."""

from __future__ import annotations

from collections.abc import Callable


def split_text(text: str, limit: int, measure: Callable[[str], int] = len) -> list[str]:
    """Pieces whose `measure` is at most `limit`; joined with line breaks they give the
    text back. `measure` is the platform's own count (UTF-16 units, escaped length...)."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if measure(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while measure(line) > limit:
            cut = limit
            while measure(line[:cut]) > limit:
                cut -= 1
            pieces.append(line[:cut])
            line = line[cut:]
        current = line
    pieces.append(current)
    return [p for p in pieces if p] or [text[:1] or "…"]
