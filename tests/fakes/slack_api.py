"""A strict fake of the Slack Web API, served over HTTP for slack_sdk's aiohttp client.

Each call is checked against the official OpenAPI description (method, parameter names,
types, the token) and Block Kit's documented limits; answers are validated against the
method's documented success schema. What Slack would refuse is refused the same way
({"ok": false, "error": ...}) and remembered in `refused`."""

from __future__ import annotations

import itertools
import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft4Validator
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.fakes.specs import load_spec

BOT_TOKEN = "xoxb-test-0000"
TEAM_ID = "T0P2CTEAM"
BOT_USER_ID = "U0P2CBOT0"
JSON_PARAMETERS = {"blocks", "attachments", "view"}
# Arguments Slack's method pages document but the (older) OpenAPI file lacks. Each is
# listed by name, so anything else the file does not know is still refused.
# `team_id` is accepted by every method ("required if an org-level token is used"); Bolt's
# client sends it with each call once it knows the workspace.
DOCUMENTED_BEYOND_SPEC = {"team_id"}
# Methods newer than the OpenAPI file: files.upload was retired (2025) for this pair
# and an upload to the URL the first returns. Their documented required arguments.
METHODS_BEYOND_SPEC = {
    "files.getUploadURLExternal": {"required": {"filename", "length"},
                                   "optional": {"alt_txt", "snippet_type", "team_id"}},
    "files.completeUploadExternal": {"required": {"files"},
                                     "optional": {"channel_id", "channels", "initial_comment",
                                                  "thread_ts", "team_id"}},
}
UPLOAD_PATH = "/upload/v1/"
DOWNLOAD_PATH = "/files-pri/"
SIGN_IN_PAGE = "<!DOCTYPE html><html><head><title>Sign in | Slack</title></head></html>"


@dataclass
class SlackCall:
    method: str
    params: dict[str, Any]


@dataclass
class SlackUser:
    id: str
    name: str
    real_name: str
    tz: str = "Europe/Paris"
    locale: str = "en-US"
    deleted: bool = False


