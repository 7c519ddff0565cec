"""The Slack channel end to end: the real Bolt app in the real web app, signed requests,
and a strict fake of the Web API."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import col, select

from bot.handlers.slack import SlackSender
from bot.reminders.dispatch import ReminderDispatcher
from bot.reminders.sending import Pacer
from bot.turns import TurnRunner
from storage.models import Conversation, Pledge, PledgeCountry, PledgePartner, Pledger
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack, SlackUser
from tests.handlers.slack_harness import SlackMember, sign, slack_client
from vocabulary import PledgeStatus

AMINA = SlackUser("U0AMINA01", "amina", "Amina Diallo", tz="Africa/Dakar", locale="en-GB")
SLOW_DATABASE_SECONDS = 2.0
ACKNOWLEDGED_WITHIN = 0.5


@pytest.fixture
def amina(runner: TurnRunner, fake: FakeSlack, api_url: str) -> Iterator[SlackMember]:
    with slack_client(runner, api_url) as client:
        yield SlackMember(client, fake, runner, AMINA)


def test_a_whole_pledge_through_command_buttons_selects_and_messages(
        amina: SlackMember, fake: FakeSlack, runner: TurnRunner) -> None:
    response = amina.command()
    assert response.text == "Let's continue in our direct messages."
    assert "What is the name of your organization?" in amina.last_text
    amina.says("Sahel Connect & Partners")
    amina.selects("civil_society")
    amina.says("Senegal")
    amina.presses("access")
    amina.presses("affordability")
    amina.presses("Financial")
    amina.says("Affordable data for schools")
    amina.says("Subsidised connectivity for 1,000 rural schools in the Sahel.")
    amina.says("Senegal, Mali")
    amina.says("USD 3m")
    amina.chooses("rural", "youth")
    amina.presses("done")
    amina.chooses("4", "9")
    amina.presses("done")
    amina.says("Q1 2027")
    amina.says("2029")
    amina.presses("no_partners")
    assert "Please review your pledge:" in amina.last_text
    amina.presses("confirm")
    assert "Your pledge is submitted with the reference P2C-" in amina.last_text

    with runner.db.transaction() as session:
        pledge = session.exec(select(Pledge)).one()
        pledger = session.exec(select(Pledger)).one()
    assert (pledge.title, str(pledge.amount), pledge.currency) == (
        "Affordable data for schools", "3000000.00", "USD")
    assert pledge.sdgs == [4, 9]
    assert pledge.beneficiary_groups == ["youth", "rural"]
    assert (pledger.time_zone, pledger.display_name) == ("Africa/Dakar", "Amina Diallo")


class TestRequestsAreVerified:
    def test_a_bad_signature_is_refused_and_changes_nothing(
            self, amina: SlackMember, fake: FakeSlack, runner: TurnRunner) -> None:
        body = amina.event_body({"type": "message", "channel": amina.dm, "channel_type": "im",
                                 "user": AMINA.id, "text": "hello", "ts": "1.000001",
                                 "event_ts": "1.000001"})
        assert amina.post(body, "application/json", signature="v0=deadbeef").status_code == 401
        assert amina.post(body, "application/json",
                          signature=sign(body, int(time.time()), "other-secret")).status_code == 401
        self._nothing_happened(fake, runner)

    def test_a_request_older_than_five_minutes_is_refused(
            self, amina: SlackMember, fake: FakeSlack, runner: TurnRunner) -> None:
        stale = int(time.time()) - 6 * 60
        body = urlencode({"command": "/pledge", "user_id": AMINA.id, "text": "",
                          "trigger_id": "t-old", "team_id": "T0P2CTEAM"}).encode()
        response = amina.post(body, "application/x-www-form-urlencoded", timestamp=stale)
        assert response.status_code == 401
        self._nothing_happened(fake, runner)

    @staticmethod
    def _nothing_happened(fake: FakeSlack, runner: TurnRunner) -> None:
        assert [c.method for c in fake.calls] in ([], ["auth.test"])
        with runner.db.transaction() as session:
            assert session.exec(select(Pledger)).all() == []


def test_a_retried_event_has_one_effect(amina: SlackMember, fake: FakeSlack) -> None:
    amina.command()
    body = amina.event_body({"type": "message", "channel": amina.dm, "channel_type": "im",
                             "user": AMINA.id, "text": "Sahel Connect", "ts": "2.000001",
                             "event_ts": "2.000001"}, event_id="Ev0RETRY01")
    assert amina.post(body, "application/json").status_code == 200
    amina.wait_delivered("event:Ev0RETRY01")
    posted = len(fake.calls_of("chat.postMessage"))
    assert amina.post(body, "application/json", retry=1).status_code == 200
    assert amina.post(body, "application/json", retry=2).status_code == 200
    fake.wait_until(lambda: True)
    assert len(fake.calls_of("chat.postMessage")) == posted
    assert "Which sector" in amina.last_text


def test_commands_and_interactions_are_acknowledged_at_once_when_the_database_is_slow(
        amina: SlackMember, runner: TurnRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    answer = runner.answer

    def slow_answer(*args, **kwargs):
        time.sleep(SLOW_DATABASE_SECONDS)
        return answer(*args, **kwargs)

    monkeypatch.setattr(runner, "answer", slow_answer)
    started = time.monotonic()
    amina.command()
    message = amina.fake.last_message(amina.dm)
    assert time.monotonic() - started >= SLOW_DATABASE_SECONDS
    body = urlencode({"command": "/pledge", "user_id": AMINA.id, "text": "",
                      "trigger_id": "t-slow", "team_id": "T0P2CTEAM",
                      "channel_id": "C0GENERAL0"}).encode()
    started = time.monotonic()
    assert amina.post(body, "application/x-www-form-urlencoded").status_code == 200
    assert time.monotonic() - started < ACKNOWLEDGED_WITHIN
    started = time.monotonic()
    response = amina.interact({
        "type": "block_actions", "trigger_id": "t-slow-2", "team": {"id": "T0P2CTEAM"},
        "user": {"id": AMINA.id}, "channel": {"id": amina.dm}, "message": message,
        "container": {"type": "message", "message_ts": message["ts"],
                      "channel_id": amina.dm},
        "actions": [{"type": "button", "action_id": "p2c_pick_0", "value": "cmd:cancel",
                     "block_id": "b1", "action_ts": "1.1"}]})
    assert response.status_code == 200
    assert time.monotonic() - started < ACKNOWLEDGED_WITHIN
    amina.wait_delivered("action:t-slow-2")


def test_a_pressed_question_keeps_the_answer_and_the_next_one_is_a_new_message(
        amina: SlackMember, fake: FakeSlack) -> None:
    """The chat keeps the record: the pressed message shows its question and the answer
    chosen, without buttons, and the next question follows as a new message."""
    amina.command()
    amina.says("Sahel Connect")
    question = fake.last_message(amina.dm)
    amina.selects("private")
    [update] = fake.calls_of("chat.update")
    assert update.params["ts"] == question["ts"]
    recorded = fake.messages[(amina.dm, question["ts"])]
    assert recorded["text"] == "Which sector is your organization in?\n\n» Private sector"
    assert not any(b["type"] == "actions" for b in recorded["blocks"])
    assert fake.last_message(amina.dm)["text"].startswith("In which country")


def test_user_text_is_shown_as_typed_never_as_markup(amina: SlackMember,
                                                    fake: FakeSlack) -> None:
    """Slack escapes & < > in what it delivers; the bot stores the text as typed and
    shows it in plain text, so `<Sahel>` and `*Co*` are not read as markup."""
    amina.command()
    amina.says("&lt;Sahel&gt; Connect &amp; *Co*")
    amina.selects("private")
    amina.says("Kenya")
    thanks = fake.calls_of("chat.postMessage")[-2].params["blocks"][0]["text"]
    assert thanks == {"type": "plain_text", "emoji": False,
                      "text": "Thank you, <Sahel> Connect & *Co* is registered."}


@pytest.mark.parametrize(("delivered", "stored"), [
    ("<http://acme.org|acme.org> Telecom", "acme.org Telecom"),
    ("Fibre for <#C024BE7LR|general> &amp; <@U0LAN0Z89>", "Fibre for #general & @U0LAN0Z89"),
    ("Read <https://acme.org/plan.pdf|our plan>", "Read our plan (https://acme.org/plan.pdf)"),
])
def test_slack_markup_is_read_back_as_the_pledger_typed_it(
        amina: SlackMember, runner: TurnRunner, delivered: str, stored: str) -> None:
    amina.command()
    amina.says(delivered)
    with runner.db.transaction() as session:
        conversation = session.exec(select(Conversation)).one()
    assert conversation.data["organization_name"] == stored


def test_a_long_answer_can_be_written_in_a_modal(amina: SlackMember, fake: FakeSlack) -> None:
    _at_description(amina)
    view = amina.open_form("t-modal")
    assert fake.calls_of("views.open")[-1].params["trigger_id"] == "t-modal"
    assert view["blocks"][0]["element"]["multiline"] is True
    assert view["blocks"][0]["label"]["text"].startswith("Describe the pledge")
    description = "Rules opening unlicensed spectrum\\nfor community networks in rural areas."
    response = amina.submit_form(view, description, "V0MODAL001", trigger="t-submit")
    assert response.status_code == 200
    amina.wait_delivered("view:t-submit")
    assert amina.last_text.startswith("In which countries")


def _at_description(amina: SlackMember) -> None:
    amina.command()
    amina.says("Sahel Connect")
    amina.selects("private")
    amina.says("Mali")
    amina.presses("access")
    amina.presses("affordability")
    amina.presses("Policy")
    amina.says("Open spectrum rules")


def _submit_form(amina: SlackMember, text: str, view_id: str) -> Any:
    view = amina.open_form(f"t-{view_id}")
    return amina.submit_form(view, text, view_id, trigger=f"s-{view_id}")


def test_a_refused_answer_in_the_form_is_shown_in_the_form_which_stays_open(
        amina: SlackMember, fake: FakeSlack, runner: TurnRunner) -> None:
    _at_description(amina)
    posted = len(fake.calls_of("chat.postMessage"))
    response = _submit_form(amina, "Too short.", "V0SHORT001")
    assert response.status_code == 200
    assert response.json() == {"response_action": "errors", "errors": {
        "answer": "Please describe the pledge in at least 20 characters."}}
    with runner.db.transaction() as session:
        assert session.exec(select(Conversation)).one().step == "description"
    response = _submit_form(amina, "Rules opening unlicensed spectrum for villages.",
                            "V0GOOD0001")
    assert response.status_code == 200
    assert response.text == ""
    amina.wait_delivered("view:s-V0GOOD0001")
    assert amina.last_text.startswith("In which countries")
    texts = [c.params["text"] for c in fake.calls_of("chat.postMessage")[posted:]]
    assert texts == [amina.last_text], "the refused answer never reached the DM"


def test_the_form_button_comes_back_when_the_question_is_asked_again(
        amina: SlackMember, fake: FakeSlack) -> None:
    _at_description(amina)
    amina.says("Too short.")
    question = fake.last_message(amina.dm)
    assert "at least 20 characters" in question["text"]
    assert any(e["action_id"] == "p2c_write" for e in amina.elements(question))


def test_the_app_home_lists_pledges_and_opens_one(amina: SlackMember, fake: FakeSlack,
                                                  runner: TurnRunner) -> None:
    test_a_whole_pledge_through_command_buttons_selects_and_messages(amina, fake, runner)
    body = amina.event_body({"type": "app_home_opened", "user": AMINA.id, "channel": amina.dm,
                             "tab": "home", "event_ts": "3.000001"})
    assert amina.post(body, "application/json").status_code == 200
    [published] = fake.wait_for_calls("views.publish", 1)
    home = published.params["view"]
    assert home["type"] == "home"
    assert "P2C-" in home["blocks"][0]["text"]["text"]
    assert "(submitted)" in home["blocks"][0]["text"]["text"]
    open_button = next(e for b in home["blocks"] for e in b.get("elements", [])
                       if e.get("value", "").startswith("cmd:mypledges:"))
    response = amina.interact({
        "type": "block_actions", "trigger_id": "t-home", "team": {"id": "T0P2CTEAM"},
        "user": {"id": AMINA.id}, "container": {"type": "view", "view_id": "V0HOME0001"},
        "view": {**home, "id": "V0HOME0001"},
        "actions": [{**open_button, "block_id": "b1", "action_ts": "1.3"}]})
    assert response.status_code == 200
    amina.wait_delivered("action:t-home")
    assert "(submitted)" in amina.last_text
    assert "Countries of implementation: Mali and Senegal" in amina.last_text


def test_a_file_where_text_is_expected_gets_a_friendly_message(amina: SlackMember) -> None:
    amina.command()
    amina.says("", subtype="file_share", files=[{"id": "F0FILE0001"}])
    assert amina.last_text.startswith("I can only read text messages")
    assert "What is the name of your organization?" in amina.last_text


def test_a_deactivated_user_is_marked_unreachable(amina: SlackMember, fake: FakeSlack,
                                                  runner: TurnRunner) -> None:
    fake.fail_next("chat.postMessage", "account_inactive")
    amina.command()
    with runner.db.transaction() as session:
        assert session.exec(select(Pledger)).one().unreachable


def test_a_deactivated_user_who_types_the_command_is_marked_unreachable(
        amina: SlackMember, fake: FakeSlack, runner: TurnRunner) -> None:
    fake.fail_next("conversations.open", "account_inactive")
    amina.command()
    with runner.db.transaction() as session:
        assert session.exec(select(Pledger)).one().unreachable
    assert fake.calls_of("chat.postMessage") == []


def test_a_report_can_be_started_from_the_app_home(amina: SlackMember, fake: FakeSlack,
                                                   runner: TurnRunner) -> None:
    test_a_whole_pledge_through_command_buttons_selects_and_messages(amina, fake, runner)
    body = amina.event_body({"type": "app_home_opened", "user": AMINA.id, "channel": amina.dm,
                             "tab": "home", "event_ts": "4.000001"})
    amina.post(body, "application/json")
    [published] = fake.wait_for_calls("views.publish", 1)
    home = published.params["view"]
    report = next(o for b in home["blocks"] for e in b.get("elements", [])
                  for o in ([e] if e["type"] == "button" else e.get("options", []))
                  if o.get("value", "").startswith("cmd:report:"))
    response = amina.interact({
        "type": "block_actions", "trigger_id": "t-home-report", "team": {"id": "T0P2CTEAM"},
        "user": {"id": AMINA.id}, "container": {"type": "view", "view_id": "V0HOME0002"},
        "view": {**home, "id": "V0HOME0002"},
        "actions": [{"type": "button", "action_id": "p2c_pick_9", "value": report["value"],
                     "block_id": "b1", "action_ts": "1.4"}]})
    assert response.status_code == 200
    amina.wait_delivered("action:t-home-report")
    assert amina.last_text.startswith("Where does the pledge P2C-2026-00001")


def test_a_reminder_reaches_a_slack_pledger_in_direct_messages(
        amina: SlackMember, fake: FakeSlack, runner: TurnRunner, api_url: str) -> None:
    test_a_whole_pledge_through_command_buttons_selects_and_messages(amina, fake, runner)
    with runner.db.transaction() as session:
        pledge = session.exec(select(Pledge)).one()
        pledge.status = PledgeStatus.APPROVED
        pledge.next_reminder_at = datetime.now(UTC) - timedelta(minutes=1)
        session.add(pledge)

    async def tick() -> None:
        client = AsyncWebClient(token=BOT_TOKEN, base_url=f"{api_url}/api/")
        dispatcher = ReminderDispatcher(
            runner.db, runner.reference, runner.catalogs,
            {"slack": SlackSender(client, runner.catalogs)}, {"slack": Pacer(1000, 0)},
            worker="test", batch=10, lease=timedelta(minutes=5),
            follow_up_after=timedelta(days=14), overdue_after=timedelta(days=14))
        await dispatcher.tick()

    asyncio.run(tick())
    reminder = fake.last_message(amina.dm)
    assert reminder["text"].startswith("It is time to report progress on your pledge P2C-")
    assert next(e["value"] for e in amina.elements(reminder)).startswith("cmd:report:")
    amina.presses("Remind me in a week")
    assert "again on" in amina.last_text


def test_every_part_of_the_bot_is_reached_through_the_one_registered_command(
        amina: SlackMember, fake: FakeSlack, runner: TurnRunner) -> None:
    """Slack's client refuses commands the app did not register: only /pledge exists,
    and its subcommands (and the help that lists them) reach everything."""
    test_a_whole_pledge_through_command_buttons_selects_and_messages(amina, fake, runner)
    amina.command("help")
    help_text = amina.last_text
    for shown in ("/pledge - make a new pledge", "/pledge list - see, edit",
                  "/pledge report - report progress", "/pledge reminders - when and how",
                  "/pledge language - choose the language", "cancel - stop what we are doing"):
        assert shown in help_text
    assert "/report" not in help_text
    assert "/cancel" not in help_text
    amina.command("reminders")
    assert "remind" in amina.last_text.casefold()
    amina.says("cancel")
    amina.command("language")
    assert "language" in amina.last_text.casefold()
    amina.says("cancel")
    amina.command("report")
    assert "Where does" in amina.last_text or "Which pledge" in amina.last_text


def test_an_unknown_subcommand_shows_the_help_and_starts_nothing(
        amina: SlackMember, runner: TurnRunner) -> None:
    amina.command("repport")
    assert "/pledge report - report progress" in amina.last_text
    with runner.db.transaction() as session:
        conversation = session.exec(select(Conversation)).one()
    assert conversation.flow is None


def test_the_command_typed_in_the_direct_messages_says_nothing_extra(
        amina: SlackMember) -> None:
    response = amina.command(in_dm=True)
    assert response.text == ""
    assert "What is the name of your organization?" in amina.last_text


def test_everything_with_only_what_slacks_client_offers(
        amina: SlackMember, fake: FakeSlack, runner: TurnRunner) -> None:
    """The one registered command, the direct messages, buttons, menus and the form: a
    whole pledge, then the reminder settings and the language."""
    _at_description(amina)
    response = _submit_form(amina, "Rules opening unlicensed spectrum for villages.",
                            "V0JOURNEY1")
    assert response.status_code == 200
    amina.wait_delivered("view:s-V0JOURNEY1")
    amina.says("Mali")
    amina.command("help")
    amina.says("back")
    assert "In which countries" in amina.last_text
    amina.says("Mali, Niger")
    amina.says("skip")
    amina.chooses("rural")
    amina.presses("done")
    amina.chooses("9")
    amina.presses("done")
    amina.says("Q1 2027")
    amina.says("skip")
    amina.presses("no_partners")
    amina.presses("confirm")
    assert "Your pledge is submitted with the reference P2C-" in amina.last_text
    amina.command("reminders")
    amina.presses("hour")
    amina.says("14")
    assert "Your reminder settings are saved." in amina.last_text
    amina.command("language")
    amina.presses("lang:en")
    assert "From now on I will write in English." in amina.last_text
    with runner.db.transaction() as session:
        pledge = session.exec(select(Pledge)).one()
        pledger = session.exec(select(Pledger)).one()
    assert pledge.description == "Rules opening unlicensed spectrum for villages."
    assert pledger.reminder_hour == 14
    assert pledger.language == "en"
    assert pledge.sdgs == [9]


def test_a_whole_pledge_in_chinese(runner: TurnRunner, fake: FakeSlack, api_url: str) -> None:
    """Slack's profile says zh-CN: the questions come in Chinese, and values are typed
    as a Chinese speaker types them (Chinese names, 、 and 和, 万, 年月 dates)."""
    chinese = runner.catalogs.translator("zh")
    wang = SlackUser("U0WANG001", "wang", "王芳", tz="Africa/Nairobi", locale="zh-CN")
    with slack_client(runner, api_url) as client:
        member = SlackMember(client, fake, runner, wang)
        member.command()
        assert chinese.gettext("What is the name of your organization?") in member.last_text
        member.says("东非数字联盟")
        member.selects("private")
        member.says("肯尼亚")
        member.presses("access")
        member.presses("infrastructure")
        member.presses(chinese.gettext("Financial"))
        member.says("乡村宽带普及")
        member.says("为东非三百个村庄建设基站和回程网络，并培训当地的教师。")
        member.says("肯尼亚、乌干达和坦桑尼亚")
        member.says("500万美元")
        member.chooses("rural", "youth")
        member.presses("done")
        member.says("4、9和17")
        member.says("2027年6月")
        member.says("2028年底")
        member.says("GSMA、世界银行")
        assert "乌干达" in member.last_text
        member.presses("confirm")
        assert "P2C-2026-00001" in member.last_text

    with runner.db.transaction() as session:
        pledge = session.exec(select(Pledge)).one()
        pledger = session.exec(select(Pledger)).one()
        countries = sorted(session.exec(select(PledgeCountry.country)).all())
        partners = session.exec(select(PledgePartner.name).order_by(
            col(PledgePartner.position))).all()
    assert pledger.language == "zh"
    assert countries == ["KEN", "TZA", "UGA"]
    assert (pledge.title, str(pledge.amount), pledge.currency) == ("乡村宽带普及",
                                                                   "5000000.00", "USD")
    assert pledge.sdgs == [4, 9, 17]
    assert (str(pledge.start_date), str(pledge.end_date)) == ("2027-06-01", "2028-12-31")
    assert list(partners) == ["GSMA", "世界银行"]
