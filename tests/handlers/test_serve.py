"""`p2c-bot serve` as an operator runs it: a real process on a real port, its Bot API
calls going to the fake over HTTP; killed mid-pledge and started again."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from storage.migrations import upgrade
from tests.fakes.http_server import free_port, serving
from tests.fakes.telegram_api import FakeTelegram
from tests.handlers.telegram_harness import SECRET, TOKEN, USER_ID

P2C_BOT = str(Path(sys.executable).parent / "p2c-bot")
STARTUP_SECONDS = 30


@pytest.fixture
def fake_over_http() -> Iterator[tuple[FakeTelegram, str]]:
    fake = FakeTelegram()
    with serving(fake.app) as url:
        yield fake, f"{url}/bot"
    assert not fake.refused, fake.refused


def _serve(database_url: str, api_url: str, port: int, cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "P2C_TELEGRAM_TOKEN": TOKEN,
           "P2C_TELEGRAM_WEBHOOK_SECRET": SECRET, "P2C_TELEGRAM_API_URL": api_url,
           "PORT": str(port), "P2C_LOG_LEVEL": "WARNING"}
    process = subprocess.Popen([P2C_BOT, "serve"], cwd=cwd, env=env)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("p2c-bot serve did not become healthy")


def _message(update_id: int, text: str) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 1_790_000_000, "text": text,
        "chat": {"id": USER_ID, "type": "private", "first_name": "Amina"},
        "from": {"id": USER_ID, "is_bot": False, "first_name": "Amina"}}}


@pytest.mark.slow
def test_the_web_process_survives_a_restart_mid_pledge(fake_over_http, tmp_path: Path) -> None:
    fake, api_url = fake_over_http
    database_url = f"sqlite:///{tmp_path / 'serve.db'}"
    upgrade(database_url)
    port = free_port()
    webhook = f"http://127.0.0.1:{port}/telegram/webhook"
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}

    process = _serve(database_url, api_url, port, tmp_path)
    try:
        assert httpx.post(webhook, json=_message(1, "/pledge")).status_code == 403
        for update_id, text in ((2, "hello"), (3, "Sahel Connect")):
            assert httpx.post(webhook, json=_message(update_id, text),
                              headers=headers).status_code == 200
    finally:
        process.kill()
        process.wait()

    process = _serve(database_url, api_url, port, tmp_path)
    try:
        assert httpx.post(webhook, json=_message(4, "3"), headers=headers).status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
    texts = [c.params["text"] for c in fake.calls_of("sendMessage")]
    assert texts[0].startswith("Welcome to Partner2Connect!")
    assert texts[1].startswith("What is the name of your organization?")
    assert texts[2].startswith("Which sector")
    assert texts[3].startswith("In which country is your organization based?")
