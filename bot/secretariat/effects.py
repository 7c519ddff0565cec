"""The secretariat's effects applied on the server, in the turn's transaction. Each
checks the role first: a non-member's attempt is audited and changes nothing."""

from __future__ import annotations

from typing import Any

from bot.effect_handlers import EffectScope, apply_effect
from bot.flows.desk_effects import (
    DecidePledge,
    DeskEffect,
    ExportPledges,
    FindPledges,
    RecordRefusal,
    SendDigestNow,
    ShowAttention,
    ShowFigures,
    ShowReviewQueue,
)
from bot.flows.desk_model import (
    DecisionOutcome,
    DecisionResult,
    DigestQueued,
    Refused,
)
from bot.flows.desk_views import ATTENTION_SHOWN, FOUND_SHOWN, QUEUE_SHOWN
from bot.reminders.planning import plan_next
from bot.secretariat.digest_content import digest_now, queue_manual_digest
from bot.secretariat.entries import attention_item, figures_now, review_entry
from bot.secretariat.exports import export_pledges
from storage import audit, outbox, review
from storage.models import Pledger, saved_id
from storage.pledges import stored_reference
from vocabulary import PledgeStatus, ReminderKind


def _refused(effect: DeskEffect | RecordRefusal, scope: EffectScope,
             argument: str | None = None) -> Refused:
    action = getattr(effect, "action", type(effect).__name__)
    audit.record_event(scope.session, actor_pledger_id=scope.pledger.id,
                       action="access.refused", entity="pledger",
                       entity_id=str(scope.pledger.id),
                       details={"action": action, "argument": argument,
                                "channel": scope.pledger.channel,
                                "user": scope.pledger.external_id})
    return Refused(action)


@apply_effect.register
def _record_refusal(effect: RecordRefusal, scope: EffectScope) -> Any:
    return _refused(effect, scope, effect.argument)


@apply_effect.register
def _queue(effect: ShowReviewQueue, scope: EffectScope) -> Any:
    if not scope.secretariat:
        return _refused(effect, scope)
    rows, waiting = review.review_queue(scope.session, QUEUE_SHOWN)
    return tuple(review_entry(scope.session, row) for row in rows), waiting


@apply_effect.register
def _find(effect: FindPledges, scope: EffectScope) -> Any:
    if not scope.secretariat:
        return _refused(effect, scope, effect.query)
    rows, total = review.find_pledges(scope.session, effect.query, FOUND_SHOWN)
    return tuple(review_entry(scope.session, row) for row in rows), total


@apply_effect.register
def _figures(effect: ShowFigures, scope: EffectScope) -> Any:
    if not scope.secretariat:
        return _refused(effect, scope)
    return figures_now(scope.session, scope.now)


@apply_effect.register
def _attention(effect: ShowAttention, scope: EffectScope) -> Any:
    if not scope.secretariat:
        return _refused(effect, scope)
    rows, total = review.attention(scope.session, ATTENTION_SHOWN)
    return tuple(attention_item(row) for row in rows), total


@apply_effect.register
def _digest_now(effect: SendDigestNow, scope: EffectScope) -> Any:
    if not scope.secretariat:
        return _refused(effect, scope)
    destinations = queue_manual_digest(scope.session, scope.desk.digest_destinations,
                                       scope.now)
    audit.record_event(scope.session, actor_pledger_id=scope.pledger.id,
                       action="digest.requested", entity="digest",
                       entity_id=scope.now.isoformat(), details={"destinations": destinations})
    return DigestQueued(digest_now(scope.session, scope.now), tuple(destinations))


@apply_effect.register
def _export(effect: ExportPledges, scope: EffectScope) -> Any:
    if not scope.secretariat:
        return _refused(effect, scope, effect.format)
    exported = export_pledges(scope.session, scope.reference, effect.format, scope.now)
    audit.record_event(scope.session, actor_pledger_id=scope.pledger.id,
                       action="pledges.exported", entity="export",
                       entity_id=exported.attachment.filename,
                       details={"format": effect.format, "pledges": exported.pledges})
    return exported


@apply_effect.register
def _decide(effect: DecidePledge, scope: EffectScope) -> Any:
    """Decides on the revision the member saw, once: a pledge decided meanwhile (a
    double tap, a colleague) or edited since is not decided again. The pledger is told
    through the outbox, in their language, exactly once."""
    if not scope.secretariat:
        return _refused(effect, scope, f"{effect.reference}.{effect.revision}")
    pledge = review.locked_pledge(scope.session, effect.reference)
    if pledge is None:
        return DecisionOutcome(DecisionResult.GONE, effect.reference)
    if pledge.status != PledgeStatus.SUBMITTED:
        return DecisionOutcome(DecisionResult.ALREADY, effect.reference, pledge.status)
    if pledge.revision != effect.revision:
        rows = review.review_rows(scope.session, [pledge])
        return DecisionOutcome(DecisionResult.CHANGED, effect.reference, pledge.status,
                               review_entry(scope.session, rows[0]))
    pledge.status = effect.decision
    pledge.review_note = effect.note or None
    pledge.reviewed_at, pledge.reviewed_by = scope.now, saved_id(scope.pledger)
    owner = scope.session.get_one(Pledger, pledge.pledger_id)
    pledge.next_reminder_at = plan_next(pledge, owner, scope.now)
    scope.session.add(pledge)
    outbox.enqueue(scope.session, saved_id(pledge), scope.now.isoformat(),
                   ReminderKind.DECISION, scope.now)
    audit.record_event(scope.session, actor_pledger_id=scope.pledger.id,
                       action=f"pledge.{effect.decision}", entity="pledge",
                       entity_id=stored_reference(pledge),
                       details={"revision": effect.revision, "note": effect.note})
    return DecisionOutcome(DecisionResult.DONE, effect.reference, pledge.status)

