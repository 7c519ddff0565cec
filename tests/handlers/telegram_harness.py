"""Drives the real web app (Starlette + python-telegram-bot) with webhook updates from a
pretend Telegram user, while PTB talks to the fake Bot API."""

from __future__ import annotations

import itertools
import time
from typing import Any

import httpx
from starlette.testclient import TestClient
from telegram.request import HTTPXRequest

from bot.flows.model import Choice, Pick, Text
from bot.handlers.telegram import build_application
from bot.server import SECRET_HEADER, create_web_app
from bot.turns import TurnRunner
from tests.fakes.telegram_api import FakeTelegram
from tests.flows.journey import PLEDGE_ANSWERS

TOKEN = "123456:TEST-TOKEN"
API_URL = "http://telegram.test/bot"
SECRET = "webhook-secret-0123456789"
USER_ID = 424242


def plain(data: str | None) -> str | None:
    """A button's data without the token that binds it to its question."""
    return None if data is None else Choice(data, "").plain_id


class TelegramUser:
    """One person in a private chat with the bot; every update is spec-checked first."""

    _update_ids = itertools.count(1000)

    def __init__(self, client: TestClient, fake: FakeTelegram, user_id: int = USER_ID,
                 language_code: str = "en", chat_id: int | None = None) -> None:
        self.client = client
        self.fake = fake
        self.user = {"id": user_id, "is_bot": False, "first_name": "Amina",
                     "last_name": "Diallo", "language_code": language_code}
        self.chat_id = chat_id or user_id

    def post(self, update: dict[str, Any], secret: str | None = SECRET) -> httpx.Response:
        problems = self.fake.spec.check_object("Update", update)
        assert not problems, f"the test built an off-spec update: {problems}"
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        return self.client.post("/telegram/webhook", json=update, headers=headers)

    def update(self, **content: Any) -> dict[str, Any]:
        return {"update_id": next(self._update_ids), **content}

    def message(self, **content: Any) -> dict[str, Any]:
        chat = {"id": self.chat_id, "type": "private", "first_name": "Amina"} \
            if self.chat_id > 0 else {"id": self.chat_id, "type": "group", "title": "Partners"}
        return self.update(message={"message_id": next(self._update_ids), "date": int(time.time()),
                                    "chat": chat, "from": self.user, **content})

    def says(self, text: str) -> httpx.Response:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            content["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split()[0])}]
        response = self.post(self.message(**content))
        assert response.status_code == 200, response.text
        return response

    def presses(self, label_or_data: str) -> httpx.Response:
        """Presses the button (by its text or data) on the newest message showing it."""
        for message in sorted(self.fake.messages.values(), key=lambda m: -m["message_id"]):
            if message["chat"]["id"] != self.chat_id:
                continue
            for row in message.get("reply_markup", {}).get("inline_keyboard", []):
                for button in row:
                    if label_or_data in (button["text"], plain(button.get("callback_data"))):
                        return self.press(message, button["callback_data"])
        raise AssertionError(f"no button {label_or_data!r} in {self.buttons()}")

    def press(self, message: dict[str, Any], data: str) -> httpx.Response:
        response = self.post(self.callback(message, data))
        assert response.status_code == 200, response.text
        return response

    def callback(self, message: dict[str, Any], data: str) -> dict[str, Any]:
        """The update Telegram sends for a press of the button `data` on `message`."""
        query_id = f"cq-{next(self._update_ids)}"
        self.fake.expect_callback(query_id)
        return self.update(callback_query={
            "id": query_id, "from": self.user, "message": message,
            "chat_instance": f"ci-{self.chat_id}", "data": data})

    def button_on(self, message: dict[str, Any], choice_id: str) -> str:
        """The callback data of the button `choice_id` on `message`."""
        return next(b["callback_data"] for row in message["reply_markup"]["inline_keyboard"]
                    for b in row if plain(b.get("callback_data")) == choice_id)

    def pledge_until_review(self) -> None:
        """Registers and answers every pledge question (tests/flows/journey.py)."""
        self.pledge_until("review")

    def pledge_until(self, stop_at: str) -> None:
        """Registers and answers the pledge questions before `stop_at`."""
        self.says("/start")
        self.says("Sahel Connect")
        self.presses("private")
        self.says("Senegal")
        self.presses("tz:Africa/Dakar")
        for step, given in PLEDGE_ANSWERS:
            if step == stop_at:
                return
            if isinstance(given, Pick):
                self.presses(given.choice_id)
            elif isinstance(given, Text):
                self.says(given.text)
            else:
                self.says(f"/{given.name}")

    def buttons(self) -> list[str]:
        """The last message's buttons: their data without the question's token, or URL."""
        markup = self.fake.last_message(self.chat_id).get("reply_markup", {})
        return [plain(b.get("callback_data")) or b.get("url") for row in
                markup.get("inline_keyboard", []) for b in row]

    @property
    def last_text(self) -> str:
        return self.fake.last_message(self.chat_id)["text"]


def fake_request(fake: FakeTelegram) -> HTTPXRequest:
    """PTB's own HTTP client, its transport wired to the in-process fake."""
    return HTTPXRequest(httpx_kwargs={"transport": httpx.ASGITransport(fake.app)})


def fake_application(runner: TurnRunner, fake: FakeTelegram, *, polling: bool = False):
    return build_application(runner, TOKEN, base_url=API_URL, polling=polling,
                             request=fake_request(fake), get_updates_request=fake_request(fake))


def telegram_client(runner: TurnRunner, fake: FakeTelegram) -> TestClient:
    """The web app as `p2c-bot serve` builds it, its PTB requests going to the fake."""
    return TestClient(create_web_app(runner, fake_application(runner, fake), SECRET))