@dataclass
class FakeSlack:
    users: dict[str, SlackUser] = field(default_factory=dict)
    calls: list[SlackCall] = field(default_factory=list)
    refused: list[tuple[SlackCall, str]] = field(default_factory=list)
    messages: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    failures: dict[str, list[str]] = field(default_factory=dict)
    uploads: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Files by id: name, declared length, bytes received, and where they were shared."""
    shared: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Files members shared with the bot, by id: their file object and bytes."""
    downloads: list[str] = field(default_factory=list)
    base_url: str = "http://slack.test"
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def __post_init__(self) -> None:
        spec = load_spec("slack-web-api.openapi.json")
        self.paths = spec["paths"]
        self.definitions = spec["definitions"]

    @property
    def app(self) -> Starlette:
        return Starlette(routes=[Route(UPLOAD_PATH + "{file_id}", self._upload,
                                       methods=["POST"]),
                                 Route(DOWNLOAD_PATH + "{team_file}/download/{name}",
                                       self._download, methods=["GET"]),
                                 Route("/signin", self._sign_in, methods=["GET"]),
                                 Route("/api/{method}", self._endpoint,
                                       methods=["GET", "POST"])])

    def share_file(self, user: str, name: str, mimetype: str, content: bytes) -> dict[str, Any]:
        """A file a member shares in the bot's DM; the file object a message event
        carries for it."""
        file_id = f"F0STORY{len(self.shared):04d}"
        slug = re.sub(r"[^A-Za-z0-9._-]", "_", name)  # as Slack's file URLs carry a name
        item = {"id": file_id, "name": name, "title": name, "mimetype": mimetype,
                "filetype": name.rsplit(".", 1)[-1] if "." in name else "binary",
                "size": len(content), "user": user, "created": 1_790_000_000,
                "timestamp": 1_790_000_000, "is_external": False, "is_public": False,
                "mode": "hosted",
                "url_private": f"{self.base_url}{DOWNLOAD_PATH}{TEAM_ID}-{file_id}/{slug}",
                "url_private_download":
                    f"{self.base_url}{DOWNLOAD_PATH}{TEAM_ID}-{file_id}/download/{slug}"}
        self.shared[file_id] = {"file": item, "content": content}
        return dict(item)

    async def _download(self, request: Request) -> Response:
        """A file's bytes for a request with the bot token; without it Slack sends the
        browser to its sign-in page (an HTML page answered 200), as here."""
        file_id = request.path_params["team_file"].removeprefix(f"{TEAM_ID}-")
        if request.headers.get("authorization") != f"Bearer {BOT_TOKEN}":
            self.refused.append((SlackCall("download", {"file": file_id}), "not_authed"))
            return RedirectResponse("/signin", status_code=302)
        if file_id not in self.shared:
            return HTMLResponse("Not found", status_code=404)
        self.downloads.append(file_id)
        return Response(self.shared[file_id]["content"],
                        media_type=self.shared[file_id]["file"]["mimetype"])

    async def _sign_in(self, request: Request) -> HTMLResponse:
        return HTMLResponse(SIGN_IN_PAGE)

    def fail_next(self, method: str, error: str) -> None:
        self.failures.setdefault(method, []).append(error)

    def calls_of(self, method: str) -> list[SlackCall]:
        return [c for c in self.calls if c.method == method]

    def wait_until(self, predicate, timeout: float = 10) -> None:
        """Bolt acknowledges first and works after; tests wait for the work's calls."""
        with self._changed:
            if not self._changed.wait_for(predicate, timeout):
                raise AssertionError(f"the bot did not get there in {timeout}s: {self.calls}")

    def wait_for_calls(self, method: str, count: int, timeout: float = 10) -> list[SlackCall]:
        self.wait_until(lambda: len(self.calls_of(method)) >= count, timeout)
        return self.calls_of(method)

    def dm(self, user_id: str) -> str:
        return "D" + user_id[1:].ljust(9, "0")

    def last_message(self, channel: str) -> dict[str, Any]:
        return max((m for (c, _), m in self.messages.items() if c == channel),
                   key=lambda m: m["ts"])

    async def _endpoint(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        params: dict[str, Any] = dict(request.query_params)
        body = await request.body()
        if body and request.headers.get("content-type", "").startswith("application/json"):
            params.update(json.loads(body))
        elif body:
            params.update((k, str(v)) for k, v in (await request.form()).items())
        call = SlackCall(method, params)
        with self._changed:
            self.calls.append(call)
            response = self._answer(call, request.headers.get("authorization", ""))
            self._changed.notify_all()
        return response

    async def _upload(self, request: Request) -> JSONResponse:
        """The upload URL takes the file's bytes (raw or as a form's file)."""
        file_id = request.path_params["file_id"]
        if file_id not in self.uploads:
            return JSONResponse({"ok": False, "error": "invalid_upload"}, status_code=404)
        body = await request.body()
        if request.headers.get("content-type", "").startswith("multipart/"):
            form = await request.form()
            body = await next(iter(form.values())).read()  # type: ignore[union-attr]
        self.uploads[file_id]["content"] = body
        return JSONResponse({"ok": True})

    def _beyond_spec(self, call: SlackCall) -> JSONResponse:
        known = METHODS_BEYOND_SPEC[call.method]
        problems = [f"missing {name}" for name in known["required"] if name not in call.params]
        problems += [f"unknown {name}" for name in call.params
                     if name not in known["required"] | known["optional"]]
        if problems:
            return self._refuse(call, "invalid_arguments", problems)
        if call.method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts):09d}"
            self.uploads[file_id] = {"name": call.params["filename"],
                                     "length": int(call.params["length"]), "content": None}
            return JSONResponse({"ok": True, "file_id": file_id,
                                 "upload_url": f"{self.base_url}{UPLOAD_PATH}{file_id}"})
        shared = []
        for item in _json(call.params["files"]):
            upload = self.uploads.get(item.get("id", ""))
            if upload is None or upload["content"] is None or \
                    len(upload["content"]) != upload["length"]:
                return self._refuse(call, "file_upload_incomplete")
            upload["channel"] = call.params.get("channel_id")
            shared.append({"id": item["id"], "name": upload["name"],
                           "title": item.get("title") or upload["name"]})
        return JSONResponse({"ok": True, "files": shared})

    def shared_files(self, channel: str) -> list[dict[str, Any]]:
        return [u for u in self.uploads.values() if u.get("channel") == channel]

    def _answer(self, call: SlackCall, authorization: str) -> JSONResponse:
        if call.method in METHODS_BEYOND_SPEC:
            if authorization != f"Bearer {BOT_TOKEN}":
                return self._refuse(call, "invalid_auth")
            return self._beyond_spec(call)
        path = self.paths.get(f"/{call.method}")
        if path is None:
            return self._refuse(call, "unknown_method")
        if authorization != f"Bearer {BOT_TOKEN}":
            return self._refuse(call, "invalid_auth")
        operation = next(iter(path.values()))
        problems = _parameter_problems(operation, call.params, DOCUMENTED_BEYOND_SPEC)
        problems += block_kit_problems(call)
        if problems:
            return self._refuse(call, "invalid_arguments", problems)
        if self.failures.get(call.method):
            return JSONResponse({"ok": False, "error": self.failures[call.method].pop(0)})
        try:
            result = getattr(self, "_" + call.method.replace(".", "_"))(call)
        except SlackError as error:
            return self._refuse(call, error.code, expected=error.expected)
        schema = {**operation["responses"]["200"]["schema"], "definitions": self.definitions}
        errors = [e.message for e in Draft4Validator(schema).iter_errors(result)]
        assert not errors, f"the fake answered {call.method} off-spec: {errors}"
        return JSONResponse(result)

    def _refuse(self, call: SlackCall, error: str, problems: list[str] | None = None,
                expected: bool = False) -> JSONResponse:
        if not expected:
            self.refused.append((call, f"{error}: {problems or ''}"))
        body: dict[str, Any] = {"ok": False, "error": error}
        if problems:
            body["response_metadata"] = {"messages": problems}
        return JSONResponse(body)

    def _auth_test(self, call: SlackCall) -> dict[str, Any]:
        return {"ok": True, "url": "https://p2c.slack.com/", "team": "P2C", "user": "p2c",
                "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": "B0P2CBOT00"}

    def _users_info(self, call: SlackCall) -> dict[str, Any]:
        user = self.users.get(call.params.get("user", ""))
        if user is None:
            raise SlackError("user_not_found")
        return {"ok": True, "user": {
            "id": user.id, "team_id": TEAM_ID, "name": user.name, "real_name": user.real_name,
            "deleted": user.deleted, "tz": user.tz, "tz_label": user.tz, "tz_offset": 3600,
            "locale": user.locale, "is_bot": False, "updated": 1_700_000_000,
            "profile": {"real_name": user.real_name, "display_name": user.name}}}

    def _conversations_open(self, call: SlackCall) -> dict[str, Any]:
        user_id = call.params.get("users", "")
        if user_id not in self.users:
            raise SlackError("user_not_found")
        if self.users[user_id].deleted:
            raise SlackError("account_inactive")
        return {"ok": True, "channel": {"id": self.dm(user_id)}}

    def _chat_postMessage(self, call: SlackCall) -> dict[str, Any]:  # noqa: N802
        channel = call.params["channel"]
        ts = f"{1_790_000_000 + next(self._ts)}.000100"
        message = {"type": "message", "ts": ts, "text": call.params.get("text", ""),
                   "user": BOT_USER_ID, "blocks": _blocks(call)}
        self.messages[(channel, ts)] = {**message, "channel": channel}
        return {"ok": True, "channel": channel, "ts": ts,
                "message": {k: v for k, v in message.items() if k != "blocks"}}

    def _chat_update(self, call: SlackCall) -> dict[str, Any]:
        key = (call.params["channel"], call.params["ts"])
        if key not in self.messages:
            raise SlackError("message_not_found")
        self.messages[key] = {**self.messages[key], "text": call.params.get("text", ""),
                              "blocks": _blocks(call), "edited": True}
        return {"ok": True, "channel": key[0], "ts": key[1], "text": call.params.get("text", ""),
                "message": {"text": call.params.get("text", "")}}

    def _files_info(self, call: SlackCall) -> dict[str, Any]:
        shared = self.shared.get(call.params.get("file", ""))
        if shared is None:
            raise SlackError("file_not_found")
        return {"ok": True, "file": dict(shared["file"]), "comments": []}

    def _views_open(self, call: SlackCall) -> dict[str, Any]:
        return {"ok": True, "view": {"id": f"V{next(self._ts):09d}",
                                     **_json(call.params["view"])}}

    def _views_publish(self, call: SlackCall) -> dict[str, Any]:
        return {"ok": True, "view": {"id": f"V{next(self._ts):09d}",
                                     **_json(call.params["view"])}}


