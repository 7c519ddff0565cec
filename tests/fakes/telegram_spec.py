"""Validation against the Telegram Bot API specification (methods, fields, types), plus
the limits the official docs state that the machine-readable spec does not."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from tests.fakes.specs import load_spec

SCALARS = {"Integer", "String", "Boolean", "Float"}
HTML_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span",
             "tg-spoiler", "a", "tg-emoji", "code", "pre", "blockquote", "tg-time"}
COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
TAG = re.compile(r"</?([a-zA-Z][\w-]*)(\s[^<>]*)?>")
BARE_AMPERSAND = re.compile(r"&(?!(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class TelegramSpec:
    def __init__(self) -> None:
        raw = load_spec("telegram-bot-api.json")
        self.version = raw["version"]
        self.methods = raw["methods"]
        self.types = raw["types"]

    def check_call(self, method: str, params: dict[str, str]) -> list[str]:
        """Everything wrong with a call as python-telegram-bot sends it: form fields whose
        values are strings, JSON-encoded when they are not scalars."""
        spec = self.methods.get(method)
        if spec is None:
            return [f"unknown method {method}"]
        fields = {f["name"]: f for f in spec.get("fields", [])}
        errors = [f"{method}: unknown parameter {name}" for name in params if name not in fields]
        errors += [f"{method}: missing required {name}" for name, f in fields.items()
                   if f["required"] and name not in params]
        for name, value in params.items():
            if name in fields and not any(self._form_value_is(t, value)
                                          for t in fields[name]["types"]):
                errors.append(f"{method}: {name}={value!r} is not {fields[name]['types']}")
        return errors

    def _form_value_is(self, type_name: str, raw: str) -> bool:
        if type_name == "String":
            return True
        if type_name == "Integer":
            return re.fullmatch(r"-?\d+", raw) is not None
        if type_name == "Boolean":
            return raw in {"true", "false"}
        if type_name == "Float":
            return re.fullmatch(r"-?\d+(\.\d+)?", raw) is not None
        try:
            decoded = json.loads(raw)
        except ValueError:
            return False
        return not self.check_value(type_name, decoded, "")

    def check_value(self, type_name: str, value: Any, path: str) -> list[str]:
        if type_name.startswith("Array of "):
            if not isinstance(value, list):
                return [f"{path}: not an array"]
            inner = type_name.removeprefix("Array of ")
            return [e for i, item in enumerate(value)
                    for e in self.check_value(inner, item, f"{path}[{i}]")]
        if type_name == "Integer":
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif type_name == "Float":
            ok = isinstance(value, int | float) and not isinstance(value, bool)
        elif type_name == "Boolean":
            ok = isinstance(value, bool)
        elif type_name == "String":
            ok = isinstance(value, str)
        else:
            return self.check_object(type_name, value, path)
        return [] if ok else [f"{path}: {value!r} is not {type_name}"]

    def check_object(self, type_name: str, value: Any, path: str = "") -> list[str]:
        spec = self.types[type_name]
        if "subtypes" in spec:
            attempts = [self.check_object(sub, value, path) for sub in spec["subtypes"]]
            return [] if any(not a for a in attempts) else min(attempts, key=len)
        if not isinstance(value, dict):
            return [f"{path}: not a {type_name} object"]
        fields = {f["name"]: f for f in spec.get("fields", [])}
        errors = [f"{path}.{k}: not a field of {type_name}" for k in value if k not in fields]
        errors += [f"{path}.{k}: required in {type_name}" for k, f in fields.items()
                   if f["required"] and k not in value]
        for key, item in value.items():
            if key in fields:
                attempts = [self.check_value(t, item, f"{path}.{key}")
                            for t in fields[key]["types"]]
                if all(attempts):
                    errors += attempts[0]
        return errors


def parse_html(text: str) -> tuple[str, list[str]]:
    """The text as the user would see it, and why Telegram would refuse it: unknown or
    unclosed tags, or a bare <, > or & outside a tag or entity."""
    errors: list[str] = []
    open_tags: list[str] = []
    shown: list[str] = []
    position = 0
    for tag in TAG.finditer(text):
        shown.append(text[position:tag.start()])
        position = tag.end()
        name = tag.group(1).casefold()
        if name not in HTML_TAGS:
            errors.append(f"unsupported tag {name!r}")
        if tag.group(0).startswith("</"):
            if not open_tags or open_tags.pop() != name:
                errors.append(f"unexpected end tag {name!r}")
        else:
            open_tags.append(name)
    shown.append(text[position:])
    raw = "".join(shown)
    if "<" in raw or ">" in raw:
        errors.append("unescaped < or >")
    if BARE_AMPERSAND.search(raw):
        errors.append("unescaped &")
    errors += [f"unclosed tag {name!r}" for name in open_tags]
    return html.unescape(raw), errors


def check_limits(method: str, params: dict[str, str]) -> list[str]:
    """Limits from the official docs that the specification leaves out."""
    errors: list[str] = []
    if "text" in params and method in {"sendMessage", "editMessageText"}:
        shown = params["text"]
        if params.get("parse_mode") == "HTML":
            shown, html_errors = parse_html(params["text"])
            errors += [f"can't parse entities: {e}" for e in html_errors]
        elif "parse_mode" in params:
            errors.append(f"parse mode {params['parse_mode']} is not used by this bot")
        if not 1 <= utf16_length(shown) <= 4096:
            errors.append(f"text must be 1-4096 characters, is {utf16_length(shown)}")
    if "reply_markup" in params:
        markup = json.loads(params["reply_markup"])
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    errors.append(f"callback_data must be 1-64 bytes: {data!r}")
                actions = [k for k in button if k not in {"text", "style",
                                                          "icon_custom_emoji_id"}]
                if len(actions) != 1:
                    errors.append(f"a button needs exactly one action: {button}")
    if method == "setMyCommands":
        for command in json.loads(params["commands"]):
            if not COMMAND_NAME.fullmatch(command["command"]):
                errors.append(f"bad command name {command['command']!r}")
            if not 1 <= len(command["description"]) <= 256:
                errors.append(f"bad command description {command['description']!r}")
    return errors
