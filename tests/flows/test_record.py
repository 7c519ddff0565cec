"""The chat keeps the record of what was chosen: a press that answers a question and
moves on first gives the question with the answer, to replace the pressed message."""

from __future__ import annotations

from bot.flows.model import Pick
from tests.flows.chat import Chat
from tests.flows.journey import answer_until


def test_a_choice_that_moves_on_is_recorded_with_its_question(engine, make_context) -> None:
    chat = Chat(engine, make_context())
    chat.command("pledge")
    asked = chat.last
    label = next(c.label for c in asked.choices if c.plain_id == "access")
    chat.press("access")
    record, question = chat.replies
    assert record.replaces_press
    assert record.text == f"{asked.text}\n\n» {label}"
    assert record.choices == ()
    assert not question.replaces_press
    assert chat.step == "pillar"


def test_ticks_and_typed_answers_are_not_recorded(engine, make_context) -> None:
    chat = Chat(engine, make_context())
    chat.command("pledge")
    answer_until(chat, "beneficiary_groups")
    chat.send(Pick("rural"))
    assert not any(r.replaces_press for r in chat.replies)
    chat.press("done")
    assert chat.replies[0].text.endswith("» Rural communities")
    chat.say("4, 9")
    assert not any(r.replaces_press for r in chat.replies)


def test_a_double_tap_repeats_the_record_and_the_answer(engine, make_context) -> None:
    chat = Chat(engine, make_context())
    chat.command("pledge")
    answer_until(chat, "review")
    confirm = chat.button("confirm")
    first = engine.advance(chat.state, Pick(confirm), chat.ctx)
    again = engine.advance(first.state, Pick(confirm), chat.ctx)
    assert first.replies[0].replaces_press
    assert again.replies == first.replies
    assert len(first.effects) == 1
    assert again.effects == ()
