"""The progress report flow."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.flows.effects import SubmitProgressReport, UpdateReminderSettings
from bot.flows.model import Pick, PledgeSummary, ReportSummary
from tests.flows.chat import Chat
from tests.flows.journey import EXPECTED_ANSWERS
from tests.flows.languages import in_language

FINANCIAL = PledgeSummary("P2C-2026-00001", "submitted", EXPECTED_ANSWERS)
ADVOCACY = PledgeSummary("P2C-2026-00002", "approved",
                         {**EXPECTED_ANSWERS, "pledge_type": "advocacy", "amount": None,
                          "currency": None, "title": "Campaign"})
WITHDRAWN = PledgeSummary("P2C-2026-00003", "withdrawn", EXPECTED_ANSWERS)


@pytest.fixture
def chat(engine, make_context) -> Chat:
    chat = Chat(engine, make_context(pledges=(FINANCIAL, ADVOCACY, WITHDRAWN)))
    chat.command("report")
    return chat


def test_a_whole_report_on_a_financial_pledge(chat: Chat) -> None:
    assert [c.plain_id for c in chat.last.choices if not c.is_navigation] == [
        "P2C-2026-00001", "P2C-2026-00002"]
    chat.press("P2C-2026-00001")
    chat.press("in_progress")
    chat.say("40%")
    assert "disbursed" in chat.last.text
    chat.say("1.2 million")
    chat.say("12k")
    chat.say("rural communities")
    chat.say("Towers built in 40 villages; backhaul contracts signed.")
    chat.say("https://example.org/p2c/report-2027.pdf")
    review = chat.last.text
    assert "Percent done: 40%" in review
    assert "People reached: 12,000" in review
    assert "Amount disbursed: $1,200,000" in review
    chat.press("confirm")
    assert chat.effects == [SubmitProgressReport("P2C-2026-00001", {
        "status": "in_progress", "percent_done": 40, "amount_disbursed": "1200000",
        "people_reached": 12000, "groups_reached": ["rural"],
        "narrative": "Towers built in 40 villages; backhaul contracts signed.",
        "evidence_url": "https://example.org/p2c/report-2027.pdf"})]


def test_a_non_financial_pledge_is_not_asked_about_money(chat: Chat) -> None:
    chat.press("P2C-2026-00002")
    chat.press("completed")
    assert chat.step == "people_reached"


@pytest.mark.parametrize(("step_inputs", "typed", "message"), [
    (["In progress"], "140", "a whole number from 0 to 100"),
    (["In progress", "40"], "300 EUR", "in the pledge's currency (USD)"),
    (["In progress", "40", "skip"], "lots", "a number of people"),
    (["In progress", "40", "skip"], "-3", "cannot be negative"),
    (["In progress", "40"], "-500000", "cannot be negative"),
    (["In progress", "40", "skip", "skip", "skip"], "Short", "at least 10 characters"),
    (["In progress", "40", "skip", "skip", "skip", "Towers built in 40 villages."],
     "ftp://example.org/report", "a web link starting with https://"),
    (["In progress", "40", "skip", "skip", "skip", "Towers built in 40 villages."],
     "javascript:alert(1)", "a web link starting with https://"),
])
def test_bad_answers_are_asked_again(chat: Chat, step_inputs: list[str], typed: str,
                                     message: str) -> None:
    chat.press("P2C-2026-00001")
    for given in step_inputs:
        chat.say(given)
    before = chat.state
    assert message in chat.say(typed).text
    assert chat.state == before


def test_nobody_reached_yet_and_nothing_disbursed_yet_are_answers(chat: Chat) -> None:
    chat.press("P2C-2026-00001")
    for given in ("In progress", "40", "0", "0"):
        chat.say(given)
    assert chat.state.data["amount_disbursed"] == "0"
    assert chat.state.data["people_reached"] == 0


def test_a_reminder_button_opens_the_report_on_its_pledge(engine, make_context) -> None:
    chat = Chat(engine, make_context(pledges=(FINANCIAL, ADVOCACY)))
    chat.send(Pick("cmd:report:P2C-2026-00002"))
    assert chat.state.data["pledge"] == "P2C-2026-00002"
    assert chat.step == "status"


def test_the_only_pledge_is_chosen_without_asking(engine, make_context) -> None:
    chat = Chat(engine, make_context(pledges=(FINANCIAL, WITHDRAWN)))
    chat.command("report")
    assert chat.step == "status"


def test_nothing_to_report_on_says_so(engine, make_context) -> None:
    chat = Chat(engine, make_context(pledges=(WITHDRAWN,)))
    assert "no pledge to report on" in chat.command("report").text


class TestReminderSettings:
    @pytest.fixture
    def settings(self, engine, make_context) -> Chat:
        chat = Chat(engine, make_context(pledges=(FINANCIAL,)))
        chat.command("reminders")
        return chat

    def test_the_current_settings_are_shown(self, settings: Chat) -> None:
        assert "How often: Quarterly" in settings.last.text
        assert "Quiet hours: 8:00\u202fPM to 8:00\u202fAM" in settings.last.text
        assert "Time zone: UTC" in settings.last.text

    @pytest.mark.parametrize(("locale", "shown"), [
        ("en", "Time of day: 10:00\u202fAM"), ("fr", "Time of day: 10:00"),
        ("ar", "Time of day: \u206810:00 ص\u2069"),
        ("zh", "Time of day: 10:00"),
    ])
    def test_hours_are_shown_as_the_locales_clock_shows_them(
            self, engine, make_context, locale: str, shown: str) -> None:
        chat = Chat(engine, in_language(make_context(pledges=(FINANCIAL,)), locale))
        assert shown in chat.command("reminders").text

    @pytest.mark.parametrize(("locale", "typed", "hour"), [
        ("en", "9 AM", 9), ("en", "2 pm", 14), ("fr", "14 h", 14), ("fr", "8 h du soir", 20),
        ("es", "10 de la noche", 22), ("ru", "7 вечера", 19), ("ru", "9 утра", 9),
        ("ar", "9:00 ص", 9), ("ar", "٢ م", 14), ("zh", "下午2点", 14), ("zh", "晚上10点", 22),
    ])
    def test_an_hour_typed_in_the_users_language(self, engine, make_context, locale: str,
                                                  typed: str, hour: int) -> None:
        chat = Chat(engine, in_language(make_context(pledges=(FINANCIAL,)), locale))
        chat.command("reminders")
        chat.press("hour")
        chat.say(typed)
        assert chat.effects == [UpdateReminderSettings({"reminder_hour": hour})]

    @pytest.mark.parametrize(("locale", "typed"), [
        ("en", "10 pm to 7 am"), ("fr", "de 22 h à 7 h"), ("es", "de 22 a 7"),
        ("ru", "с 22 до 7"), ("ar", "من ٢٢ إلى ٧"), ("zh", "22点到7点"),
    ])
    def test_quiet_hours_typed_in_the_users_language(self, engine, make_context,
                                                     locale: str, typed: str) -> None:
        chat = Chat(engine, in_language(make_context(pledges=(FINANCIAL,)), locale))
        chat.command("reminders")
        chat.press("quiet")
        chat.say(typed)
        assert chat.effects == [UpdateReminderSettings({"quiet_start": 22, "quiet_end": 7})]

    @pytest.mark.parametrize(("setting", "answer", "changes"), [
        ("cadence", "Monthly", {"cadence": "monthly"}),
        ("hour", "14:00", {"reminder_hour": 14}),
        ("quiet", "22-7", {"quiet_start": 22, "quiet_end": 7}),
        ("weekends", "Weekends are fine", {"skip_weekends": False}),
        ("time_zone", "new york", {"time_zone": "America/New_York"}),
    ])
    def test_each_setting_can_be_changed(self, settings: Chat, setting: str, answer: str,
                                         changes: dict) -> None:
        settings.press(setting)
        settings.say(answer)
        assert settings.effects == [UpdateReminderSettings(changes)]

    def test_pausing_everything(self, settings: Chat) -> None:
        settings.press("pause")
        assert settings.effects == [UpdateReminderSettings({"paused": True})]

    @pytest.mark.parametrize(("setting", "typed", "message"), [
        ("hour", "25", "an hour from 0 to 23"),
        ("quiet", "late", "two hours"),
        ("time_zone", "Atlantis", "I do not know that time zone"),
    ])
    def test_bad_settings_are_asked_again(self, settings: Chat, setting: str, typed: str,
                                          message: str) -> None:
        settings.press(setting)
        assert message in settings.say(typed).text
        assert settings.step == setting


def test_the_questions_name_the_pledge_and_a_first_report_asks_what_happened_so_far(
        chat: Chat) -> None:
    chat.press("P2C-2026-00001")
    assert "Where does the pledge P2C-2026-00001 (Rural broadband for all) stand?" in \
        chat.last.text
    chat.press("completed")
    for _ in range(3):
        chat.command("skip")
    assert "what has happened so far" in chat.last.text


def test_a_later_report_asks_what_happened_since_the_last(engine, make_context) -> None:
    reported = replace(FINANCIAL, reports=(ReportSummary(date(2027, 3, 1), "in_progress", 40),))
    chat = Chat(engine, make_context(pledges=(reported,)))
    chat.command("report")
    chat.press("completed")
    for _ in range(3):
        chat.command("skip")
    assert "since the last report" in chat.last.text
