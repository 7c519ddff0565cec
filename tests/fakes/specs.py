"""The official API descriptions the strict fakes check against, reduced to their
structure and kept in `tests/specs/` (see `tests/specs/reduce.py` for where they come
from and how to refresh them)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SPECS_DIR = Path(__file__).resolve().parents[1] / "specs"


@cache
def load_spec(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SPECS_DIR / name).read_text(encoding="utf-8"))
    return loaded
