"""The `p2c-bot` processes of one soak run: started as an operator would, killed with
SIGKILL when a trap or a timer says so, restarted after a short pause, and all stopped on
every way out of the run (`close`).

A process exiting on its own is a crash: recorded for the report, and restarted like a
killed one."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

P2C_BOT = str(Path(sys.executable).parent / "p2c-bot")
STARTUP_SECONDS = 30.0
STOP_SECONDS = 5.0
RESTART_PAUSE = (0.1, 0.8)
SERVE, WORKER = "serve", "worker"


@dataclass
class Slot:
    """One place in the fleet (`serve-1`, `worker-2`), filled by successive processes."""

    name: str
    role: str
    argv: list[str]
    env: dict[str, str]
    port: int | None = None
    process: subprocess.Popen[bytes] | None = None
    log: IO[bytes] | None = None
    killed_at: float | None = None
    ready: bool = False
    stopped: bool = False
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class Kill:
    slot: str
    reason: str
    at: float
    restarted: bool = False


@dataclass
class Fleet:
    workdir: Path
    slots: dict[str, Slot] = field(default_factory=dict)
    kills: list[Kill] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, slot: Slot) -> Slot:
        self.slots[slot.name] = slot
        return slot

    def of_role(self, role: str) -> list[Slot]:
        return [s for s in self.slots.values() if s.role == role]

    async def start(self, slot: Slot) -> None:
        """Starts the slot's process; a web process counts as started once healthy."""
        slot.log = slot.log or (self.workdir / f"{slot.name}.log").open("ab")
        slot.process = subprocess.Popen(slot.argv, cwd=self.workdir, env=slot.env,
                                        stdout=slot.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        slot.starts += 1
        slot.stopped = False
        if slot.role == SERVE:
            await self._healthy(slot)
        slot.ready = slot.running()

    async def _healthy(self, slot: Slot) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        async with httpx.AsyncClient(timeout=2) as client:
            while time.monotonic() < deadline:
                if not slot.running():
                    return  # killed or crashed while starting: the supervisor sees it
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get(f"{slot.url}/healthz")).status_code == 200:
                        return
                await asyncio.sleep(0.1)
        raise RuntimeError(f"{slot.name} did not become healthy in {STARTUP_SECONDS:.0f}s; "
                           f"see {self.workdir / (slot.name + '.log')}")

    def kill(self, name: str, reason: str) -> bool:
        """SIGKILL the slot's process now (any thread). False when it is not running."""
        with self._lock:
            slot = self.slots.get(name)
            if slot is None or not slot.running() or slot.killed_at is not None:
                return False
            assert slot.process is not None
            os.kill(slot.process.pid, signal.SIGKILL)
            slot.killed_at = time.monotonic()
            slot.ready = False
            self.kills.append(Kill(name, reason, slot.killed_at))
            return True

    def killed_since(self, name: str, since: float) -> bool:
        """Whether the slot was killed after `since` (a pledger's request it had taken)."""
        with self._lock:
            return any(k.slot == name and k.at >= since for k in self.kills)

    async def supervise(self, rng: random.Random) -> None:
        """Restarts what died until cancelled: a killed process after a short pause."""
        while True:
            for slot in list(self.slots.values()):
                if slot.process is None or slot.running() or slot.stopped:
                    continue
                await self._after_exit(slot, rng)
            await asyncio.sleep(0.05)

    async def _after_exit(self, slot: Slot, rng: random.Random) -> None:
        assert slot.process is not None
        slot.ready = False
        code = slot.process.returncode
        if slot.killed_at is None:
            self.crashes.append(f"{slot.name} exited with {code} on its own")
        await asyncio.sleep(rng.uniform(*RESTART_PAUSE))
        with self._lock:
            slot.killed_at = None
        await self.start(slot)
        with self._lock:
            for kill in self.kills:
                if kill.slot == slot.name:
                    kill.restarted = True

    def close(self, role: str | None = None) -> None:
        """Stops every process (of `role`) still running: TERM, then KILL after a grace
        period. Their slots stay, so figures can still name them."""
        chosen = [s for s in self.slots.values() if role is None or s.role == role]
        for slot in chosen:
            slot.stopped = True
        running = [s for s in chosen if s.running()]
        for slot in running:
            assert slot.process is not None
            with contextlib.suppress(ProcessLookupError):
                slot.process.terminate()
        deadline = time.monotonic() + STOP_SECONDS
        for slot in running:
            assert slot.process is not None
            try:
                slot.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                slot.process.kill()
                slot.process.wait()
        for slot in chosen:
            if slot.log is not None:
                slot.log.close()
                slot.log = None
