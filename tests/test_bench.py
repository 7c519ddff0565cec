"""The benchmarks' small modes run with the suite so they cannot rot; their figures are
judged in bench/RESULTS.md, not here."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import PROJECT_DIR


def test_the_reminder_benchmark_runs_in_small_mode() -> None:
    result = subprocess.run([sys.executable, "-m", "bench.reminders", "--small"],
                            cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
                            check=True)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("machine:")
    assert lines[1].startswith("dispatch: 60 reminders sent")
    assert "ratio" in lines[1]
    assert "429s caused" in lines[1]
    assert [line.split(",")[0] for line in lines[2:]] == [
        "due scan:     1", "due scan:    10"]


SOAK_FIGURES = [
    r"pledges: confirmed \d+, stored \d+, duplicated \d+, lost \d+",
    r"reports: confirmed \d+, stored \d+, duplicated \d+, lost \d+",
    r"reminders: due \d+, sent once \d+, sent twice \d+, missing \d+, uncertain \d+",
    r"kills survived: \d+",
]


def test_the_soak_benchmark_runs_in_small_mode_and_finds_nothing() -> None:
    """Exit 1 means it found a pledge, report or reminder duplicated or lost: a bug in
    the bot, shown with the benchmark's account of it; 2 means the benchmark broke."""
    result = subprocess.run([sys.executable, "-m", "bench.soak", "--small"],
                            cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
                            check=False)
    output = result.stdout
    assert result.returncode == 0, output + result.stderr
    lines = output.splitlines()
    assert lines[0].startswith("machine:")
    assert lines[-1] == "result: ok"
    databases = ["sqlite"]
    if not any(line.startswith("postgresql: skipped") for line in lines):
        databases.append("postgresql")
    for database in databases:
        for figure in SOAK_FIGURES:
            assert re.search(rf"^{database} {figure}", output, re.MULTILINE), \
                f"no {database} {figure} in:\n{output}"


def test_the_digest_benchmark_runs_in_small_mode() -> None:
    result = subprocess.run([sys.executable, "-m", "bench.digest", "--small"],
                            cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
                            check=True)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("machine:")
    assert re.match(r"sqlite: 2,000 pledges, 6,000 reports, [\d,]+ new this week: "
                    r"[\d.]+ s, ratio [\d.]+ of the 2 s goal; peak [\d.]+ MB allocated, "
                    r"ratio [\d.]+ of the 100 MB goal", lines[1]), lines[1]
