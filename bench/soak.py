"""Soak benchmark: the acceptance check for "exactly once".

It runs the real processes — `p2c-bot serve` (webhook mode, Telegram and Slack) and
`p2c-bot worker` — against local fakes of the Telegram Bot API and the Slack Web API, and
tries hard to make them store a pledge twice, lose one, or send a reminder twice:

- simulated pledgers, half on Telegram, half on Slack, all at once, each registering an
  organization (several share one, so they register it at the same moment), making and
  confirming a pledge, and filing one progress report;
- double taps, duplicated and late (out-of-order) deliveries, Slack retries racing the
  original; a webhook that got no 2xx is delivered again, as the platforms do;
- SIGKILL of web processes and workers at random moments (a timer, or a trap on a chosen
  send: before the platform sees it, while it acts, just after), then a restart;
- on SQLite (one web process, one worker) and PostgreSQL (two of each).

Then every pledge is approved and made due, and the workers send the reminders.

Printed, per database: pledges and reports confirmed / stored / duplicated / lost,
reminders due / sent once / sent twice / missing / uncertain, kills survived, and what
went wrong. Exit status 1 when anything was duplicated, lost or altered, or the run did
not finish; 2 when the benchmark itself failed.

`--seed` fixes every choice the run makes (who does what, which adversity, which kill
where); the interleaving of processes still varies from run to run, so a failure is
reproduced by running again, not always by the same pledger. With `--keep` each run's
folder stays: the processes' logs (`--log-level INFO` for more), the SQLite file,
`chats.json` (every message each pledger was shown, by whom and when) and
`pledgers.json` (each pledger's inputs, with their adversity and timing).

    .venv/bin/python -m bench.soak          # 100 pledgers, several kills (minutes)
    .venv/bin/python -m bench.soak --small    # the quick mode the test suite runs
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bench.soak_databases import (
    postgres_database,
    postgres_problem,
    sqlite_database,
)
from bench.soak_report import Result
from bench.soak_runs import Config, Soak

PROJECT_DIR = Path(__file__).resolve().parent.parent
SQLITE, POSTGRESQL = "sqlite", "postgresql"
MAX_PROBLEMS_SHOWN = 40
SMALL_TAKEOVER_SECONDS = 5.0
SMALL_SLACK_RETRY_PAUSES = (1.0, 6.0, 30.0)
"""The small mode takes an abandoned delivery over sooner than the bot's 30 s, and Slack
retries ten times sooner than its 1 and 5 minutes, so that a kill mid-turn costs the
test suite seconds, not a minute; the full run keeps the real waits."""


def machine() -> str:
    return (f"machine: {os.cpu_count()} cores ({_cpu_model()}, {platform.machine()}), "
            f"{platform.system()}, python {platform.python_version()}, "
            f"date {datetime.now(UTC):%Y-%m-%d}, commit {_commit()}")


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown cpu"


def _commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=PROJECT_DIR, capture_output=True,
                              text=True, check=True, timeout=10).stdout.strip()
    try:
        commit = git("rev-parse", "--short", "HEAD")
        changed = git("status", "--porcelain", "--", "bot", "storage")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return commit + (" with uncommitted changes to bot/ or storage/" if changed else "")


def configs(args: argparse.Namespace) -> list[Config]:
    pledgers = args.pledgers or (10 if args.small else 100)
    serve_kills = args.kills if args.kills is not None else (1 if args.small else 3)
    worker_kills = 1 if args.small else 2
    lease = 1.0 if args.small else 2.0
    chosen = [Config(label, pledgers, processes, processes,
                     serve_kills + (label == POSTGRESQL and not args.small), worker_kills,
                     args.adversity, args.seed, lease, args.log_level)
              for label, processes in ((SQLITE, 1), (POSTGRESQL, 2))
              if label in args.databases]
    if not args.small:
        return chosen
    return [replace(c, takeover_seconds=SMALL_TAKEOVER_SECONDS,
                    slack_retry_pauses=SMALL_SLACK_RETRY_PAUSES) for c in chosen]


def database(label: str, folder: Path) -> AbstractContextManager[str]:
    return sqlite_database(folder) if label == SQLITE else postgres_database()


async def soak_one(config: Config, deadline: float, keep: bool) -> Result:
    folder = Path(tempfile.mkdtemp(prefix=f"p2c-soak-{config.label}-"))
    try:
        with database(config.label, folder) as url:
            return await asyncio.wait_for(Soak(config, url, folder, deadline).run(),
                                          timeout=max(1.0, deadline - time.monotonic() + 30))
    except TimeoutError:
        return Result(config.label, problems=["timed out: the run's deadline passed"])
    finally:
        if keep:
            print(f"{config.label} files: {folder}", flush=True)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def report(result: Result) -> None:
    for line in result.lines:
        print(line)
    shown = result.problems[:MAX_PROBLEMS_SHOWN]
    for problem in shown:
        print(f"{result.label} FAILED: {problem}")
    if len(result.problems) > len(shown):
        print(f"{result.label} FAILED: ... and {len(result.problems) - len(shown)} more")
    sys.stdout.flush()


async def run(args: argparse.Namespace) -> int:
    """One database after the other, or (`--parallel`, the small mode) at the same time."""
    _cancel_on_sigterm()
    deadline = time.monotonic() + args.deadline
    status, chosen = 0, []
    for config in configs(args):
        if config.label == POSTGRESQL and (reason := postgres_problem()):
            print(f"postgresql: skipped ({reason})", flush=True)
            status = status if args.small else 1
        else:
            chosen.append(config)
    if args.parallel:
        results = await asyncio.gather(*(soak_one(c, deadline, args.keep) for c in chosen))
    else:
        results = [await soak_one(c, deadline, args.keep) for c in chosen]
    for result in results:
        report(result)
        status = max(status, int(result.failed))
    print("result: " + ("ok" if status == 0 else "FAILED"), flush=True)
    return status


def _cancel_on_sigterm() -> None:
    """SIGTERM and SIGHUP end the run the way Ctrl-C does: cleanup runs."""
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()
    for stop in (signal.SIGTERM, signal.SIGHUP):
        if task is not None:
            loop.add_signal_handler(stop, task.cancel)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="quick mode for the test suite")
    parser.add_argument("--seed", type=int, default=1, help="the run's random choices")
    parser.add_argument("--pledgers", type=int, help="default 100 (10 with --small)")
    parser.add_argument("--kills", type=int, help="web-process kills on SQLite (one more on "
                                                  "PostgreSQL in the full mode)")
    parser.add_argument("--adversity", type=float, default=0.3,
                        help="share of inputs given a double tap, duplicate or retry")
    parser.add_argument("--databases", type=lambda s: s.split(","),
                        default=[SQLITE, POSTGRESQL], help="sqlite,postgresql")
    parser.add_argument("--deadline", type=float,
                        help="seconds for the whole run (default 150, 1800 full)")
    parser.add_argument("--parallel", action="store_true",
                        help="run the databases at the same time (the default with --small)")
    parser.add_argument("--log-level", default="WARNING",
                        help="the processes' P2C_LOG_LEVEL (their logs are kept with --keep)")
    parser.add_argument("--keep", action="store_true",
                        help="keep each run's folder (process logs, SQLite file)")
    args = parser.parse_args(argv)
    args.deadline = args.deadline or (150.0 if args.small else 1800.0)
    args.parallel = args.parallel or args.small
    return args


@contextlib.contextmanager
def _exit_status() -> Iterator[list[int]]:
    status = [2]
    try:
        yield status
    except (KeyboardInterrupt, asyncio.CancelledError):
        print("result: interrupted", flush=True)
        status[0] = 130
    except Exception:
        traceback.print_exc()
        print("result: the benchmark failed", flush=True)
        status[0] = 2


def main() -> int:
    args = parse()
    print(machine(), flush=True)
    with _exit_status() as status:
        status[0] = asyncio.run(run(args))
    return status[0]


if __name__ == "__main__":
    sys.exit(main())