class SlackError(Exception):
    def __init__(self, code: str, expected: bool = False) -> None:
        super().__init__(code)
        self.code = code
        self.expected = expected


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _blocks(call: SlackCall) -> list[dict[str, Any]]:
    return _json(call.params.get("blocks", "[]"))


def _parameter_problems(operation: dict[str, Any], params: dict[str, Any],
                        also_allowed: set[str]) -> list[str]:
    declared = {p["name"]: p for p in operation.get("parameters", [])}
    # The token may always come as `Authorization: Bearer`, which `_answer` checks.
    declared |= {name: {"name": name, "type": "string", "in": "formData"}
                 for name in also_allowed}
    problems = [f"unknown parameter {name}" for name in params if name not in declared]
    problems += [f"missing {name}" for name, p in declared.items()
                 if p.get("required") and p["in"] != "header" and name != "token"
                 and name not in params]
    for name, value in params.items():
        kind = declared.get(name, {}).get("type")
        if kind == "boolean" and value not in (True, False, "true", "false", "1", "0", 1, 0):
            problems.append(f"{name} is not a boolean")
        elif kind == "integer" and not str(value).lstrip("-").isdigit():
            problems.append(f"{name} is not an integer")
        elif kind == "string" and not isinstance(value, str) and name not in JSON_PARAMETERS:
            problems.append(f"{name} is not a string")
    return problems


