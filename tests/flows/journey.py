"""One complete, valid pledge, answer by answer, so a test can stop at any step."""

from __future__ import annotations

from bot.flows.model import Pick, Text, UserInput
from tests.flows.chat import Chat

PLEDGE_ANSWERS: list[tuple[str, UserInput]] = [
    ("focus_area", Pick("access")),
    ("pillar", Pick("infrastructure")),
    ("pledge_type", Pick("financial")),
    ("title", Text("Rural broadband for all")),
    ("description", Text("Towers and backhaul for 300 villages in East Africa.")),
    ("countries_typed", Text("Keniya, uganda, TZA")),
    ("countries", Pick("yes")),
    ("amount", Text("5 million USD")),
    ("beneficiary_groups", Text("rural communities, youth")),
    ("sdgs", Text("4, 9 and 17")),
    ("start_date", Text("June 2027")),
    ("end_date", Text("end of 2028")),
    ("partners", Text("GSMA, World Bank")),
]

EXPECTED_ANSWERS = {
    "focus_area": "access",
    "pillar": "infrastructure",
    "pledge_type": "financial",
    "title": "Rural broadband for all",
    "description": "Towers and backhaul for 300 villages in East Africa.",
    "global": False,
    "countries": ["KEN", "UGA", "TZA"],
    "amount": "5000000",
    "currency": "USD",
    "beneficiary_groups": ["rural", "youth"],
    "sdgs": ["4", "9", "17"],
    "start_date": "2027-06-01",
    "end_date": "2028-12-31",
    "partners": ["GSMA", "World Bank"],
}


def answer_until(chat: Chat, stop_at: str = "review") -> None:
    """From the first pledge question up to (not including) `stop_at`."""
    for step, given in PLEDGE_ANSWERS:
        if step == stop_at:
            return
        assert chat.step == step, f"expected to be at {step}, at {chat.step}: {chat.text}"
        chat.send(given)
    assert chat.step == stop_at, chat.text
