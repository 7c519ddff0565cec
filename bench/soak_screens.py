"""A bot message as a pledger reads it: its text and what can be pressed.

Buttons are always pressed with the callback data or action the fake recorded, never
with data built by the benchmark, so the bot may put whatever it likes there (a version
of the question, say). A pledger finds a button by its label."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SELECTED_MARK = "✓ "


@dataclass(frozen=True)
class Button:
    """`press` is what goes back to the bot: Telegram's callback data, or Slack's action."""

    label: str
    press: Any
    selected: bool = False


@dataclass(frozen=True)
class MultiSelect:
    """Slack's several-of menu: its action id, its options and those selected."""

    action_id: str
    options: tuple[dict[str, Any], ...]
    selected: frozenset[str]


@dataclass(frozen=True)
class Screen:
    text: str
    message: dict[str, Any]
    buttons: tuple[Button, ...] = ()
    multi: MultiSelect | None = None

    def button(self, wanted: str) -> Button | None:
        return next((b for b in self.buttons if label_matches(b.label, wanted)), None)

    def starting(self, prefix: str) -> Button | None:
        return next((b for b in self.buttons if b.label.startswith(prefix)), None)


def label_matches(label: str, wanted: str) -> bool:
    """`4` finds "4 · Quality education"; anything else is found by its whole label."""
    return label == wanted or label.startswith(f"{wanted} · ")


def telegram_screen(message: dict[str, Any]) -> Screen:
    buttons = []
    for row in message.get("reply_markup", {}).get("inline_keyboard", []):
        for key in row:
            if "callback_data" not in key:
                continue
            text = key["text"]
            selected = text.startswith(SELECTED_MARK)
            buttons.append(Button(text.removeprefix(SELECTED_MARK), key["callback_data"],
                                  selected))
    return Screen(message.get("text", ""), message, tuple(buttons))


def slack_screen(message: dict[str, Any]) -> Screen:
    buttons: list[Button] = []
    multi = None
    for block in message.get("blocks", []):
        for element in block.get("elements", []):
            if element["type"] == "button":
                buttons.append(Button(element["text"]["text"], {
                    "type": "button", "action_id": element["action_id"],
                    "value": element.get("value", ""), "text": element["text"]}))
            elif element["type"] == "static_select":
                buttons += [Button(option["text"]["text"], {
                    "type": "static_select", "action_id": element["action_id"],
                    "selected_option": option}) for option in element.get("options", [])]
            elif element["type"] == "multi_static_select":
                multi = MultiSelect(element["action_id"], tuple(element.get("options", [])),
                                    frozenset(o["value"] for o in
                                              element.get("initial_options", [])))
    return Screen(message.get("text", ""), message, tuple(buttons), multi)
