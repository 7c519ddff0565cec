"""The benchmarks' small modes run with the suite so they cannot rot; their figures are
judged in bench/RESULTS.md, not here."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_DIR


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_the_digest_benchmark_runs_in_small_mode() -> None:
    result = subprocess.run([sys.executable, "-m", "bench.digest", "--small"],
                            cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
                            check=True)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("machine:")
    assert re.match(r"sqlite: 2,000 pledges, 6,000 reports, [\d,]+ new this week: "
                    r"[\d.]+ s, ratio [\d.]+ of the 2 s goal; peak [\d.]+ MB allocated, "
                    r"ratio [\d.]+ of the 100 MB goal", lines[1]), lines[1]


REPORT_FIGURE = (r"[\d.]+ s \([\d.]+ of the 5 s goal\)  peak [\d.]+ MB \([\d.]+ of 200 MB\)"
                 r"  process max RSS \d+ MB")


@pytest.mark.slow
def test_the_reports_benchmark_runs_in_small_mode() -> None:
    result = subprocess.run([sys.executable, "-m", "bench.reports", "--small"],
                            cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
                            check=True)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("machine:")
    assert re.match(r"sqlite: seeded 500 pledges \(\d+ submitted in 2025, \d+ in 2026\) "
                    r"and 1,500 progress reports in \d+ s; the 2026 report covers \d+ "
                    r"approved pledges$", lines[1]), lines[1]
    assert re.match(r"annual report  sqlite      [\d.]+ s \([\d.]+ of the 5 s goal\)  "
                    r"peak not traced \(--small\)  process max RSS \d+ MB$", lines[2]), lines[2]
    assert re.match(r"annual split   sqlite      figures/SQL [\d.]+ s, workbook [\d.]+ s, "
                    r"HTML [\d.]+ s, JSON [\d.]+ s, PDF [\d.]+ s \(the workbook beside the "
                    r"rest; the PDF printed again alone\); reading the workbook's [\d,]+ raw "
                    r"rows alone takes [\d.]+ s$",
                    lines[3]), lines[3]
    assert [line[:27] for line in lines[4:]] == [
        "export csv     sqlite      ", "export xlsx    sqlite      ",
        "export json    sqlite      "]
    for line in lines[4:]:
        assert re.fullmatch(r"export \w+ +sqlite +" + REPORT_FIGURE, line), line
