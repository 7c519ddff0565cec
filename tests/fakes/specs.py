"""Where the official API specifications live: `../shared/specs/` beside the checkout.
They are read from there, never copied into the project."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

SPECS_DIR = Path(__file__).resolve().parents[3] / "shared" / "specs"


@cache
def load_spec(name: str) -> dict[str, Any]:
    path = SPECS_DIR / name
    if not path.exists():
        reason = f"API specification {path} is not there (shared/ beside the checkout)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return json.loads(path.read_text(encoding="utf-8"))
