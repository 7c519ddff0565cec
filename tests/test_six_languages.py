"""A whole pledge, a progress report and reminder settings in each of the six UN
languages, through the turn runner and its database, typing values as a speaker of the
language types them (the language's names, number formats, amount words, dates,
conjunctions and separators): what is stored is the same in every language. And a
language changed halfway through a pledge keeps every answer given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from bot.i18n import Catalogs
from bot.reference import ReferenceData
from bot.turns import ChatUser, TurnRunner
from storage.db import Database
from storage.models import (
    Organization,
    Pledge,
    PledgeCountry,
    PledgePartner,
    Pledger,
    ProgressReport,
)
from tests.desk import approve_all
from tests.runner_chat import RunnerChat
from vocabulary import Channel

TITLE = "Rural broadband for all"
DESCRIPTION = "Towers and backhaul for 300 villages in East Africa."
NARRATIVE = "Towers built in 40 villages; backhaul contracts signed."


@dataclass(frozen=True)
class Speaker:
    """What a pledger of the language types for the same pledge, report and settings."""

    language: str
    country: str
    city: str
    countries: str
    amount: str
    groups: str
    sdgs: str
    start: str
    end: str
    partners: str
    percent: str
    disbursed: str
    people: str
    hour: str
    quiet: str


SPEAKERS = (
    Speaker("en", "Kenya", "Nairobi", "Kenya, Uganda and Tanzania", "5 million USD",
            "rural communities and youth", "4, 9 and 17", "June 2027", "end of 2028",
            "GSMA, World Bank", "40%", "1.2 million USD", "12,000", "2 pm",
            "10 pm to 7 am"),
    Speaker("fr", "Kenya", "Nairobi", "Kenya, Ouganda et Tanzanie", "5 millions de dollars",
            "communautés rurales et jeunes", "4, 9 et 17", "juin 2027", "fin 2028",
            "GSMA, World Bank", "40 %", "1,2 million de dollars", "12 000", "14 h",
            "de 22 h à 7 h"),
    Speaker("es", "Kenia", "Nairobi", "Kenia, Uganda y Tanzania", "5 millones de dólares",
            "comunidades rurales y jóvenes", "4, 9 y 17", "junio de 2027",
            "finales de 2028", "GSMA, World Bank", "40 %", "1,2 millones de dólares",
            "12.000", "14:00", "de 22 a 7"),
    Speaker("ru", "Кения", "Найроби", "Кения, Уганда и Танзания", "5 млн долларов США",
            "сельские общины и молодёжь", "4, 9 и 17", "июнь 2027", "конец 2028 года",
            "GSMA, World Bank", "40 %", "1,2 млн долларов", "12 000", "14:00", "с 22 до 7"),
    Speaker("ar", "كينيا", "نيروبي", "كينيا وأوغندا وتنزانيا", "٥ ملايين دولار",
            "المجتمعات الريفية والشباب", "٤، ٩ و١٧", "يونيو ٢٠٢٧", "نهاية عام ٢٠٢٨",
            "GSMA، World Bank", "٤٠٪", "١٫٢ مليون دولار", "١٢٬٠٠٠", "٢ م", "من ٢٢ إلى ٧"),
    Speaker("zh", "肯尼亚", "内罗毕", "肯尼亚、乌干达和坦桑尼亚", "500万美元", "农村社区和青年",
            "4、9和17", "2027年6月", "2028年底", "GSMA、World Bank", "40%", "120万美元",
            "1.2万", "下午2点", "22点到7点"),
)

STORED_PLEDGE = {
    "focus_area": "access", "pillar": "infrastructure", "pledge_type": "financial",
    "title": TITLE, "description": DESCRIPTION, "countries": ["KEN", "TZA", "UGA"],
    "amount": "5000000.00", "currency": "USD", "beneficiary_groups": ["rural", "youth"],
    "sdgs": [4, 9, 17], "start_date": "2027-06-01", "end_date": "2028-12-31",
    "partners": ["GSMA", "World Bank"],
}
STORED_REPORT = {"status": "in_progress", "percent_done": 40, "amount_disbursed": "1200000.00",
                 "people_reached": 12000, "beneficiary_groups": ["rural"],
                 "narrative": NARRATIVE}
STORED_SETTINGS = {"reminder_hour": 14, "quiet_start": 22, "quiet_end": 7,
                   "time_zone": "Africa/Nairobi"}


@pytest.fixture
def runner(database: Database, reference: ReferenceData, catalogs: Catalogs) -> TurnRunner:
    return TurnRunner(database, reference, catalogs, idle_after=timedelta(days=14))


class Speaking(RunnerChat):
    """A pledger who answers each question and checks the conversation moved on."""

    def answers(self, step: str, typed: str) -> None:
        assert self.step == step, f"at {self.step}, not {step}: {self.text}"
        self.say(typed)
        assert self.step != step, f"{typed!r} was not understood at {step}: {self.text}"

    def presses(self, step: str, choice: str) -> None:
        assert self.step == step, f"at {self.step}, not {step}: {self.text}"
        self.press(choice)


def _registered_and_pledged(runner: TurnRunner, speaker: Speaker) -> Speaking:
    pledger = Speaking(runner, ChatUser(Channel.TELEGRAM, f"70{len(speaker.language)}",
                                       "Amina", speaker.language))
    pledger.command("start")
    pledger.answers("organization_name", "ACME Telecom")
    pledger.presses("sector", "private")
    pledger.answers("country_typed", speaker.country)
    if pledger.step == "country":
        pledger.press("yes")
    pledger.answers("time_zone", speaker.city)
    assert runner.catalogs.translator(speaker.language).gettext(
        "Which P2C focus area does your pledge support?") in pledger.text
    pledger.presses("focus_area", "access")
    pledger.presses("pillar", "infrastructure")
    pledger.presses("pledge_type", "financial")
    pledger.answers("title", TITLE)
    pledger.answers("description", DESCRIPTION)
    pledger.answers("countries_typed", speaker.countries)
    if pledger.step == "countries":
        pledger.press("yes")
    pledger.answers("amount", speaker.amount)
    pledger.answers("beneficiary_groups", speaker.groups)
    pledger.answers("sdgs", speaker.sdgs)
    pledger.answers("start_date", speaker.start)
    pledger.answers("end_date", speaker.end)
    pledger.answers("partners", speaker.partners)
    pledger.presses("review", "confirm")
    return pledger


def _stored_pledge(runner: TurnRunner) -> dict[str, Any]:
    with runner.db.transaction() as session:
        pledge = session.exec(select(Pledge)).one()
        countries = session.exec(select(PledgeCountry.country)).all()
        partners = session.exec(select(PledgePartner.name).order_by(
            col(PledgePartner.position))).all()
        return {"focus_area": pledge.focus_area, "pillar": pledge.pillar,
                "pledge_type": pledge.pledge_type, "title": pledge.title,
                "description": pledge.description, "countries": sorted(countries),
                "amount": str(pledge.amount), "currency": pledge.currency,
                "beneficiary_groups": sorted(pledge.beneficiary_groups),
                "sdgs": sorted(pledge.sdgs), "start_date": str(pledge.start_date),
                "end_date": str(pledge.end_date), "partners": list(partners)}


@pytest.mark.parametrize("speaker", SPEAKERS, ids=[s.language for s in SPEAKERS])
def test_a_pledge_a_report_and_reminder_settings_in_the_language(
        runner: TurnRunner, speaker: Speaker) -> None:
    pledger = _registered_and_pledged(runner, speaker)
    assert _stored_pledge(runner) == STORED_PLEDGE
    with runner.db.transaction() as session:
        organization = session.exec(select(Organization)).one()
    assert organization.country == "KEN"

    approve_all(runner)
    pledger.command("report")
    pledger.presses("status", "in_progress")
    pledger.answers("percent_done", speaker.percent)
    pledger.answers("amount_disbursed", speaker.disbursed)
    pledger.answers("people_reached", speaker.people)
    pledger.presses("groups_reached", "rural")
    pledger.presses("groups_reached", "done")
    pledger.answers("narrative", NARRATIVE)
    assert pledger.step == "evidence_url"
    pledger.command("skip")
    pledger.presses("review", "confirm")
    with runner.db.transaction() as session:
        report = session.exec(select(ProgressReport)).one()
    assert {"status": report.status, "percent_done": report.percent_done,
            "amount_disbursed": str(report.amount_disbursed),
            "people_reached": report.people_reached,
            "beneficiary_groups": report.beneficiary_groups,
            "narrative": report.narrative} == STORED_REPORT

    for setting, typed in (("hour", speaker.hour), ("quiet", speaker.quiet),
                           ("time_zone", speaker.city)):
        pledger.command("reminders")
        pledger.presses("setting", setting)
        pledger.answers(setting, typed)
    with runner.db.transaction() as session:
        stored = session.exec(select(Pledger).where(
            col(Pledger.external_id) == pledger.user.external_id)).one()
    assert {"reminder_hour": stored.reminder_hour, "quiet_start": stored.quiet_start,
            "quiet_end": stored.quiet_end, "time_zone": stored.time_zone} == STORED_SETTINGS


def test_a_language_changed_halfway_through_a_pledge_keeps_every_answer(
        runner: TurnRunner) -> None:
    """Amina starts in English and goes on in French from the goals: the question she
    was at is asked again in French, and what she answered before is all stored."""
    english, french = SPEAKERS[0], SPEAKERS[1]
    pledger = Speaking(runner, ChatUser(Channel.TELEGRAM, "7100", "Amina", "en"))
    pledger.command("start")
    pledger.answers("organization_name", "ACME Telecom")
    pledger.presses("sector", "private")
    pledger.answers("country_typed", english.country)
    pledger.answers("time_zone", english.city)
    for step, choice in (("focus_area", "access"), ("pillar", "infrastructure"),
                         ("pledge_type", "financial")):
        pledger.presses(step, choice)
    for step, typed in (("title", TITLE), ("description", DESCRIPTION),
                        ("countries_typed", english.countries), ("amount", english.amount),
                        ("beneficiary_groups", english.groups)):
        pledger.answers(step, typed)
    pledger.command("language")
    pledger.press("cmd:language:fr")
    assert pledger.step == "sdgs"
    assert runner.catalogs.translator("fr").gettext(
        "Which Sustainable Development Goals does the pledge support?") in pledger.text
    for step, typed in (("sdgs", french.sdgs), ("start_date", french.start),
                        ("end_date", french.end), ("partners", french.partners)):
        pledger.answers(step, typed)
    assert "Ouganda" in pledger.text
    pledger.presses("review", "confirm")
    assert _stored_pledge(runner) == STORED_PLEDGE