def block_kit_problems(call: SlackCall) -> list[str]:
    """Block Kit limits from Slack's documentation (the OpenAPI file leaves blocks loose)."""
    surfaces = []
    if "blocks" in call.params:
        surfaces.append(("message", _blocks(call), 50))
    if "view" in call.params:
        view = _json(call.params["view"])
        surfaces.append((view.get("type", "?"), view.get("blocks", []), 100))
        problems = [f"view title over 24 characters: {view[k]['text']!r}"
                    for k in ("title", "submit", "close")
                    if k in view and len(view[k]["text"]) > 24]
    else:
        problems = []
    for surface, blocks, limit in surfaces:
        if len(blocks) > limit:
            problems.append(f"{surface}: {len(blocks)} blocks, at most {limit}")
        action_ids = [e["action_id"] for b in blocks for e in b.get("elements", [])
                      if "action_id" in e]
        if len(action_ids) != len(set(action_ids)):
            problems.append(f"{surface}: action_id used twice")
        for block in blocks:
            problems += _block_problems(block)
    return problems


def _block_problems(block: dict[str, Any]) -> list[str]:
    problems = []
    if block["type"] == "section" and len(block["text"]["text"]) > 3000:
        problems.append("section text over 3000 characters")
    if block["type"] == "actions" and len(block["elements"]) > 25:
        problems.append("actions block with over 25 elements")
    elements = block.get("elements", []) + ([block["element"]] if "element" in block else [])
    for element in elements:
        if len(element.get("action_id", "")) > 255:
            problems.append("action_id over 255 characters")
        if element["type"] == "button":
            if len(element["text"]["text"]) > 75:
                problems.append("button text over 75 characters")
            if len(element.get("value", "")) > 2000:
                problems.append("button value over 2000 characters")
        if element["type"] in {"static_select", "multi_static_select"}:
            options = element.get("options", [])
            if not 1 <= len(options) <= 100:
                problems.append(f"{element['type']} needs 1 to 100 options")
            problems += [f"option text over 75 characters: {o['text']['text']!r}"
                         for o in options if len(o["text"]["text"]) > 75]
            values = [o["value"] for o in options]
            for chosen in element.get("initial_options", []):
                if chosen["value"] not in values:
                    problems.append("initial option not among the options")
    return problems

