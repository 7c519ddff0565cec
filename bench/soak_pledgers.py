"""A simulated pledger: reads the newest messages of its chat, answers the question it
finds there (from its `Plan`), and waits for the bot's answer as a person sees one: a
message posted below its input, or the pressed message changing in place (an edit of
some older message, say by a late second tap, is not taken for an answer).

Its whole journey: register the organization, make the pledge, confirm it, then report
progress once. Answering whatever is asked (rather than following a script) keeps it on
track when adversity makes the bot re-ask, skip ahead or show a menu: a pledger who sees
the menu without ever having seen a reference pledges again, as a person would. When an
input gets no reaction at all, the pledger sends it again and the input is counted as
unanswered; when the platform could not deliver it (the web process is down), that is
counted apart."""

from __future__ import annotations

import asyncio
import re
import time
import traceback
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from bench.soak_fakes import ChatLog, Sighting
from bench.soak_fleet import Fleet
from bench.soak_people import TELEGRAM, Sent
from bench.soak_plans import DISBURSED, FOCUS_AREA, PILLAR, PLEDGE_TYPE, Plan
from bench.soak_screens import Button, MultiSelect, Screen, label_matches

REFERENCE = re.compile(r"P2C-\d{4}-\d{5}")
REPORT_SAVED = re.compile(r"progress report on (P2C-\d{4}-\d{5}) is saved")
NAVIGATION = frozenset({"« Back", "Skip »", "Cancel"})
MAX_INPUTS = 160
MAX_SAME_QUESTION = 8
MAX_PUZZLED = 6
PUZZLED_WAIT = 3.0
POLL = 0.03
QUIET, QUIET_MAX = 0.1, 3.0
TELEGRAM_GRACE, SLACK_GRACE, AFTER_KILL_GRACE = 10.0, 30.0, 3.0
REPEAT_PAUSE = 1.0
HESITATION = 5.0

Step = Callable[[], Awaitable[Sent]]
Handler = Callable[[Screen], Step | None]


class Person(Protocol):
    chat: str

    def screens(self) -> list[Screen]: ...
    async def start(self) -> Sent: ...
    async def type(self, text: str) -> Sent: ...
    async def press(self, screen: Screen, press: Any) -> Sent: ...
    async def select(self, screen: Screen, multi: MultiSelect, values: set[str]) -> Sent: ...


def from_the_bot(sightings: list[Sighting]) -> list[Sighting]:
    """What the web processes sent (reminders come from workers)."""
    return [s for s in sightings if s.caller.startswith("serve")]


def pledge_confirmations(sightings: list[Sighting]) -> set[str]:
    """References the pledger was shown for a pledge (texts about a progress report name
    the pledge reported on, so they are left out)."""
    return {ref for s in from_the_bot(sightings) if "progress report" not in s.text
            for ref in REFERENCE.findall(s.text)}


def report_confirmations(sightings: list[Sighting]) -> set[str]:
    return {ref for s in from_the_bot(sightings) for ref in REPORT_SAVED.findall(s.text)}


@dataclass
class Outcome:
    plan: Plan
    chat: str
    inputs: int = 0
    unanswered: Counter[str] = field(default_factory=Counter)
    undelivered: int = 0
    nudged: Counter[str] = field(default_factory=Counter)
    pledged_again: int = 0
    slowest: float = 0.0
    finished: bool = False
    stuck: str | None = None
    trace: list[str] = field(default_factory=list)


