"""A button belongs to the question that showed it, through the pure engine."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.flows import buttons
from bot.flows.effects import SubmitPledge
from bot.flows.model import Choice, Choose, Pick, Reply, Text
from tests.flows.chat import Chat
from tests.flows.journey import answer_until

MOVED_ON = "That question has moved on"


@pytest.fixture
def chat(engine, make_context) -> Chat:
    chat = Chat(engine, make_context())
    chat.command("pledge")
    return chat


def shown(chat: Chat, choice_id: str) -> Pick:
    """The press of the button `choice_id` as the last replies showed it."""
    return Pick(chat.button(choice_id))


def test_every_button_carries_the_version_of_its_question(chat: Chat) -> None:
    version = chat.state.version
    assert all(c.id.endswith(f"~{version}") for c in chat.last.choices)
    chat.press("access")
    assert chat.state.version == version + 1
    assert all(c.id.endswith(f"~{version + 1}") for c in chat.last.choices)


def test_an_old_cancel_changes_nothing_and_shows_the_current_question(chat: Chat) -> None:
    cancel = shown(chat, "cmd:cancel")
    chat.press("access")
    chat.press("infrastructure")
    before = chat.state
    reply = chat.send(cancel)
    assert chat.state == before
    assert chat.effects == []
    assert MOVED_ON in reply.text
    assert "What type of pledge" in reply.text
    assert chat.replies[-1].choices[0].id.endswith(f"~{before.version}")


def test_a_second_press_of_confirm_gives_the_same_answer(chat: Chat) -> None:
    answer_until(chat, "review")
    confirm = shown(chat, "confirm")
    chat.send(confirm)
    [submitted] = chat.effects
    assert isinstance(submitted, SubmitPledge)
    first_answer, after = chat.replies, chat.state
    chat.send(confirm)
    assert chat.replies == first_answer
    assert chat.state == after
    assert len(chat.effects) == 1, "nothing is submitted twice"


def test_a_double_tap_on_an_answer_gives_the_same_next_question(chat: Chat) -> None:
    access = shown(chat, "access")
    chat.send(access)
    pillar_question = chat.replies
    chat.send(access)
    assert chat.replies == pillar_question
    assert chat.step == "pillar"


def test_another_button_of_the_same_old_message_is_refused(chat: Chat) -> None:
    access, adoption = shown(chat, "access"), shown(chat, "adoption")
    chat.send(access)
    reply = chat.send(adoption)
    assert MOVED_ON in reply.text
    assert chat.state.data["focus_area"] == "access"


def test_a_menu_button_from_an_old_message_works_while_nothing_is_in_progress(
        chat: Chat) -> None:
    chat.command("cancel")
    old_menu_pledge = shown(chat, "cmd:pledge")
    chat.command("help")
    chat.command("cancel")
    chat.send(old_menu_pledge)
    assert chat.step == "focus_area"


def test_a_menu_button_from_an_old_message_keeps_answers_in_progress(chat: Chat) -> None:
    chat.command("cancel")
    old_menu = shown(chat, "cmd:mypledges")
    chat.command("pledge")
    chat.press("access")
    reply = chat.send(old_menu)
    assert chat.step == "pillar"
    assert MOVED_ON in reply.text


def test_a_button_without_a_token_is_taken_only_for_a_standalone_command(chat: Chat) -> None:
    """Buttons on a reminder carry no token and work whenever nothing is in progress;
    an untokened answer or Cancel (a button sent before tokens existed) is not guessed at."""
    for untokened in (Pick("access"), Pick("cmd:cancel")):
        turn = chat.engine.advance(chat.state, untokened, chat.ctx)
        assert turn.state == chat.state
        assert turn.notice is not None
    chat.command("cancel")
    turn = chat.engine.advance(chat.state, Pick("cmd:pledge"), chat.ctx)
    assert turn.state.step == "focus_area"


def test_a_done_from_before_the_last_tick_does_not_finish(chat: Chat) -> None:
    """Delivered out of order (another web process took the tick), a Done pressed on a
    message that did not show the tick yet would store less than the pledger chose."""
    answer_until(chat, "beneficiary_groups")
    chat.press("rural")
    old_done = shown(chat, "done")
    chat.press("youth")
    reply = chat.send(old_done)
    assert chat.step == "beneficiary_groups"
    assert MOVED_ON in reply.text
    chat.press("done")
    assert chat.state.data["beneficiary_groups"] == ["youth", "rural"]


def test_a_whole_selection_names_its_question_even_when_empty(chat: Chat) -> None:
    answer_until(chat, "beneficiary_groups")
    token = chat.last.token
    chat.send(Choose((), token=token))
    assert chat.step == "beneficiary_groups"
    assert MOVED_ON not in chat.last.text
    stale = Choose((), token="~0")
    assert MOVED_ON in chat.send(stale).text


def test_text_from_a_form_for_a_question_that_moved_on_is_shown_back(chat: Chat) -> None:
    answer_until(chat, "description")
    token = chat.last.token
    chat.say("Typed in the chat first.")
    before = chat.state
    chat.send(Text("Written in the form.", token=token))
    assert chat.state == before
    assert "Written in the form." in chat.replies[0].text
    assert MOVED_ON in chat.replies[0].text


@given(st.text(alphabet=st.characters(blacklist_characters="~"), min_size=1, max_size=40),
       st.integers(min_value=0, max_value=10**9))
def test_a_stamped_id_reads_back_as_the_same_choice_and_version(choice_id: str,
                                                                 version: int) -> None:
    [reply] = buttons.stamp((Reply("?", choices=(Choice(choice_id, "x"),)),), version)
    press = buttons.read(Pick(reply.choices[0].id))
    assert press is not None
    assert (press.given, press.version) == (Pick(choice_id), version)
    assert reply.choices[0].plain_id == choice_id
