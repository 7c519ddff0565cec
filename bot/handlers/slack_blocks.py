"""Replies rendered as Block Kit with slack_sdk's models, whose limits they respect by
shortening rather than being refused: text in sections, a few answers as buttons, more
as a menu, several-of as a multi-select, a form (modal) for long answers."""

from __future__ import annotations

import json
from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DividerBlock,
    InputBlock,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.flows.model import LONG_ANSWER_LENGTH, Choice, Reply
from bot.flows.steps import DONE
from bot.handlers.text_pieces import split_text
from bot.i18n import Translator

MESSAGE_BLOCKS = 50
"""Slack's limit of blocks in one message (a view allows `View.blocks_max_length`)."""
MOST_BUTTONS = 6
"""More answers than this are offered as a menu: a row of buttons stays readable."""
PICK_ACTION = "p2c_pick"
CHOOSE_ACTION = "p2c_choose"
WRITE_ACTION = "p2c_write"
LONG_ANSWER_VIEW = "p2c_long_answer"


def shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(text: str, limit: int) -> PlainTextObject:
    return PlainTextObject(text=shortened(text, limit), emoji=True)


def _option(choice: Choice) -> Option:
    return Option(value=choice.id, label=shortened(choice.label, Option.label_max_length))


def _button(choice: Choice, index: int) -> ButtonElement:
    return ButtonElement(text=_plain(choice.label, ButtonElement.text_max_length),
                         value=choice.id, action_id=f"{PICK_ACTION}_{index}",
                         style="primary" if choice.primary else None)


def text_blocks(text: str) -> list[Block]:
    """Plain text, never mrkdwn: what pledgers typed is shown as typed (a title
    `<fibre>` or `*2M*` is not markup), and the bot's own texts use no markup."""
    return [SectionBlock(text=PlainTextObject(text=piece, emoji=False))
            for piece in split_text(text, SectionBlock.text_max_length, len)]


def blocks(reply: Reply, translator: Translator) -> list[Block]:
    """Text in sections; up to five answers as buttons, more as a menu; several-of as a
    multi-select with a Done button; the main action and navigation as buttons last."""
    rendered = text_blocks(reply.text)
    answers = [c for c in reply.choices if not c.is_navigation and c.plain_id != DONE]
    navigation = [c for c in reply.choices if c.is_navigation or c.plain_id == DONE]
    menu = [c for c in answers if not c.primary]
    placeholder = StaticSelectElement.placeholder_max_length
    options = StaticSelectElement.options_max_length
    if reply.multi:
        chosen = [_option(c) for c in answers if c.selected]
        rendered.append(ActionsBlock(elements=[StaticMultiSelectElement(
            action_id=CHOOSE_ACTION + reply.token,
            placeholder=_plain(translator.gettext("Select"), placeholder),
            options=[_option(c) for c in answers[:options]],
            initial_options=chosen or None)]))
        buttons = navigation
    elif len(answers) > MOST_BUTTONS:
        rendered.append(ActionsBlock(elements=[StaticSelectElement(
            action_id=f"{PICK_ACTION}_menu",
            placeholder=_plain(translator.gettext("Choose"), placeholder),
            options=[_option(c) for c in menu[:options]])]))
        buttons = [c for c in answers if c.primary] + navigation
    else:
        buttons = answers + navigation
    elements: list[ButtonElement] = []
    if reply.long_answer:
        elements.append(ButtonElement(
            action_id=WRITE_ACTION, value="write" + reply.token,
            text=_plain(translator.gettext("Write it in a form"), ButtonElement.text_max_length)))
    elements += [_button(c, i) for i, c in enumerate(buttons)]
    if elements:
        rendered.append(ActionsBlock(elements=elements[:ActionsBlock.elements_max_length]))
    return rendered[-MESSAGE_BLOCKS:]


def home_view(replies: Sequence[Reply], translator: Translator) -> View:
    """The replies one after the other, a divider between; as many as fit Slack's
    100 blocks, the first ones kept (the pledger's own pledges, then the oldest
    pledges waiting for review). Action ids must be unique in a view: each reply's get
    its number."""
    rendered: list[Block] = []
    for number, reply in enumerate(replies):
        piece = ([DividerBlock()] if number else []) + blocks(reply, translator)
        for block in piece:
            for element in getattr(block, "elements", None) or ():
                element.action_id = f"{element.action_id}_{number}"
        if len(rendered) + len(piece) > View.blocks_max_length:
            break
        rendered += piece
    return View(type="home", blocks=rendered)


def long_answer_modal(question: str, channel: str, token: str,
                      translator: Translator) -> View:
    """The form for a long answer; it remembers the chat and the question it answers."""
    def title(text: str) -> PlainTextObject:
        return _plain(text, View.title_max_length)

    return View(
        type="modal", callback_id=LONG_ANSWER_VIEW,
        private_metadata=json.dumps({"channel": channel, "token": token}),
        title=title(translator.gettext("Your answer")),
        submit=title(translator.gettext("Send")),
        close=title(translator.gettext("Cancel")),
        blocks=[InputBlock(
            block_id="answer", label=_plain(question, InputBlock.label_max_length),
            element=PlainTextInputElement(action_id="answer", multiline=True,
                                          max_length=LONG_ANSWER_LENGTH))])