class Pledger:
    def __init__(self, plan: Plan, person: Person, log: ChatLog, fleet: Fleet,
                 deadline: float) -> None:
        self.plan = plan
        self.person = person
        self.log = log
        self.fleet = fleet
        self.deadline = deadline
        self.chat = person.chat
        self.outcome = Outcome(plan, person.chat)
        self._questions = self._question_table()
        self._last_question: tuple[str, int] = ("", 0)
        self._last_kind = ""

    async def run(self) -> Outcome:
        try:
            await self._journey()
        except Exception:  # a benchmark bug must show in the report, not stop the run
            self.outcome.stuck = "benchmark error: " + traceback.format_exc(limit=3)
        return self.outcome

    async def _journey(self) -> None:
        await self._input(self.person.start)
        puzzled = 0
        while not self._done():
            if time.monotonic() > self.deadline:
                self.outcome.stuck = f"the run's deadline passed at: {self._shown()!r}"
                return
            if self.outcome.inputs >= MAX_INPUTS:
                self.outcome.stuck = f"gave up after {MAX_INPUTS} inputs at: {self._shown()!r}"
                return
            step = self._next_step()
            if step is None:
                puzzled += 1
                if puzzled > MAX_PUZZLED:
                    self.outcome.stuck = f"did not know what to answer: {self._shown()!r}"
                    return
                if not await self._reacted(self.log.version(self.chat), PUZZLED_WAIT):
                    await self._nudge()
                continue
            puzzled = 0
            await self._input(step)

    async def _nudge(self) -> None:
        """The last message asks nothing and nothing more comes (the rest of an answer was
        lost): say the start command again, which shows where the conversation is."""
        self.outcome.nudged[self._last_kind] += 1
        self.outcome.trace.append("nudged")
        await self._input(self.person.start)

    def _done(self) -> bool:
        self.outcome.finished = bool(report_confirmations(self.log.texts_of(self.chat)))
        return self.outcome.finished or self.outcome.stuck is not None

    def _shown(self) -> str:
        screens = self.person.screens()
        return screens[0].text[:200] if screens else "(nothing yet)"

    def _next_step(self) -> Step | None:
        screens = self.person.screens()
        if not screens:  # the start was lost: say it again
            return self.person.start if self._again("start") <= MAX_SAME_QUESTION else None
        for screen in screens:
            phrase, handler = self._question(screen.text)
            if handler is None and screen.button("Make a pledge") is not None:
                phrase, handler = "menu", self._menu
            if handler is None:
                continue
            step = handler(screen)
            if step is not None and self._again(phrase) <= MAX_SAME_QUESTION:
                return step
            if step is not None:
                self.outcome.stuck = f"asked {phrase!r} over and over: {screen.text[:200]!r}"
            return None
        return None

    def _again(self, phrase: str) -> int:
        """How many times in a row this question has been answered."""
        last, count = self._last_question
        self._last_question = (phrase, count + 1 if phrase == last else 1)
        return self._last_question[1]

    def _question(self, text: str) -> tuple[str, Handler | None]:
        """The question the text asks: of the phrases it contains, the last one (an error
        comes first, then the question again)."""
        best: tuple[int, str, Handler | None] = (-1, "", None)
        for phrase, handler in self._questions:
            position = text.rfind(phrase)
            if position > best[0]:
                best = (position, phrase, handler)
        return best[1], best[2]

    def _question_table(self) -> list[tuple[str, Handler]]:
        p = self.plan
        partners = self._typing(p.partners) if p.partners else self._pressing("No partners")
        return [
            ("What is the name of your organization?", self._typing(p.organization)),
            ("Which sector is your organization in?", self._pressing(p.sector)),
            ("In which country is your organization based?", self._typing(p.country)),
            ("Is that right?", self._confirming),
            ("is already registered", self._pressing("Yes")),
            ("Which time zone should I use", self._first_answer),
            ("Which P2C focus area", self._pressing(FOCUS_AREA)),
            ("Which pillar of this focus area?", self._pressing(PILLAR)),
            ("What type of pledge is it?", self._pressing(PLEDGE_TYPE)),
            ("What is the title of your pledge?", self._typing(p.title)),
            ("Describe the pledge", self._typing(p.description)),
            ("In which countries will the pledge be implemented?", self._typing(p.countries)),
            ("What is the estimated value", self._typing(p.amount)),
            ("In which currency?", self._pressing("USD")),
            ("Which groups will benefit?", self._selecting(p.groups)),
            ("Which Sustainable Development Goals", self._selecting(p.sdgs)),
            ("When does (or did) the pledge start?", self._typing(p.start)),
            ("When will it end?", self._typing(p.end)),
            ("Is this a joint pledge?", partners),
            ("Please review your pledge:", self._pressing("Confirm and submit")),
            ("Which pledge are you reporting on?", self._choosing_pledge),
            ("Where does the pledge", self._pressing("In progress")),
            ("About what percentage is done?", self._typing(p.percent)),
            ("How much has been disbursed so far?", self._typing(DISBURSED)),
            ("How many people has it reached so far?", self._typing(p.people)),
            ("Which groups has it reached?", self._selecting(p.reached)),
            ("Tell us in a few sentences", self._typing(p.narrative)),
            ("A link to evidence", self._typing(p.evidence)),
            ("Please review your progress report on", self._pressing("Send the report")),
        ]

    def _typing(self, text: str) -> Handler:
        return lambda screen: lambda: self.person.type(text)

    def _pressing(self, label: str) -> Handler:
        return lambda screen: self._press(screen, screen.button(label))

    def _press(self, screen: Screen, button: Any) -> Step | None:
        if button is None:
            return None
        return lambda: self.person.press(screen, button.press)

    def _confirming(self, screen: Screen) -> Step | None:
        """Yes to "I understood: Senegal. Is that right?" and to an unusual amount."""
        return self._press(screen, screen.button("Yes") or screen.starting("Yes,"))

    def _first_answer(self, screen: Screen) -> Step | None:
        return self._press(screen, next(
            (b for b in screen.buttons if b.label not in NAVIGATION), None))

    def _menu(self, screen: Screen) -> Step | None:
        """After a pledge: report on it. Without ever having seen a reference for it: pledge
        (again), as a person who was never told it was saved would (after a second look)."""
        report = screen.button("Report progress")
        if pledge_confirmations(self.log.texts_of(self.chat)):
            return self._press(screen, report)
        again = screen.button("Make a pledge")
        return None if again is None or report is None else \
            self._hesitating(screen, again, report)

    def _hesitating(self, screen: Screen, again: Button, report: Button) -> Step:
        """Pledging again is not done lightly: a person looks again, for a few seconds, for
        the reference of the pledge just confirmed, which may still be on its way."""
        async def step() -> Sent:
            limit = time.monotonic() + HESITATION
            while time.monotonic() < limit:
                if pledge_confirmations(self.log.texts_of(self.chat)):
                    return await self.person.press(screen, report.press)
                await asyncio.sleep(POLL)
            self.outcome.pledged_again += 1
            return await self.person.press(screen, again.press)
        return step

    def _choosing_pledge(self, screen: Screen) -> Step | None:
        """Shown only when the pledger has several pledges: the one it was told about."""
        seen = sorted(pledge_confirmations(self.log.texts_of(self.chat)))
        mine = next((b for b in screen.buttons if seen and seen[0] in b.label), None)
        return self._press(screen, mine) or self._first_answer(screen)

    def _selecting(self, wanted: tuple[str, ...]) -> Handler:
        def handle(screen: Screen) -> Step | None:
            if screen.multi is not None:
                return self._select_all(screen, screen.multi, wanted)
            return self._toggle_one(screen, wanted)
        return handle

    def _toggle_one(self, screen: Screen, wanted: tuple[str, ...]) -> Step | None:
        """Telegram: one toggle at a time until the ✓ marks are what is wanted, then Done."""
        for button in screen.buttons:
            if button.label in NAVIGATION or button.label.startswith("Done"):
                continue
            if any(label_matches(button.label, w) for w in wanted) != button.selected:
                return self._press(screen, button)
        return self._press(screen, screen.starting("Done"))

    def _select_all(self, screen: Screen, multi: MultiSelect,
                    wanted: tuple[str, ...]) -> Step | None:
        """Slack: the whole selection in the menu, then Done."""
        values = {o["value"] for o in multi.options
                  if any(label_matches(o["text"]["text"], w) for w in wanted)}
        if multi.selected != values:
            return lambda: self.person.select(screen, multi, values)
        return self._press(screen, screen.starting("Done"))

    async def _input(self, step: Step) -> None:
        mark = self.log.mark()
        self.outcome.inputs += 1
        sent = await step()
        self._last_kind = sent.kind
        try:
            await self._answered(mark, sent)
        finally:
            took = time.monotonic() - sent.at
            self.outcome.slowest = max(self.outcome.slowest, took)
            where = sent.delivered.slot if sent.delivered else "not delivered"
            trick = f" ({sent.trick})" if sent.trick else ""
            self.outcome.trace.append(f"{_clock(sent.at)} {self._last_question[0]!r}: "
                                      f"{sent.kind}{trick} to {where}, {took:.1f}s")

    async def _answered(self, mark: int, sent: Sent) -> None:
        if sent.delivered is None:
            self.outcome.undelivered += 1
            phrase, count = self._last_question
            self._last_question = (phrase, count - 1)  # it never reached the bot
            await asyncio.sleep(REPEAT_PAUSE)
            return
        if await self._reaction(mark, sent):
            await self._quiet()
        else:
            self.outcome.unanswered[sent.kind] += 1
            self.outcome.trace.append(f"{_clock(time.monotonic())} no answer")

    async def _reaction(self, mark: int, sent: Sent) -> bool:
        """Whether the bot answered (`ChatLog.answered`): soon after a Telegram 2xx (the
        webhook answers once the replies are out); later on Slack (acknowledged first,
        worked on after), unless the process that took it was killed meanwhile."""
        assert sent.delivered is not None
        limit = time.monotonic() + (TELEGRAM_GRACE if sent.kind == TELEGRAM else SLACK_GRACE)
        shortened = False
        while time.monotonic() < limit:
            if self.log.answered(self.chat, mark, sent.pressed):
                return True
            if not shortened and self.fleet.killed_since(sent.delivered.slot, sent.at):
                limit, shortened = min(limit, time.monotonic() + AFTER_KILL_GRACE), True
            await asyncio.sleep(POLL)
        return self.log.answered(self.chat, mark, sent.pressed)

    async def _reacted(self, before: int, seconds: float) -> bool:
        limit = time.monotonic() + seconds
        while time.monotonic() < limit:
            if self.log.version(self.chat) > before:
                return True
            await asyncio.sleep(POLL)
        return False

    async def _quiet(self) -> None:
        """Until the chat has been still for a moment (a turn may post several replies)."""
        end = time.monotonic() + QUIET_MAX
        seen, still_since = self.log.version(self.chat), time.monotonic()
        while time.monotonic() < end:
            await asyncio.sleep(POLL)
            version = self.log.version(self.chat)
            if version != seen:
                seen, still_since = version, time.monotonic()
            elif time.monotonic() - still_since >= QUIET:
                return


def _clock(monotonic: float) -> str:
    """A monotonic instant as wall-clock time, to line a trace up with the logs."""
    wall = time.time() - (time.monotonic() - monotonic)
    return time.strftime("%H:%M:%S", time.gmtime(wall)) + f".{int(wall % 1 * 1000):03d}"
