"""`p2c-bot chat` in a real pseudo-terminal: a whole pledge from the first message to
the stored row, with a quit and a restart in the middle."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest
from sqlmodel import select

from bot.flows.model import Choice, Reply
from bot.handlers.console import render
from storage.db import Database
from storage.models import Pledge, Pledger

P2C_BOT = str(Path(sys.executable).parent / "p2c-bot")
ENTER = "\r"
PROMPT = ">"
"""prompt_toolkit draws the prompt's space as a cursor move."""
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
"""What a terminal sends around pasted text (bracketed paste mode)."""
DESCRIPTION = "Coding clubs for 5,000 girls in rural schools.\n\nTwo terms a year,\nwith mentors."


def _start(database_url: str, cwd: Path) -> pexpect.spawn:
    env = {**os.environ, "DATABASE_URL": database_url, "COLUMNS": "120",
           "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(P2C_BOT, ["chat", "--user", "amina"], cwd=str(cwd), env=env,
                          encoding="utf-8", timeout=30)
    child.expect_exact(f"Pledges are kept in {Path(database_url.removeprefix('sqlite:///'))}")
    child.expect("Partner2Connect pledge assistant")
    return child


def _answer(child: pexpect.spawn, expected: str, typed: str) -> None:
    child.expect_exact(expected)
    child.expect_exact(PROMPT)
    child.send(typed + ENTER)


@pytest.mark.slow
def test_a_whole_pledge_in_the_terminal(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'console.db'}"
    child = _start(url, tmp_path)
    _answer(child, "What is the name of your organization?", "Amina Connect Foundation")
    _answer(child, "Which sector is your organization in?", "5")
    _answer(child, "In which country is your organization based?", "Sénégal")
    _answer(child, "Which time zone should I use for your reminders?", "1")
    _answer(child, "Which P2C focus area does your pledge support?", "Empower communities")
    _answer(child, "Which pillar of this focus area?", "1")
    _answer(child, "What type of pledge is it?", "4")
    _answer(child, "What is the title of your pledge?", "Digital skills for girls")
    child.expect_exact("Describe the pledge")
    child.expect_exact("finish with an empty line")
    child.expect_exact(PROMPT)
    child.send(PASTE_START + DESCRIPTION + PASTE_END + ENTER)
    child.expect_exact("…")
    child.send(ENTER)
    child.expect_exact("In which countries")
    child.expect_exact(PROMPT)
    child.send("quit" + ENTER)
    child.expect_exact("Goodbye! Your answers are kept")
    child.expect(pexpect.EOF)

    child = _start(url, tmp_path)
    child.expect_exact("Welcome back! Let's continue where we were.")
    _answer(child, "In which countries will the pledge be implemented?", "senegl, Gambia")
    _answer(child, "I understood: Senegal and Gambia. Is that right?", "yes")
    _answer(child, "What is the estimated value", "skip")
    _answer(child, "Which groups will benefit?", "women and girls")
    _answer(child, "Which Sustainable Development Goals", "4 and 5")
    _answer(child, "When does (or did) the pledge start?", "2027-01-15")
    _answer(child, "When will it end?", "Q4 2028")
    _answer(child, "Is this a joint pledge?", "No partners")
    child.expect_exact("Please review your pledge:")
    child.expect_exact("Countries of implementation: Senegal and Gambia")
    child.expect_exact("Targets: LDCs")
    _answer(child, "1) Confirm and submit", "1")
    child.expect(r"reference (P2C-\d{4}-\d{5})")
    reference = child.match.group(1)
    child.expect_exact(PROMPT)
    child.send("quit" + ENTER)
    child.expect(pexpect.EOF)

    db = Database(url)
    with db.transaction() as session:
        pledge = session.exec(select(Pledge)).one()
    assert pledge.reference == reference
    assert (pledge.title, pledge.pledge_type, pledge.amount) == (
        "Digital skills for girls", "programme", None)
    assert pledge.description == DESCRIPTION, "the paste is one answer, paragraphs kept"
    assert pledge.sdgs == [4, 5]
    assert pledge.targets_ldc
    with db.transaction() as session:
        assert session.exec(select(Pledger)).one().time_zone == "Africa/Dakar"
    db.dispose()


def test_choices_are_numbered_and_navigation_is_named() -> None:
    reply = Reply("Pick some", (Choice("a", "Alpha", selected=True), Choice("b", "Beta"),
                                Choice("done", "Done ✓"), Choice("cmd:back", "« Back")),
                  multi=True)
    assert render(reply) == "Pick some\n   1) [x] Alpha\n   2) [ ] Beta\n  (Done ✓ · « Back)"
