"""A conversation with the pure engine, for tests: say things, read what came back."""

from __future__ import annotations

from collections.abc import Sequence

from bot.flows.engine import Engine
from bot.flows.model import (
    Choose,
    Command,
    ConversationState,
    Effect,
    FlowContext,
    Pick,
    Reply,
    Text,
    UserInput,
)


def as_pressed(given: UserInput, replies: Sequence[Reply]) -> UserInput:
    """A Pick of a button shown in `replies` as the channel sends it back: bound to the
    question that showed it. Other inputs, and ids not shown, are sent as they are."""
    if isinstance(given, Choose) and not given.token:
        tokens = [r.token for r in replies if r.multi]
        return Choose(given.choice_ids, tokens[-1]) if tokens else given
    if not isinstance(given, Pick):
        return given
    shown = [c.id for r in replies for c in r.choices if c.plain_id == given.choice_id]
    return Pick(shown[-1]) if shown else given


class Chat:
    def __init__(self, engine: Engine, ctx: FlowContext,
                 state: ConversationState | None = None) -> None:
        self.engine = engine
        self.ctx = ctx
        self.state = state or ConversationState()
        self.replies: tuple[Reply, ...] = ()
        self.effects: list[Effect] = []

    def send(self, given: UserInput) -> Reply | None:
        """The last reply, or None when the turn only produced effects (their
        confirmation is worded once the effect has been applied)."""
        turn = self.engine.advance(self.state, as_pressed(given, self.replies), self.ctx)
        self.state = turn.state
        self.replies = turn.replies
        self.effects += turn.effects
        return self.replies[-1] if self.replies else None

    def say(self, text: str) -> Reply | None:
        return self.send(Text(text))

    def press(self, choice_id: str) -> Reply | None:
        """Presses the button `choice_id` of the last replies."""
        assert choice_id in self.choice_ids, f"{choice_id!r} not offered: {self.choice_ids}"
        return self.send(Pick(choice_id))

    def button(self, choice_id: str) -> str:
        """The id a channel sends back for the button `choice_id` of the last replies."""
        pressed = as_pressed(Pick(choice_id), self.replies)
        assert isinstance(pressed, Pick)
        assert pressed.choice_id != choice_id, f"{choice_id!r} not offered: {self.choice_ids}"
        return pressed.choice_id

    def command(self, name: str) -> Reply | None:
        return self.send(Command(name))

    @property
    def last(self) -> Reply:
        return self.replies[-1]

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.replies)

    @property
    def choice_ids(self) -> list[str]:
        return [c.plain_id for c in self.last.choices]

    @property
    def step(self) -> str | None:
        return self.state.step
