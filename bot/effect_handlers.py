"""Applying the flows' effects to storage, inside the turn's transaction. Each returns
the outcome the effect's confirmation reports (a pledge reference)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import singledispatch
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.flows.effects import (
    JoinOrganization,
    PauseReminders,
    RegisterOrganization,
    SetLanguage,
    SnoozeReminders,
    SubmitPledge,
    SubmitProgressReport,
    UpdatePledge,
    UpdateReminderSettings,
    WithdrawPledge,
)
from bot.flows.model import Effect
from bot.pledge_records import pledge_values, stored_answers
from bot.reference import ReferenceData
from bot.reminders.planning import plan_next, preferences_of
from bot.reminders.schedule import first_good_moment, snoozed
from bot.stories.files import StoryFileStore
from storage import audit, pledges
from storage.models import Pledge, Pledger, ProgressReport, saved_id
from storage.pledgers import find_or_create_organization, organization_named
from vocabulary import DEFAULT_CADENCE, Cadence, PledgeStatus, ProgressStatus

REOPENED_BY_EDIT = {PledgeStatus.APPROVED, PledgeStatus.REJECTED,
                    PledgeStatus.CHANGES_REQUESTED}
"""An edit after a decision sends the pledge back to review (its reminders wait)."""


class PledgeNotOwnedError(LookupError):
    """An effect named a pledge this pledger may not change."""


@dataclass(frozen=True)
class DeskServices:
    """What the secretariat's effects need beyond the database: where digests go (for
    /digest), and the language digests are written in."""

    digest_destinations: tuple[str, ...] = ()
    digest_language: str = "en"


@dataclass(frozen=True)
class EffectScope:
    session: Session
    pledger: Pledger
    reference: ReferenceData
    now: datetime
    default_cadence: Cadence = DEFAULT_CADENCE
    secretariat: bool = False
    """The acting pledger is a secretariat member (found on the server)."""
    desk: DeskServices = field(default_factory=lambda: DeskServices())
    story_files: StoryFileStore | None = None
    """Where stories' files are kept, for the secretariat to be sent them."""


@singledispatch
def apply_effect(effect: Effect, scope: EffectScope) -> Any:
    raise TypeError(f"no handler for {type(effect).__name__}")


@apply_effect.register
def _register(effect: RegisterOrganization, scope: EffectScope) -> str | None:
    organization, created = find_or_create_organization(
        scope.session, effect.name, effect.sector, effect.country)
    scope.pledger.organization_id = organization.id
    scope.pledger.time_zone = effect.time_zone or scope.pledger.time_zone
    scope.session.add(scope.pledger)
    audit.record_event(scope.session, actor_pledger_id=scope.pledger.id,
                       action="organization.created" if created else "organization.joined",
                       entity="organization", entity_id=str(organization.id),
                       details={"name": organization.name})
    return None


@apply_effect.register
def _join(effect: JoinOrganization, scope: EffectScope) -> str | None:
    """Joining was confirmed by the pledger; it is recorded, as a creation is."""
    organization = organization_named(scope.session, effect.name)
    if organization is None:
        raise LookupError(f"organization {effect.name!r} is no longer registered")
    scope.pledger.organization_id = organization.id
    scope.pledger.time_zone = effect.time_zone or scope.pledger.time_zone
    scope.session.add(scope.pledger)
    audit.record_event(scope.session, actor_pledger_id=scope.pledger.id,
                       action="organization.joined", entity="organization",
                       entity_id=str(organization.id),
                       details={"name": organization.name, "confirmed": True})
    return None


@apply_effect.register
def _set_language(effect: SetLanguage, scope: EffectScope) -> str | None:
    scope.pledger.language = effect.language
    scope.session.add(scope.pledger)
    return None


@apply_effect.register
def _submit(effect: SubmitPledge, scope: EffectScope) -> str | None:
    values = pledge_values(effect.answers, scope.reference, scope.now.date())
    if scope.pledger.organization_id is None:
        raise PledgeNotOwnedError("a pledge needs a registered organization")
    pledge = Pledge(organization_id=scope.pledger.organization_id,
                    pledger_id=saved_id(scope.pledger),
                    status=PledgeStatus.SUBMITTED, created_at=scope.now, updated_at=scope.now,
                    submitted_at=scope.now, reminder_cadence=scope.default_cadence,
                    **values.columns)
    pledge.next_reminder_at = plan_next(pledge, scope.pledger, scope.now)
    pledges.add_pledge(scope.session, pledge, values.countries, values.partners)
    _audit(scope, "pledge.submitted", pledge)
    return pledge.reference


@apply_effect.register
def _update(effect: UpdatePledge, scope: EffectScope) -> str | None:
    pledge = _own_pledge(effect.reference, scope)
    before = stored_answers(scope.session, pledge)
    values = pledge_values(effect.answers, scope.reference, pledge.submitted_at.date())
    for column, value in values.columns.items():
        setattr(pledge, column, value)
    if pledge.status in REOPENED_BY_EDIT:
        pledge.status = PledgeStatus.SUBMITTED
        pledge.next_reminder_at = None
    pledge.revision += 1
    pledge.updated_at = scope.now
    scope.session.add(pledge)
    pledges.replace_links(scope.session, pledge, values.countries, values.partners)
    after = stored_answers(scope.session, pledge)
    changed = sorted(k for k in after if after[k] != before.get(k))
    _audit(scope, "pledge.edited", pledge, {"changed": changed})
    return pledge.reference


