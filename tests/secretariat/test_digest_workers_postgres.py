"""Digest workers on the local PostgreSQL: three worker processes, the first killed
while it sends the day's digest to a Telegram group, the other two started after it;
each destination (the group and a mailbox on a real SMTP server) got the digest once:
the one cut off mid-send is `uncertain`, never sent again, the other is sent."""

from __future__ import annotations

import email
import os
import signal
import socket
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from email.policy import default
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from storage.db import Database
from storage.migrations import upgrade
from storage.models import DigestOutbox, Organization, Pledge, Pledger
from tests.fakes.http_server import serving
from tests.fakes.telegram_api import FakeTelegram
from tests.handlers.telegram_harness import TOKEN

pytestmark = pytest.mark.postgres

P2C_BOT = str(Path(sys.executable).parent / "p2c-bot")
GROUP_CHAT = -100555
WORKER_SECONDS = 60


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _seed(url: str) -> None:
    upgrade(url)
    db = Database(url)
    with db.transaction() as session:
        organization = Organization(name="Sahel Connect", name_key="sahel connect",
                                    sector="civil_society", country="SEN")
        session.add(organization)
        session.flush()
        pledger = Pledger(channel="telegram", external_id="9001",
                          organization_id=organization.id)
        session.add(pledger)
        session.flush()
        session.add_all(Pledge(
            reference=f"P2C-2026-{i + 1:05d}", organization_id=organization.id,
            pledger_id=pledger.id, focus_area="access", pillar="infrastructure",
            pledge_type="financial", title=f"Pledge {i}", description="A pledge.",
            status="approved", start_date=date(2027, 1, 1),
            submitted_at=datetime.now(UTC) - timedelta(hours=30))
            for i in range(3))
    db.dispose()


def _worker(url: str, api_url: str, smtp_port: int, tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "P2C_TELEGRAM_TOKEN": TOKEN,
           "P2C_TELEGRAM_API_URL": api_url, "P2C_WORKER_TICK_SECONDS": "0.2",
           "P2C_WORKER_LEASE_SECONDS": "2", "P2C_LOG_LEVEL": "WARNING",
           "P2C_DIGEST_CADENCE": "daily", "P2C_DIGEST_HOUR": "0",
           "P2C_DIGEST_TIME_ZONE": "UTC", "P2C_DIGEST_TELEGRAM_CHAT": str(GROUP_CHAT),
           "P2C_DIGEST_EMAIL_TO": "p2c@itu.example", "P2C_SMTP_HOST": "127.0.0.1",
           "P2C_SMTP_PORT": str(smtp_port), "P2C_SMTP_STARTTLS": "false"}
    return subprocess.Popen([P2C_BOT, "worker", "--until-idle"], cwd=tmp_path, env=env)


@pytest.mark.slow
def test_a_worker_killed_mid_digest_and_two_more_send_each_destination_one_digest(
        postgres_url: str, tmp_path: Path) -> None:
    _seed(postgres_url)
    inbox, port = Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    fake = FakeTelegram(hold_call=1)
    try:
        with serving(fake.app) as url:
            first = _worker(postgres_url, f"{url}/bot", port, tmp_path)
            assert fake.held.wait(WORKER_SECONDS), "the worker never began the digest"
            first.send_signal(signal.SIGKILL)
            first.wait()
            fake.release.set()
            others = [_worker(postgres_url, f"{url}/bot", port, tmp_path) for _ in range(2)]
            for worker in others:
                assert worker.wait(timeout=WORKER_SECONDS) == 0
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    assert inbox.messages[0]["Subject"].startswith("Partner2Connect digest")
    to_group = [c for c in fake.calls_of("sendMessage") if int(c.params["chat_id"]) == GROUP_CHAT]
    assert len(to_group) == 1, "the digest cut off mid-send is not sent again"
    assert not fake.calls_of("sendDocument")
    db = Database(postgres_url)
    with db.transaction() as session:
        statuses = Counter((r.destination.split(":")[0], r.status)
                           for r in session.exec(select(DigestOutbox)))
    db.dispose()
    assert statuses == {("telegram", "uncertain"): 1, ("email", "sent"): 1}
    assert not fake.refused
