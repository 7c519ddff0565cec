"""The Telegram channel end to end: the real PTB Application inside the real web app,
against a strict fake of the Bot API."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import col, select
from starlette.testclient import TestClient
from telegram import Bot

from bot.flows.model import Choice, Reply
from bot.handlers.telegram import (
    ALLOWED_UPDATES,
    keyboard,
    set_webhook,
    utf16_length,
)
from bot.handlers.text_pieces import split_text
from bot.i18n import Catalogs
from bot.turns import TurnRunner
from storage.models import Conversation, Pledge, PledgeCountry, PledgePartner, Pledger
from tests.fakes.telegram_api import Call, FakeTelegram
from tests.handlers.telegram_harness import (
    API_URL,
    SECRET,
    TOKEN,
    USER_ID,
    TelegramUser,
    fake_application,
    fake_request,
    telegram_client,
)


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


def test_start_registers_the_command_menu_in_every_language(
        amina: TelegramUser, fake: FakeTelegram) -> None:
    menus = fake.calls_of("setMyCommands")
    assert [menu.params.get("language_code") for menu in menus] == [
        None, "ar", "en", "es", "fr", "ru", "zh"]
    for menu in menus:
        assert [c["command"] for c in menu.json("commands")] == [
            "start", "pledge", "mypledges", "report", "reminders", "story", "language",
            "help", "cancel"]
    descriptions = {menu.params.get("language_code"): menu.json("commands")[1]["description"]
                    for menu in menus}
    assert descriptions[None] == descriptions["en"]
    assert len(set(descriptions.values())) == 6, descriptions


def test_a_whole_pledge_through_buttons_and_typing(amina: TelegramUser, fake: FakeTelegram,
                                                   runner: TurnRunner) -> None:
    amina.says("/start")
    assert "What is the name of your organization?" in amina.last_text
    amina.says("Sahel Connect <Foundation> & Co")
    amina.presses("Civil society / NGO")
    assert "Civil society / NGO" not in amina.buttons()
    amina.says("Mali")
    assert "Which time zone" in amina.last_text
    assert amina.buttons()[0] == "tz:Africa/Bamako"
    amina.presses("tz:Africa/Bamako")
    assert "Sahel Connect <Foundation> & Co is registered" in fake.visible_text(amina.chat_id)[-2]
    amina.presses("Connect people / resilient connectivity (ACCESS)")
    amina.presses("affordability")
    amina.presses("Financial")
    amina.says("Affordable data for 1,000 schools")
    amina.says("Subsidised connectivity for rural schools in the Sahel, 2027-2029.")
    amina.says("Mali, Niger; burkina faso")
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
    assert "Countries of implementation: Mali, Niger, and Burkina Faso" in review
    assert "Targets: LDCs and LLDCs" in review
    amina.presses("confirm")
    assert "Your pledge is submitted with the reference P2C-" in amina.last_text

    with runner.db.transaction() as session:
        pledge = session.exec(select(Pledge)).one()
    assert pledge.title == "Affordable data for 1,000 schools"
    assert (str(pledge.amount), pledge.currency) == ("2500000.00", "EUR")
    assert pledge.beneficiary_groups == ["youth", "rural"]


def test_a_pressed_question_keeps_the_answer_and_the_next_one_is_a_new_message(
        amina: TelegramUser, fake: FakeTelegram) -> None:
    amina.says("/start")
    amina.says("Sahel Connect")
    question = fake.last_message(amina.chat_id)
    amina.presses("private")
    edits = fake.calls_of("editMessageText")
    assert [int(e.params["message_id"]) for e in edits] == [question["message_id"]]
    recorded = fake.messages[(amina.chat_id, question["message_id"])]
    assert recorded["text"] == "Which sector is your organization in?\n\n» Private sector"
    assert "reply_markup" not in recorded or not recorded["reply_markup"]
    assert "In which country" in amina.last_text
    assert len(fake.calls_of("answerCallbackQuery")) == 1


def test_ticks_change_the_pressed_message_and_done_records_the_choice(
        amina: TelegramUser, fake: FakeTelegram) -> None:
    amina.pledge_until("beneficiary_groups")
    question = fake.last_message(amina.chat_id)
    amina.presses("rural")
    amina.presses("youth")
    assert fake.last_message(amina.chat_id)["message_id"] == question["message_id"]
    amina.presses("done")
    recorded = fake.messages[(amina.chat_id, question["message_id"])]["text"]
    assert recorded.endswith("» Youth and Rural communities"), "as listed in the question"
    assert "Sustainable Development Goals" in amina.last_text


def test_user_text_is_escaped_for_html(amina: TelegramUser, fake: FakeTelegram) -> None:
    amina.says("/start")
    amina.says("<b>Bold</b> & <script>")
    amina.presses("private")
    amina.says("Kenya")
    amina.says("nairobi")
    thanks = fake.calls_of("sendMessage")[-2]
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
        database, reference, fake: FakeTelegram, tmp_path) -> None:
    for language, question in (("en", ""), ("fr", "Quel est le nom de votre organisation ?")):
        po = tmp_path / language / "LC_MESSAGES" / "messages.po"
        po.parent.mkdir(parents=True)
        po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                      f'msgid "What is the name of your organization?"\nmsgstr "{question}"\n',
                      encoding="utf-8")
    runner = TurnRunner(database, reference, Catalogs(tmp_path), idle_after=timedelta(days=1))
    with telegram_client(runner, fake) as client:
        french = TelegramUser(client, fake, language_code="fr")
        french.says("/start")
        english = TelegramUser(client, fake, user_id=99, language_code="pt-BR")
        english.says("/start")
    assert "Quel est le nom de votre organisation ?" in french.last_text
    assert "What is the name of your organization?" in english.last_text
    assert {c.params.get("language_code") for c in fake.calls_of("setMyCommands")} == {
        None, "en", "fr"}


class TestWebhook:
    def test_a_wrong_or_missing_secret_is_refused_and_changes_nothing(
            self, amina: TelegramUser, runner: TurnRunner, fake: FakeTelegram) -> None:
        update = amina.message(text="hello")
        assert amina.post(update, secret="guess").status_code == 403
        assert amina.post(update, secret=None).status_code == 403
        assert fake.calls_of("sendMessage") == []
        with runner.db.transaction() as session:
            assert session.exec(select(Pledger)).all() == []

    def test_a_duplicated_update_has_one_effect(self, amina: TelegramUser,
                                                fake: FakeTelegram) -> None:
        amina.says("/start")
        update = amina.message(text="Sahel Connect")
        assert amina.post(update).status_code == 200
        sent = len(fake.calls_of("sendMessage"))
        assert amina.post(update).status_code == 200
        assert len(fake.calls_of("sendMessage")) == sent
        assert "Which sector" in amina.last_text

    def test_a_refused_send_is_answered_again_on_redelivery(self, amina: TelegramUser,
                                                            fake: FakeTelegram) -> None:
        amina.says("/start")
        update = amina.message(text="Sahel Connect")
        fake.fail_next("sendMessage", 400, "Bad Request: chat not found")
        assert amina.post(update).status_code == 500
        assert "Which sector" not in amina.last_text
        assert amina.post(update).status_code == 200
        assert "Which sector" in amina.last_text
        calls = len(fake.calls)
        assert amina.post(update).status_code == 200
        assert len(fake.calls) == calls, "once delivered, a re-delivery sends nothing"

    def test_a_send_that_may_have_arrived_is_not_sent_again(self, amina: TelegramUser,
                                                            fake: FakeTelegram) -> None:
        """A 502 may come from a proxy after Telegram took the message: at most once."""
        amina.says("/start")
        update = amina.message(text="Sahel Connect")
        fake.fail_next("sendMessage", 502, "Bad Gateway")
        assert amina.post(update).status_code == 200
        calls = len(fake.calls_of("sendMessage"))
        assert amina.post(update).status_code == 200
        assert len(fake.calls_of("sendMessage")) == calls
        amina.says("Sahel Connect")
        assert "Which sector" in amina.last_text, "the next message finds the question"

    def test_a_body_that_is_not_json_is_refused(self, amina: TelegramUser) -> None:
        response = amina.client.post("/telegram/webhook", content=b"{not json",
                                     headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
        assert response.status_code == 400

    def test_health_reports_the_database(self, amina: TelegramUser) -> None:
        response = amina.client.get("/healthz")
        assert (response.status_code, response.json()) == (200, {"status": "ok"})


class TestUnusableInput:
    @pytest.fixture
    def at_amount(self, amina: TelegramUser) -> TelegramUser:
        amina.says("/start")
        amina.says("Sahel Connect")
        amina.presses("private")
        amina.says("Mali")
        amina.presses("tz:Africa/Bamako")
        amina.presses("access")
        amina.presses("infrastructure")
        amina.presses("financial")
        amina.says("Fibre backbone")
        amina.says("A fibre backbone between Bamako and Niamey with open access.")
        amina.presses("global")
        assert "estimated value" in amina.last_text
        return amina

    @pytest.mark.parametrize(("content", "message"), [
        ({"text": "x" * 100_000}, "That message is too long (100,000 characters)"),
        ({"text": "🚀🎉🙂"}, "I could not find an amount in that."),
        ({"text": "خمسة ملايين دولار"}, "I could not find an amount in that."),
        ({"sticker": {"file_id": "s1", "file_unique_id": "u1", "type": "regular",
                      "width": 512, "height": 512, "is_animated": False,
                      "is_video": False}}, "I can only read text messages"),
        ({"photo": [{"file_id": "p1", "file_unique_id": "u2", "width": 90, "height": 90}]},
         "I can only read text messages"),
    ], ids=["100KB", "emoji", "right-to-left", "sticker", "photo"])
    def test_a_friendly_message_and_the_step_unchanged(
            self, at_amount: TelegramUser, runner: TurnRunner, content: dict,
            message: str) -> None:
        before = _conversation(runner)
        assert at_amount.post(at_amount.message(**content)).status_code == 200
        assert at_amount.last_text.startswith(message)
        assert "estimated value" in at_amount.last_text
        assert _conversation(runner) == before
        at_amount.says("USD 5m")
        assert "Which groups will benefit?" in at_amount.last_text


def _conversation(runner: TurnRunner) -> tuple:
    with runner.db.transaction() as session:
        row = session.exec(select(Conversation)).one()
        return row.flow, row.step, row.data, row.history


def test_a_server_restart_mid_pledge_loses_nothing(database, reference, catalogs,
                                                   fake: FakeTelegram) -> None:
    def server() -> TestClient:
        runner = TurnRunner(type(database)(database.url), reference, catalogs,
                            idle_after=timedelta(days=14))
        return telegram_client(runner, fake)

    with server() as client:
        amina = TelegramUser(client, fake)
        amina.says("/pledge")
        amina.says("Sahel Connect")
        amina.presses("private")
    with server() as client:
        amina.client = client
        amina.says("Senegall")
        assert "I understood: Senegal." in amina.last_text
        amina.presses("yes")
        amina.says("Dakar")
        assert "Sahel Connect is registered" in fake.visible_text(amina.chat_id)[-2]


def test_a_user_who_blocked_the_bot_is_marked_unreachable(amina: TelegramUser,
                                                          fake: FakeTelegram,
                                                          runner: TurnRunner) -> None:
    fake.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    amina.says("/start")
    with runner.db.transaction() as session:
        assert session.exec(select(Pledger)).one().unreachable
    assert len(fake.calls_of("sendMessage")) == 1, "a blocked user is not retried"


class TestRendering:
    def test_long_texts_are_split_under_the_limit_at_line_breaks(self) -> None:
        text = "\n".join(f"line {i} " + "é" * 90 for i in range(100))
        pieces = split_text(text, 4096, utf16_length)
        assert len(pieces) == 3
        assert all(utf16_length(p) <= 4096 for p in pieces)
        assert "\n".join(pieces) == text

    def test_emoji_count_twice_toward_the_limit(self) -> None:
        pieces = split_text("🚀" * 3000, 4096, utf16_length)
        assert [utf16_length(p) for p in pieces] == [4096, 1904]

    def test_short_labels_pair_up_and_navigation_comes_last(self) -> None:
        reply = Reply("Pick", (Choice("a", "Yes"), Choice("b", "No"),
                               Choice("c", "A much longer label than twenty"),
                               Choice("cmd:back", "« Back"), Choice("cmd:cancel", "Cancel")))
        rows = [[b.callback_data for b in row] for row in keyboard(reply).inline_keyboard]
        assert rows == [["a", "b"], ["c"], ["cmd:back", "cmd:cancel"]]

    def test_callback_data_over_64_bytes_is_a_bug_caught_early(self) -> None:
        with pytest.raises(ValueError, match="64 bytes"):
            keyboard(Reply("Pick", (Choice("é" * 33, "Too long"),)))


def test_polling_mode_answers_through_the_updater(runner: TurnRunner,
                                                  fake: FakeTelegram) -> None:
    """`p2c-bot serve --polling`: the same handlers, fed by PTB's Updater."""
    application = fake_application(runner, fake, polling=True)
    fake.pending_updates.append({"update_id": 1, "message": {
        "message_id": 1, "date": 1_790_000_000, "text": "/start",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        "chat": {"id": USER_ID, "type": "private", "first_name": "Amina"},
        "from": {"id": USER_ID, "is_bot": False, "first_name": "Amina"}}})

    async def poll_once() -> Call:
        async with application:
            await application.start()
            await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
            try:
                return await fake.wait_for("sendMessage")
            finally:
                await application.updater.stop()
                await application.stop()

    sent = asyncio.run(poll_once())
    assert sent.params["text"].startswith("Welcome to Partner2Connect!")
    assert fake.calls_of("deleteWebhook")


