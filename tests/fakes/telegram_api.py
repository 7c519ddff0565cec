"""A strict, in-process fake of the Telegram Bot API for python-telegram-bot to talk to.

Every call is checked against the official specification (method, parameter names and
types, nested objects) and the documented limits; a call the real API would refuse is
refused the same way (400 "Bad Request: ...") and remembered in `refused`, which tests
check is empty. Answers are objects of the specification's shape (checked too)."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.telegram_spec import TelegramSpec, check_limits, parse_html

DOWNLOAD_LIMIT = 20 * 1024 * 1024
"""The largest file a bot may download: getFile refuses bigger ones (Bot API docs)."""
BOT_USER = {"id": 777000111, "is_bot": True, "first_name": "P2C", "username": "p2c_test_bot",
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False}


@dataclass
class Call:
    method: str
    params: dict[str, str]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """Uploaded files by field: (file name, content)."""
    token: str = ""

    def json(self, name: str) -> Any:
        return json.loads(self.params[name])


@dataclass
class FakeTelegram:
    spec: TelegramSpec = field(default_factory=TelegramSpec)
    calls: list[Call] = field(default_factory=list)
    refused: list[tuple[Call, str]] = field(default_factory=list)
    messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    callback_queries: dict[str, bool] = field(default_factory=dict)
    failures: dict[str, list[tuple[int, str, int | None]]] = field(default_factory=dict)
    hold_call: int | None = None
    messages_per_second: float | None = None
    too_many_requests: int = 0
    delivered_at: list[float] = field(default_factory=list)
    _recent_sends: list[float] = field(default_factory=list)
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    pending_updates: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    """Files users sent, by file_id: their bytes and the file_path getFile gives."""
    downloads: list[str] = field(default_factory=list)
    _handed_out: dict[tuple[str, str], str] = field(default_factory=dict)
    """(token, file_path) pairs getFile handed out: only those can be downloaded."""
    _message_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _answered: asyncio.Condition | None = None

    @property
    def app(self) -> Starlette:
        return Starlette(routes=[Route("/bot{token}/{method}", self._endpoint,
                                       methods=["POST", "GET"]),
                                 Route("/file/bot{token}/{file_path:path}", self._download,
                                       methods=["GET"])])

    def add_file(self, content: bytes, file_path: str) -> str:
        """A file a user sent, as Telegram holds it; its file_id."""
        file_id = f"AgACAgQAAxkBAAI{len(self.files):04d}"
        self.files[file_id] = (content, file_path)
        return file_id

    async def _download(self, request: Request) -> Response:
        """The file URL: only a path getFile handed out, with the same bot's token."""
        key = (request.path_params["token"], request.path_params["file_path"])
        if key not in self._handed_out:
            self.refused.append((Call("download", {"file_path": key[1]}), "404 Not Found"))
            return JSONResponse({"ok": False, "error_code": 404,
                                 "description": "Not Found"}, status_code=404)
        self.downloads.append(key[1])
        content, _ = self.files[self._handed_out[key]]
        return Response(content, media_type="application/octet-stream")

    def fail_next(self, method: str, status: int, description: str,
                  retry_after: int | None = None) -> None:
        """The next call of `method` gets this error, as the real API would send it."""
        self.failures.setdefault(method, []).append((status, description, retry_after))

    def expect_callback(self, query_id: str) -> None:
        self.callback_queries[query_id] = False

    def sent_to(self, chat_id: int) -> list[Call]:
        return [c for c in self.calls_of("sendMessage") if int(c.params["chat_id"]) == chat_id]

    async def wait_for(self, method: str, timeout: float = 10) -> Call:
        """The first successful call of `method`, waiting for it (polling tests)."""
        condition = self._condition()
        async with condition:
            await asyncio.wait_for(condition.wait_for(lambda: self._answered_calls(method)),
                                   timeout)
            return self._answered_calls(method)[0]

    def _answered_calls(self, method: str) -> list[Call]:
        refused = {id(call) for call, _ in self.refused}
        return [c for c in self.calls_of(method) if id(c) not in refused]

    def _condition(self) -> asyncio.Condition:
        if self._answered is None:
            self._answered = asyncio.Condition()
        return self._answered

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def unanswered_callbacks(self) -> list[str]:
        return [q for q, answered in self.callback_queries.items() if not answered]

    def last_message(self, chat_id: int) -> dict[str, Any]:
        return max((m for (c, _), m in self.messages.items() if c == chat_id),
                   key=lambda m: m["message_id"])

    def visible_text(self, chat_id: int) -> list[str]:
        return [m["text"] for (c, _), m in sorted(self.messages.items()) if c == chat_id]

    async def _endpoint(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        form = await request.form()
        files = {k: (v.filename or "", await v.read()) for k, v in form.items()
                 if isinstance(v, UploadFile)}
        call = Call(method, {k: ("attach" if k in files else str(v)) for k, v in form.items()},
                    files)
        call.token = request.path_params["token"]
        self.calls.append(call)
        errors = self.spec.check_call(method, call.params)
        if not errors:
            errors = check_limits(method, call.params)
        if errors:
            return self._refuse(call, 400, "Bad Request: " + "; ".join(errors))
        if self.failures.get(method):
            status, description, retry_after = self.failures[method].pop(0)
            return self._error(status, description, retry_after)
        if method == "sendMessage" and self._over_rate_limit():
            self.too_many_requests += 1
            return self._error(429, "Too Many Requests: retry after 1", retry_after=1)
        if self.hold_call is not None and method == "sendMessage" and \
                len(self.calls_of(method)) == self.hold_call:
            self.held.set()
            await asyncio.to_thread(self.release.wait, 60)
        if method == "getUpdates":
            await self._long_poll(call)
        handler = getattr(self, f"_{method}", None)
        if handler is None:
            return self._refuse(call, 400, f"Bad Request: the fake does not serve {method}")
        try:
            result = handler(call)
        except BadRequestError as error:
            return self._refuse(call, 400, f"Bad Request: {error}", expected=error.expected)
        returns = self.spec.methods[method]["returns"]
        if isinstance(result, dict):
            problems = self.spec.check_object(returns[0], result)
            assert not problems, f"the fake answered {method} off-spec: {problems}"
        if method == "sendMessage":
            self.delivered_at.append(time.monotonic())
        async with self._condition():
            self._condition().notify_all()
        return JSONResponse({"ok": True, "result": result})

    def _over_rate_limit(self) -> bool:
        """Telegram answers 429 to a bot sending more than its limit within a second."""
        if self.messages_per_second is None:
            return False
        now = time.monotonic()
        self._recent_sends = [t for t in self._recent_sends if now - t < 1.0]
        if len(self._recent_sends) >= self.messages_per_second:
            return True
        self._recent_sends.append(now)
        return False

    def _refuse(self, call: Call, status: int, description: str,
                expected: bool = False) -> JSONResponse:
        if not expected:
            self.refused.append((call, description))
        return self._error(status, description)

    @staticmethod
    def _error(status: int, description: str, retry_after: int | None = None) -> JSONResponse:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return JSONResponse(body, status_code=status)

    def _getFile(self, call: Call) -> dict[str, Any]:  # noqa: N802
        """A file's path for the download URL; files over 20 MB are refused."""
        file_id = call.params["file_id"]
        if file_id not in self.files:
            raise BadRequestError("wrong file_id or the file is temporarily unavailable")
        content, file_path = self.files[file_id]
        if len(content) > DOWNLOAD_LIMIT:
            raise BadRequestError("file is too big", expected=True)
        self._handed_out[(call.token, file_path)] = file_id
        return {"file_id": file_id, "file_unique_id": f"uq{file_id[-8:]}",
                "file_size": len(content), "file_path": file_path}

    def _getMe(self, call: Call) -> dict[str, Any]:  # noqa: N802 - Bot API method names
        return dict(BOT_USER)

    def _setMyCommands(self, call: Call) -> bool:  # noqa: N802
        return True

    def _setWebhook(self, call: Call) -> bool:  # noqa: N802
        return True

    def _deleteWebhook(self, call: Call) -> bool:  # noqa: N802
        return True

    async def _long_poll(self, call: Call) -> None:
        """As the real getUpdates does, hold the request for up to `timeout` seconds while
        no update is pending, so PTB's Updater does not spin answering itself."""
        offset = int(call.params.get("offset", 0))
        condition = self._condition()
        async with condition:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(condition.wait_for(
                    lambda: any(u["update_id"] >= offset for u in self.pending_updates)),
                    float(call.params.get("timeout", 0)))

    def _getUpdates(self, call: Call) -> list[dict[str, Any]]:  # noqa: N802
        """Hands out queued updates from `offset` on, as the real long poll does."""
        offset = int(call.params.get("offset", 0))
        self.pending_updates = [u for u in self.pending_updates if u["update_id"] >= offset]
        return self.pending_updates[: int(call.params.get("limit", 100))]

    def _answerCallbackQuery(self, call: Call) -> bool:  # noqa: N802
        query_id = call.params["callback_query_id"]
        if query_id not in self.callback_queries:
            raise BadRequestError("query is too old and response timeout expired or query ID "
                                  "is invalid")
        self.callback_queries[query_id] = True
        return True

    def _sendMessage(self, call: Call) -> dict[str, Any]:  # noqa: N802
        chat_id = int(call.params["chat_id"])
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": _chat(chat_id), "from": dict(BOT_USER)}
        self._write(message, call)
        self.messages[(chat_id, message["message_id"])] = message
        return message

    def _sendDocument(self, call: Call) -> dict[str, Any]:  # noqa: N802
        """A file sent with the message: it must be an upload with a name."""
        name, content = self._upload(call, "document")
        return self._file_message(call, {"document": {
            "file_id": f"doc{len(self.calls)}", "file_unique_id": f"u{len(self.calls)}",
            "file_name": name, "file_size": len(content)}})

    def _sendPhoto(self, call: Call) -> dict[str, Any]:  # noqa: N802
        _, content = self._upload(call, "photo")
        if not content.startswith(b"\x89PNG") and not content.startswith(b"\xff\xd8"):
            raise BadRequestError("IMAGE_PROCESS_FAILED")
        return self._file_message(call, {"photo": [{
            "file_id": f"photo{len(self.calls)}", "file_unique_id": f"p{len(self.calls)}",
            "width": 720, "height": 540, "file_size": len(content)}]})

    @staticmethod
    def _upload(call: Call, name: str) -> tuple[str, bytes]:
        if name not in call.files:
            raise BadRequestError(f"there is no {name} in the request")
        filename, content = call.files[name]
        if not content:
            raise BadRequestError("file must be non-empty")
        if len(content) > 50 * 1024 * 1024:
            raise BadRequestError("Request Entity Too Large")
        return filename, content

    def _file_message(self, call: Call, media: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(call.params["chat_id"])
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": _chat(chat_id), "from": dict(BOT_USER), **media}
        if "caption" in call.params:
            message["caption"] = parse_html(call.params["caption"])[0] \
                if call.params.get("parse_mode") else call.params["caption"]
        self.messages[(chat_id, message["message_id"])] = {**message, "text": ""}
        return message

    def _editMessageText(self, call: Call) -> dict[str, Any]:  # noqa: N802
        key = (int(call.params["chat_id"]), int(call.params["message_id"]))
        if key not in self.messages:
            raise BadRequestError("message to edit not found")
        message = self.messages[key]
        before = (message.get("text"), message.get("reply_markup"))
        edited = dict(message)
        self._write(edited, call)
        if (edited.get("text"), edited.get("reply_markup")) == before:
            raise BadRequestError("message is not modified: specified new message content "
                                  "and reply markup are exactly the same as a current content "
                                  "and reply markup of the message", expected=True)
        edited["edit_date"] = int(time.time())
        self.messages[key] = edited
        return edited

    @staticmethod
    def _write(message: dict[str, Any], call: Call) -> None:
        text = call.params["text"]
        message["text"] = parse_html(text)[0] if call.params.get("parse_mode") else text
        if "reply_markup" in call.params:
            message["reply_markup"] = call.json("reply_markup")
        else:
            message.pop("reply_markup", None)


class BadRequestError(Exception):
    def __init__(self, message: str, expected: bool = False) -> None:
        super().__init__(message)
        self.expected = expected


def _chat(chat_id: int) -> dict[str, Any]:
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "Pledger"}
    return {"id": chat_id, "type": "group", "title": "P2C partners"}
