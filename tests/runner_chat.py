"""A conversation through the TurnRunner (engine + real database), for tests."""

from __future__ import annotations

from bot.flows.model import Command, Pick, Reply, Text, UserInput
from bot.turns import ChatUser, TurnRunner
from storage.conversations import load_conversation
from tests.flows.chat import as_pressed
from tests.flows.journey import PLEDGE_ANSWERS


class RunnerChat:
    def __init__(self, runner: TurnRunner, user: ChatUser) -> None:
        self.runner = runner
        self.user = user
        self.replies: list[Reply] = []

    def send(self, given: UserInput) -> list[Reply]:
        self.replies = list(self.runner.handle(self.user, as_pressed(given, self.replies)).replies)
        return self.replies

    def say(self, text: str) -> list[Reply]:
        return self.send(Text(text))

    def press(self, choice_id: str) -> list[Reply]:
        return self.send(Pick(choice_id))

    def command(self, name: str) -> list[Reply]:
        return self.send(Command(name))

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.replies)

    @property
    def step(self) -> str | None:
        with self.runner.db.transaction() as session:
            record = load_conversation(session, self.user.channel, self.user.external_id)
            return record.step if record else None

    def register(self, name: str = "ACME Telecom", sector: str = "private",
                 country: str = "Kenya") -> None:
        self.command("start")
        self.say(name)
        self.press(sector)
        self.say(country)
        if self.user.time_zone is None:
            self.say("Nairobi")

    def answer_pledge(self, until: str = "review") -> None:
        for step, given in PLEDGE_ANSWERS:
            if step == until:
                return
            self.send(given)
