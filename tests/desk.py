"""A secretariat member for tests that need approved pledges: approval goes through the
real path (a member's approve command, checked and applied by the turn runner)."""

from __future__ import annotations

from sqlmodel import col, select

from bot.flows.model import Command
from bot.turns import ChatUser, TurnResult, TurnRunner
from storage.models import Pledge
from storage.secretariat import grant
from vocabulary import Channel, PledgeStatus

OFFICER = ChatUser(Channel.CONSOLE, "p2c-officer", "P2C Officer")


def make_member(runner: TurnRunner, user: ChatUser = OFFICER) -> ChatUser:
    with runner.db.transaction() as session:
        grant(session, user.channel, user.external_id)
    return user


def approve_all(runner: TurnRunner) -> list[TurnResult]:
    """Approves every submitted pledge as a member, on the revision stored."""
    member = make_member(runner)
    with runner.db.transaction() as session:
        waiting = [(p.reference, p.revision) for p in session.exec(
            select(Pledge).where(col(Pledge.status) == PledgeStatus.SUBMITTED))]
    return [runner.handle(member, Command("approve", f"{reference}.{revision}"))
            for reference, revision in waiting]
