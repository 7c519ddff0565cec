"""The Telegram channel end to end: the real PTB Application inside the real web app,
against a strict fake of the Bot API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import select

from bot.turns import TurnRunner
from storage.models import Pledge, Pledger
from tests.fakes.telegram_api import FakeTelegram
from tests.handlers.telegram_harness import TelegramUser, telegram_client


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    fake = FakeTelegram()
    yield fake
    assert not fake.refused, f"the bot made calls the Bot API refuses: {fake.refused}"
    assert not fake.unanswered_callbacks(), "every callback query must be answered"


@pytest.fixture
def amina(runner: TurnRunner, fake: FakeTelegram) -> Iterator[TelegramUser]:
    with telegram_client(runner, fake) as client:
        yield TelegramUser(client, fake)


def test_start_registers_the_command_menu(amina: TelegramUser, fake: FakeTelegram) -> None:
    [default_menu, english_menu] = fake.calls_of("setMyCommands")
    assert [c["command"] for c in default_menu.json("commands")] == [
        "start", "pledge", "mypledges", "language", "help", "cancel"]
    assert english_menu.params["language_code"] == "en"


def test_a_whole_pledge_through_buttons_and_typing(amina: TelegramUser, fake: FakeTelegram,
                                                   runner: TurnRunner) -> None:
    amina.says("/start")
    assert "What is the name of your organization?" in amina.last_text
    amina.says("Sahel Connect <Foundation> & Co")
    amina.presses("Civil society / NGO")
    assert "Civil society / NGO" not in amina.buttons()
    amina.says("Mali")
    amina.presses("Yes")
    assert "Sahel Connect <Foundation> & Co is registered" in fake.visible_text(amina.chat_id)[-2]
    amina.presses("Connect people / resilient connectivity (ACCESS)")
    amina.presses("affordability")
    amina.presses("Financial")
    amina.says("Affordable data for 1,000 schools")
    amina.says("Subsidised connectivity for rural schools in the Sahel, 2027-2029.")
    amina.says("Mali, Niger; burkina faso")
    amina.presses("yes")
    amina.says("€2.5m")
    amina.presses("rural")
    amina.presses("youth")
    assert "✓ Youth" in [b["text"] for row in fake.last_message(amina.chat_id)["reply_markup"]
                         ["inline_keyboard"] for b in row]
    amina.presses("done")
    amina.says("4, 9 and 17")
    amina.says("January 2027")
    amina.says("end of 2029")
    amina.presses("no_partners")
    review = amina.last_text
    assert "Countries of implementation: Mali, Niger, Burkina Faso" in review
    assert "Targets: LDCs, LLDCs" in review
    amina.presses("confirm")
    assert "Your pledge is submitted with the reference P2C-" in amina.last_text

    with runner.db.transaction() as session:
        pledge = session.exec(select(Pledge)).one()
    assert pledge.title == "Affordable data for 1,000 schools"
    assert (str(pledge.amount), pledge.currency) == ("2500000.00", "EUR")
    assert pledge.beneficiary_groups == ["youth", "rural"]


def test_a_pressed_button_edits_its_message_in_place(amina: TelegramUser,
                                                     fake: FakeTelegram) -> None:
    amina.says("/start")
    amina.says("Sahel Connect")
    question = fake.last_message(amina.chat_id)
    amina.presses("private")
    edits = fake.calls_of("editMessageText")
    assert [int(e.params["message_id"]) for e in edits] == [question["message_id"]]
    assert "In which country" in fake.messages[(amina.chat_id, question["message_id"])]["text"]
    assert len(fake.calls_of("answerCallbackQuery")) == 1


def test_user_text_is_escaped_for_html(amina: TelegramUser, fake: FakeTelegram) -> None:
    amina.says("/start")
    amina.says("<b>Bold</b> & <script>")
    amina.presses("private")
    amina.says("Kenya")
    amina.presses("yes")
    thanks = fake.calls_of("editMessageText")[-1]
    assert "Thank you, &lt;b&gt;Bold&lt;/b&gt; &amp; &lt;script&gt; is registered" in \
        thanks.params["text"]


def test_a_deep_link_starts_a_pledge(amina: TelegramUser) -> None:
    amina.says("/start pledge")
    assert "What is the name of your organization?" in amina.last_text


def test_group_chats_point_to_a_private_chat(runner: TurnRunner, fake: FakeTelegram) -> None:
    with telegram_client(runner, fake) as client:
        group = TelegramUser(client, fake, chat_id=-100123)
        group.says("/pledge")
    assert "private chat" in group.last_text
    assert group.buttons() == ["https://t.me/p2c_test_bot?start=pledge"]
    with runner.db.transaction() as session:
        assert session.exec(select(Pledger)).all() == []


def test_the_users_telegram_language_is_used_when_a_catalog_exists(
        runner: TurnRunner, fake: FakeTelegram) -> None:
    with telegram_client(runner, fake) as client:
        TelegramUser(client, fake, language_code="fr").says("/start")
    with runner.db.transaction() as session:
        assert session.exec(select(Pledger)).one().language == "en"
