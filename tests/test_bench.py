"""The benchmarks' small modes run with the suite so they cannot rot; their figures are
judged in bench/RESULTS.md, not here."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import PROJECT_DIR


def test_the_reminder_benchmark_runs_in_small_mode() -> None:
    result = subprocess.run([sys.executable, str(PROJECT_DIR / "bench" / "reminders.py"),
                             "--small"], capture_output=True, text=True, timeout=300,
                            check=True)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("machine:")
    assert lines[1].startswith("dispatch: 60 reminders sent")
    assert "ratio" in lines[1]
    assert "429s caused" in lines[1]
    assert [line.split(",")[0] for line in lines[2:]] == [
        "due scan:     1", "due scan:    10"]
