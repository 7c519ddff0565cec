"""One soak run on one database, in two phases.

1. Journeys: the web processes (`p2c-bot serve`, webhook mode, Telegram and Slack) serve
   every pledger at once while web processes are SIGKILLed and restarted.
2. Reminders: every stored pledge is approved and made due, and the workers
   (`p2c-bot worker --until-idle`) send the reminders while workers are SIGKILLed and
   restarted. The lease is short and sending paced so that a batch takes about as long
   as the lease: a worker that outlives its lease must not lose or double a reminder.

Everything the run starts (the fakes' server, processes) is stopped when it ends, however
it ends."""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import httpx
import sqlalchemy as sa

from bench import soak_figures as figures
from bench.soak_fakes import (
    TRAP_POINTS,
    CallerRouter,
    ChatLog,
    RecordingSlack,
    RecordingTelegram,
    Traps,
)
from bench.soak_fleet import P2C_BOT, SERVE, WORKER, Fleet, Slot
from bench.soak_people import Adversity, Background, Hands, SlackPerson, TelegramPerson
from bench.soak_plans import TELEGRAM, Plan, make_plans
from bench.soak_platforms import (
    SLACK_RETRY_PAUSES,
    SLACK_SIGNING_SECRET,
    TELEGRAM_SECRET,
    TELEGRAM_TOKEN,
    DeliveryStats,
    SlackEndpoint,
    SlackPayloads,
    TelegramUpdates,
    TelegramWebhook,
)
from bench.soak_pledgers import Outcome, Pledger
from bench.soak_report import SPEC_KEYS, Report, Result
from tests.fakes.http_server import free_port, serving
from tests.fakes.slack_api import BOT_TOKEN, TEAM_ID, SlackUser

T = TypeVar("T")
PROJECT_DIR = Path(__file__).resolve().parent.parent
SENDS_PER_PLEDGER = 40
IDS_PER_PLEDGER = 100_000
START_JITTER = 0.5
LATE_DELIVERIES_SECONDS = 10.0


@dataclass(frozen=True)
class Config:
    label: str
    pledgers: int
    serve_processes: int
    worker_processes: int
    serve_kills: int
    worker_kills: int
    adversity: float
    seed: int
    lease_seconds: float
    log_level: str = "WARNING"
    takeover_seconds: float | None = None
    """P2C_DELIVERY_TAKEOVER_SECONDS for the web processes; None: the bot's default."""
    slack_retry_pauses: tuple[float, ...] = SLACK_RETRY_PAUSES
    """Slack's own schedule (at once, 1 min, 5 min) unless the small mode shortens it."""


@dataclass(frozen=True)
class KillSpec:
    """Kill `slot` once it has been up `pause` s: at its `sends`-th send from then (a trap
    at `point`), or, with `sends` None, right then (a timer)."""

    slot: str
    pause: float
    sends: int | None
    point: str


def kill_specs(rng: random.Random, slots: list[str], count: int, typical_sends: int,
               trap_share: float) -> list[KillSpec]:
    specs = []
    for _ in range(count):
        slot = rng.choice(slots)
        if rng.random() < trap_share:
            specs.append(KillSpec(slot, rng.uniform(0.2, 1.0),
                                  rng.randint(1, max(1, typical_sends)),
                                  rng.choice(TRAP_POINTS)))
        else:
            specs.append(KillSpec(slot, rng.uniform(0.5, 3.0), None, "timer"))
    return specs


async def _until(condition: Callable[[], bool], stop: asyncio.Event | None = None,
                 deadline: float | None = None, every: float = 0.05) -> bool:
    """Waits for `condition`; False when `stop` is set or the deadline passes first."""
    while not condition():
        if (stop is not None and stop.is_set()) or \
                (deadline is not None and time.monotonic() > deadline):
            return False
        await asyncio.sleep(every)
    return True


async def run_kills(fleet: Fleet, traps: Traps, specs: list[KillSpec],
                    stop: asyncio.Event) -> None:
    """The kills one after the other, each once its target is up again."""
    for spec in specs:
        if not await _kill(fleet, traps, spec, stop):
            return


