"""Babel extractor for `config/taxonomy.toml`: its labels are msgids like the code's, so
translators see focus areas, pillars and SDGs in the same catalog."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from typing import IO, Any


def extract_taxonomy(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                     options: Any) -> Iterator[tuple[int, str, str, list[str]]]:
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    for label in _labels(tomllib.loads(text)):
        line = next((i for i, line in enumerate(lines, 1) if f'"{label}"' in line), 0)
        yield line, "gettext", label, []


def _labels(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "label" and isinstance(value, str):
                yield value
            else:
                yield from _labels(value)
    elif isinstance(node, list):
        for item in node:
            yield from _labels(item)
