"""What flows ask the outside world to do. `bot.turns` applies them in the same
transaction as the conversation's new state."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.flows.formatting import language_name, show_date
from bot.flows.menu_choices import menu_choices, story_offer
from bot.flows.model import Effect, FlowContext, Reply


@dataclass(frozen=True)
class RegisterOrganization(Effect):
    name: str
    sector: str
    country: str
    time_zone: str | None = None


@dataclass(frozen=True)
class JoinOrganization(Effect):
    """The pledger confirmed they belong to this already registered organization."""

    name: str
    time_zone: str | None = None


@dataclass(frozen=True)
class SetLanguage(Effect):
    language: str
    in_conversation: bool = False
    """Changed in the middle of a question, which the runner then asks again in the new
    language: no menu is offered."""

    def confirmation(self, outcome: str | None, ctx: FlowContext) -> tuple[Reply, ...]:
        """Worded in the new language: the runner builds `ctx` after the change."""
        text = ctx._("From now on I will write in {language}.").format(
            language=language_name(self.language))
        return (Reply(text, choices=() if self.in_conversation else menu_choices(ctx)),)


@dataclass(frozen=True)
class SubmitPledge(Effect):
    answers: Mapping[str, Any]

    def confirmation(self, outcome: str | None, ctx: FlowContext) -> tuple[Reply, ...]:
        text = ctx._(
            "Thank you! Your pledge is submitted with the reference {reference}. "
            "The P2C secretariat will review it, and I will remind you when it is time "
            "to report progress."
        ).format(reference=outcome)
        return (Reply(text, choices=menu_choices(ctx)),)


@dataclass(frozen=True)
class UpdatePledge(Effect):
    reference: str
    answers: Mapping[str, Any]

    def confirmation(self, outcome: str | None, ctx: FlowContext) -> tuple[Reply, ...]:
        text = ctx._("Your changes to {reference} are saved.").format(reference=self.reference)
        return (Reply(text, choices=menu_choices(ctx)),)


@dataclass(frozen=True)
class WithdrawPledge(Effect):
    reference: str

    def confirmation(self, outcome: str | None, ctx: FlowContext) -> tuple[Reply, ...]:
        text = ctx._("Pledge {reference} is withdrawn.").format(reference=self.reference)
        return (Reply(text, choices=menu_choices(ctx)),)


@dataclass(frozen=True)
class SubmitProgressReport(Effect):
    reference: str
    answers: Mapping[str, Any]

    def confirmation(self, outcome: str | None, ctx: FlowContext) -> tuple[Reply, ...]:
        text = ctx._("Thank you! Your progress report on {reference} is saved.").format(
            reference=self.reference)
        return (Reply(text, choices=(*story_offer(self.reference, ctx), *menu_choices(ctx))),)


@dataclass(frozen=True)
class SnoozeReminders(Effect):
    """Remind me again in a week. The outcome is the new reminder time, in words."""

    reference: str

    def confirmation(self, outcome: str | None, ctx: FlowContext) -> tuple[Reply, ...]:
        return (Reply(ctx._("All right, I will remind you about {reference} again on "
                            "{day}.").format(reference=self.reference,
                                             day=show_date(outcome or "", ctx))),)


@dataclass(frozen=True)
class PauseReminders(Effect):
    reference: str

    def confirmation(self, outcome: str | None, ctx: FlowContext) -> tuple[Reply, ...]:
        return (Reply(ctx._("Reminders for {reference} are paused. You can still report "
                            "at any time with /report.").format(reference=self.reference)),)


@dataclass(frozen=True)
class UpdateReminderSettings(Effect):
    """Changed settings only; the pledger's pledges are rescheduled by them."""

    changes: Mapping[str, Any]

    def confirmation(self, outcome: str | None, ctx: FlowContext) -> tuple[Reply, ...]:
        return (Reply(ctx._("Your reminder settings are saved."), choices=menu_choices(ctx)),)