async def _kill(fleet: Fleet, traps: Traps, spec: KillSpec, stop: asyncio.Event) -> bool:
    """One kill; False when the run stopped first."""
    slot = fleet.slots[spec.slot]
    if not await _until(lambda: slot.ready, stop):
        return False
    up = time.monotonic()
    if not await _until(lambda: time.monotonic() - up >= spec.pause, stop):
        return False
    if spec.sends is None:
        fleet.kill(spec.slot, f"timer, {spec.pause:.1f}s after it was up")
    else:
        trap = traps.arm(spec.slot, spec.sends, spec.point)
        if not await _until(trap.sprung.is_set, stop):
            traps.disarm()
            return False
    return await _until(lambda: not slot.ready, stop)


def base_env(log_level: str = "WARNING") -> dict[str, str]:
    """The benchmark's environment without settings of the bot's own, plus the checkout
    first on the path, so the processes run this checkout's code."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("P2C_") and k not in {"DATABASE_URL", "PORT"}}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_DIR),
                                                      env.get("PYTHONPATH")]))
    env["P2C_LOG_LEVEL"] = log_level
    return env


def serve_slot(name: str, database_url: str, fakes_url: str, config: Config) -> Slot:
    port = free_port()
    env = {**base_env(config.log_level), "DATABASE_URL": database_url, "P2C_HOST": "127.0.0.1",
           "PORT": str(port), "P2C_TELEGRAM_TOKEN": TELEGRAM_TOKEN,
           "P2C_TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
           "P2C_TELEGRAM_API_URL": f"{fakes_url}/{name}/bot",
           "P2C_SLACK_BOT_TOKEN": BOT_TOKEN, "P2C_SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
           "P2C_SLACK_API_URL": f"{fakes_url}/{name}/api/"}
    if config.takeover_seconds is not None:
        env["P2C_DELIVERY_TAKEOVER_SECONDS"] = str(config.takeover_seconds)
    return Slot(name, SERVE, [P2C_BOT, "serve"], env, port=port)


def worker_slot(name: str, database_url: str, fakes_url: str, config: Config) -> Slot:
    """`p2c-bot worker` as the Procfile runs it, paced so that a batch's Telegram half
    (about one reminder in two) takes one and a half leases: the last rows of a batch are
    still waiting for their turn when another worker may take them over."""
    batch = max(4, config.pledgers // 4)
    rate = max(0.5, batch / 2 / (1.5 * config.lease_seconds))
    env = {**base_env(config.log_level), "DATABASE_URL": database_url,
           "P2C_TELEGRAM_TOKEN": TELEGRAM_TOKEN,
           "P2C_TELEGRAM_API_URL": f"{fakes_url}/{name}/bot", "P2C_SLACK_BOT_TOKEN": BOT_TOKEN,
           "P2C_SLACK_API_URL": f"{fakes_url}/{name}/api/", "P2C_WORKER_TICK_SECONDS": "0.2",
           "P2C_WORKER_BATCH": str(batch), "P2C_WORKER_LEASE_SECONDS": str(config.lease_seconds),
           "P2C_TELEGRAM_MESSAGES_PER_SECOND": f"{rate:.2f}",
           "P2C_TELEGRAM_SECONDS_PER_CHAT": "0", "P2C_SLACK_SECONDS_PER_CHANNEL": "0"}
    return Slot(name, WORKER, [P2C_BOT, "worker"], env)


async def migrate(database_url: str, workdir: Path) -> None:
    """`p2c-bot migrate` first, as the Procfile's release phase does: processes started
    together on a fresh SQLite file would otherwise race their start-up migrations."""
    env = {**base_env(), "DATABASE_URL": database_url}
    process = await asyncio.create_subprocess_exec(
        P2C_BOT, "migrate", cwd=workdir, env=env, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT)
    output, _ = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"p2c-bot migrate failed: {output.decode()[-2000:]}")


class Soak:
    def __init__(self, config: Config, database_url: str, workdir: Path,
                 deadline: float) -> None:
        self.config = config
        self.database_url = database_url
        self.workdir = workdir
        self.deadline = deadline
        self.rng = random.Random(f"{config.seed}:{config.label}")
        self.plans = make_plans(config.pledgers)
        self.telegram = RecordingTelegram()
        self.slack = RecordingSlack(users={
            p.external_id: SlackUser(p.external_id, f"pledger{p.index}",
                                     f"Soak Pledger {p.index}", tz="Africa/Nairobi")
            for p in self.plans if p.channel != TELEGRAM})
        self.fleet = Fleet(workdir)
        self.traps = Traps(self.fleet.kill)
        self.report = Report(config.label)
        self.adversity = Adversity(config.adversity)
        self.timings: dict[str, float] = {}
        self.outcomes: list[Outcome] = []
        self.extra: list[str] = []
        self.due = 0
        self.late_cancelled = 0
        self.supervisor: asyncio.Task[None] | None = None

    async def run(self) -> Result:
        self.router = CallerRouter(self.telegram, self.slack, self.traps)
        with serving(self.router) as fakes_url:
            try:
                await migrate(self.database_url, self.workdir)
                self.supervisor = asyncio.create_task(self.fleet.supervise(
                    random.Random(self.rng.random())))
                await self._phases(fakes_url)
            finally:
                if self.supervisor is not None:
                    self.supervisor.cancel()
                self.traps.disarm()
                self.fleet.close()
                self._keep_chats()
        return self.report.result()

    def _keep_chats(self) -> None:
        """The chats as the pledgers saw them, beside the processes' logs."""
        chats = {"telegram": self.telegram.log.dump(), "slack": self.slack.log.dump()}
        (self.workdir / "chats.json").write_text(json.dumps(chats, indent=1, default=str))
        traces = {o.plan.index: o.trace for o in self.outcomes}
        (self.workdir / "pledgers.json").write_text(json.dumps(traces, indent=1))

    async def _supervised(self, work: Awaitable[T]) -> T:
        """The work, unless the supervisor fails first (a process that will not start)."""
        assert self.supervisor is not None
        task = asyncio.ensure_future(work)
        await asyncio.wait({task, self.supervisor}, return_when=asyncio.FIRST_COMPLETED)
        if not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            self.supervisor.result()
            raise RuntimeError("the supervisor stopped")
        return task.result()

    async def _phases(self, fakes_url: str) -> None:
        engine = sa.create_engine(self.database_url)
        try:
            started = time.monotonic()
            outcomes, stats = await self._supervised(self._journeys(fakes_url))
            self.timings["journeys"] = time.monotonic() - started
            self._journey_figures(engine, outcomes, stats)
            started = time.monotonic()
            finished = await self._supervised(self._reminders(engine))
            self.timings["reminders"] = time.monotonic() - started
            self._reminder_figures(engine, outcomes, finished)
        finally:
            engine.dispose()

    async def _journeys(self, fakes_url: str) -> tuple[list[Outcome],
                                                        dict[str, DeliveryStats]]:
        servers = [self.fleet.add(serve_slot(f"serve-{i + 1}", self.database_url, fakes_url,
                                              self.config))
                   for i in range(self.config.serve_processes)]
        workers = [self.fleet.add(worker_slot(f"worker-{i + 1}", self.database_url,
                                              fakes_url, self.config))
                   for i in range(self.config.worker_processes)]
        await asyncio.gather(*(self.fleet.start(s) for s in [*servers, *workers]))
        limits = httpx.Limits(max_connections=1000, max_keepalive_connections=200)
        async with httpx.AsyncClient(limits=limits) as client:
            webhook = TelegramWebhook(client, self.fleet, servers, self.deadline)
            endpoint = SlackEndpoint(client, self.fleet, servers, self.deadline,
                                     self.config.slack_retry_pauses)
            background = Background()
            pledgers = [self._pledger(p, webhook, endpoint, background) for p in self.plans]
            typical = self.config.pledgers * SENDS_PER_PLEDGER // max(
                1, self.config.serve_processes * (self.config.serve_kills + 1))
            specs = kill_specs(self.rng, [s.name for s in servers], self.config.serve_kills,
                               typical, trap_share=0.6)
            stop = asyncio.Event()
            killer = asyncio.create_task(run_kills(self.fleet, self.traps, specs, stop))
            outcomes = await asyncio.gather(*(self._jittered(p) for p in pledgers))
            self.late_cancelled = await background.drain(LATE_DELIVERIES_SECONDS)
            stop.set()
            await killer
        self.fleet.close(SERVE)
        return list(outcomes), {"telegram": webhook.stats, "slack": endpoint.stats}

    async def _jittered(self, pledger: Pledger) -> Outcome:
        await asyncio.sleep(random.Random(pledger.plan.index).uniform(0, START_JITTER))
        return await pledger.run()

    def _pledger(self, plan: Plan, webhook: TelegramWebhook, endpoint: SlackEndpoint,
                 background: Background) -> Pledger:
        rng = random.Random(f"{self.config.seed}:{self.config.label}:{plan.index}")
        first_id = (plan.index + 1) * IDS_PER_PLEDGER
        if plan.channel == TELEGRAM:
            hands = Hands(self.telegram.log, self.adversity, background, rng)
            updates = TelegramUpdates(self.telegram.spec, int(plan.external_id), first_id,
                                      self.telegram.expect_callback)
            person: TelegramPerson | SlackPerson = TelegramPerson(
                plan.external_id, updates, webhook, hands)
        else:
            hands = Hands(self.slack.log, self.adversity, background, rng)
            channel = self.slack.dm(plan.external_id)
            payloads = SlackPayloads(TEAM_ID, plan.external_id, channel, first_id)
            person = SlackPerson(channel, payloads, endpoint, hands)
        return Pledger(plan, person, hands.log, self.fleet, self.deadline)

    async def _reminders(self, engine: sa.Engine) -> bool:
        """Until every due pledge's reminder is queued and none is still being sent."""
        self.due = figures.mark_due(engine)
        workers = [slot.name for slot in self.fleet.of_role(WORKER)]
        typical = max(1, self.due // (2 * len(workers)))
        specs = kill_specs(self.rng, workers, self.config.worker_kills, typical,
                           trap_share=0.8)
        stop = asyncio.Event()
        killer = asyncio.create_task(run_kills(self.fleet, self.traps, specs, stop))
        finished = await _until(lambda: figures.reminders_settled(engine),
                                deadline=self.deadline, every=0.2)
        stop.set()
        await killer
        self.fleet.close(WORKER)
        return finished

    def _journey_figures(self, engine: sa.Engine, outcomes: list[Outcome],
                         stats: dict[str, DeliveryStats]) -> None:
        self.outcomes = outcomes
        texts = {o.chat: self._log_of(o.plan).texts_of(o.chat) for o in outcomes}
        pledges = figures.pledge_tally(engine, outcomes, texts)
        reports = figures.report_tally(engine, outcomes, texts)
        failing = ("duplicated", "lost", "altered")
        self.report.tally("pledges", pledges, failing, SPEC_KEYS)
        self.report.tally("reports", reports, failing, SPEC_KEYS)
        self.report.pledgers(outcomes, pledges.counts["altered"] + reports.counts["altered"])
        self.report.adversity(self.adversity.counts)
        self.report.deliveries(stats["telegram"], stats["slack"], self.late_cancelled)

    def _log_of(self, plan: Plan) -> ChatLog:
        return self.telegram.log if plan.channel == TELEGRAM else self.slack.log

    def _reminder_figures(self, engine: sa.Engine, outcomes: list[Outcome],
                          finished: bool) -> None:
        chats = {(o.plan.channel, o.plan.external_id): o.chat for o in outcomes}
        owners = figures.owners_of_pledges(engine, chats)
        sightings = self.telegram.log.sightings() + self.slack.log.sightings()
        reminders = figures.reminder_tally(engine, self.due, owners, sightings)
        self.report.tally("reminders", reminders, ("sent twice", "missing", "elsewhere"),
                          ("due", "sent once", "sent twice", "missing", "uncertain"))
        if not finished:
            self.report.problems.append("the reminders were not all sent in time")
        self.report.kills(self.fleet, finished and all(o.finished for o in outcomes))
        self.report.refused([(call.method, why) for call, why in
                             self.telegram.refused + self.slack.refused])
        self.report.problems += [f"a fake failed: {e}" for e in self.router.errors]
        self.report.line(f"processes: {self.config.serve_processes} serve + "
                         f"{self.config.worker_processes} worker, lease "
                         f"{self.config.lease_seconds:g}s")
        self.report.line(f"time: journeys {self.timings.get('journeys', 0):.0f}s, "
                         f"reminders {self.timings.get('reminders', 0):.0f}s")