@apply_effect.register
def _withdraw(effect: WithdrawPledge, scope: EffectScope) -> str | None:
    pledge = _own_pledge(effect.reference, scope)
    pledge.status = PledgeStatus.WITHDRAWN
    pledge.next_reminder_at = None
    pledge.updated_at = scope.now
    scope.session.add(pledge)
    _audit(scope, "pledge.withdrawn", pledge)
    return pledge.reference


@apply_effect.register
def _report(effect: SubmitProgressReport, scope: EffectScope) -> str | None:
    """A report resets the reminder cycle and clears the overdue flag."""
    pledge = _own_pledge(effect.reference, scope)
    answers = effect.answers
    percent = {ProgressStatus.NOT_STARTED: 0, ProgressStatus.COMPLETED: 100}.get(
        answers["status"],
                                                       answers.get("percent_done"))
    disbursed = answers.get("amount_disbursed")
    scope.session.add(ProgressReport(
        pledge_id=saved_id(pledge), pledger_id=saved_id(scope.pledger),
        status=answers["status"],
        percent_done=percent, amount_disbursed=Decimal(disbursed) if disbursed else None,
        people_reached=answers.get("people_reached"),
        beneficiary_groups=list(answers.get("groups_reached") or []),
        narrative=answers["narrative"], evidence_url=answers.get("evidence_url"),
        reported_at=scope.now))
    pledge.progress_status = answers["status"]
    pledge.last_reported_at = scope.now
    pledge.overdue = False
    pledge.next_reminder_at = plan_next(pledge, scope.pledger, scope.now)
    scope.session.add(pledge)
    _audit(scope, "pledge.reported", pledge, {"status": answers["status"]})
    return pledge.reference


@apply_effect.register
def _snooze(effect: SnoozeReminders, scope: EffectScope) -> str | None:
    pledge = _own_pledge(effect.reference, scope)
    pledge.next_reminder_at = snoozed(scope.now, preferences_of(scope.pledger))
    scope.session.add(pledge)
    local = pledge.next_reminder_at.astimezone(preferences_of(scope.pledger).zone())
    return local.date().isoformat()


@apply_effect.register
def _pause(effect: PauseReminders, scope: EffectScope) -> str | None:
    pledge = _own_pledge(effect.reference, scope)
    pledge.reminders_paused = True
    pledge.next_reminder_at = None
    scope.session.add(pledge)
    _audit(scope, "reminders.paused", pledge)
    return pledge.reference


@apply_effect.register
def _reminder_settings(effect: UpdateReminderSettings, scope: EffectScope) -> str | None:
    """Applies the change, then reschedules every pledge of the pledger by it. A change
    of the time of day only (hour, quiet hours, weekends, zone) keeps each reminder's
    day and moves its time; a new cadence or a resume plans afresh."""
    pledger, changes = scope.pledger, dict(effect.changes)
    own = pledges.pledges_of_pledger(scope.session, saved_id(pledger))
    before = preferences_of(pledger).zone()
    for name in ("reminder_hour", "quiet_start", "quiet_end", "skip_weekends", "time_zone"):
        if name in changes:
            setattr(pledger, name, changes[name])
    scope.session.add(pledger)
    for pledge in own:
        if "cadence" in changes:
            pledge.reminder_cadence = changes["cadence"]
        if "paused" in changes:
            pledge.reminders_paused = changes["paused"]
        pledge.next_reminder_at = _same_day_or_next(pledge, pledger, before, changes, scope.now)
        scope.session.add(pledge)
    audit.record_event(scope.session, actor_pledger_id=pledger.id, action="reminders.changed",
                       entity="pledger", entity_id=str(pledger.id), details=changes)
    return None


def _same_day_or_next(pledge: Pledge, pledger: Pledger, before: ZoneInfo,
                      changes: Mapping[str, Any], now: datetime) -> datetime | None:
    planned = pledge.next_reminder_at
    if "cadence" in changes or "paused" in changes or planned is None:
        return plan_next(pledge, pledger, now)
    day = planned.astimezone(before).date()
    moved = first_good_moment(day, preferences_of(pledger))
    return moved if moved > now else plan_next(pledge, pledger, now)


def _audit(scope: EffectScope, action: str, pledge: Pledge,
           details: dict[str, Any] | None = None) -> None:
    audit.record_event(scope.session, actor_pledger_id=scope.pledger.id, action=action,
                       entity="pledge", entity_id=pledges.stored_reference(pledge),
                       details=details)


def _own_pledge(reference: str, scope: EffectScope) -> Pledge:
    """A pledge of the pledger's organization: every member may edit, withdraw and
    report on it (the audit log says who did)."""
    pledge = pledges.pledge_by_reference(scope.session, reference)
    if pledge is None or scope.pledger.organization_id is None or \
            pledge.organization_id != scope.pledger.organization_id:
        raise PledgeNotOwnedError(reference)
    return pledge


def unhandled_effects() -> list[type[Effect]]:
    """Effects a flow can ask for that nothing applies (a base such as `DeskEffect` is
    never asked for itself)."""
    return [kind for kind in _effect_kinds(Effect)
            if kind not in apply_effect.registry and not kind.__subclasses__()]


def _effect_kinds(base: type[Effect]) -> list[type[Effect]]:
    return [kind for sub in base.__subclasses__() for kind in (sub, *_effect_kinds(sub))]