def test_set_webhook_points_telegram_at_the_web_app(fake: FakeTelegram) -> None:
    async def point() -> str:
        async with Bot(TOKEN, base_url=API_URL, request=fake_request(fake)) as bot:
            return await set_webhook(bot, "https://p2c.example.org/", SECRET)

    assert asyncio.run(point()) == "https://p2c.example.org/telegram/webhook"
    [call] = fake.calls_of("setWebhook")
    assert call.params["secret_token"] == SECRET
    assert call.json("allowed_updates") == ["message", "callback_query"]


def test_a_whole_pledge_in_arabic(runner: TurnRunner, fake: FakeTelegram) -> None:
    """Telegram says the user writes Arabic: every question comes in Arabic, values are
    typed as an Arabic speaker types them (Arabic-Indic digits, the Arabic comma, the
    attached و), and references and Latin names are isolated in the Arabic text."""
    arabic = runner.catalogs.translator("ar")
    with telegram_client(runner, fake) as client:
        layla = TelegramUser(client, fake, user_id=4242, language_code="ar")
        layla.says("/start")
        assert arabic.gettext("What is the name of your organization?") in layla.last_text
        layla.says("Sahel Connect")
        layla.presses(arabic.gettext("Civil society / NGO"))
        layla.says("مالي")
        layla.presses("tz:Africa/Bamako")
        layla.presses("access")
        layla.presses("affordability")
        layla.presses(arabic.gettext("Financial"))
        layla.says("بيانات ميسورة لألف مدرسة")
        layla.says("ربط المدارس الريفية في منطقة الساحل بالإنترنت بأسعار مدعومة حتى ٢٠٢٩.")
        layla.says("مالي والنيجر وبوركينا فاسو")
        layla.says("٢٫٥ مليون يورو")
        layla.presses("rural")
        layla.presses("youth")
        layla.presses("done")
        layla.says("٤، ٩ و١٧")
        layla.says("يناير ٢٠٢٧")
        layla.says("نهاية عام ٢٠٢٩")
        layla.says("GSMA، البنك الدولي")
        review = layla.last_text
        assert "\u2068Sahel Connect\u2069" in review
        assert "بوركينا فاسو" in review
        layla.presses("confirm")
        assert "\u2068P2C-2026-00001\u2069" in layla.last_text
        assert arabic.gettext("Which P2C focus area does your pledge support?") not in \
            layla.last_text

    with runner.db.transaction() as session:
        pledge = session.exec(select(Pledge)).one()
        countries = sorted(session.exec(select(PledgeCountry.country)).all())
        partners = session.exec(select(PledgePartner.name).order_by(
            col(PledgePartner.position))).all()
    assert countries == ["BFA", "MLI", "NER"]
    assert (str(pledge.amount), pledge.currency, pledge.sdgs) == ("2500000.00", "EUR",
                                                                 [4, 9, 17])
    assert (str(pledge.start_date), str(pledge.end_date)) == ("2027-01-01", "2029-12-31")
    assert sorted(pledge.beneficiary_groups) == ["rural", "youth"]
    assert list(partners) == ["GSMA", "البنك الدولي"]
