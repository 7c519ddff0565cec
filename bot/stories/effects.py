"""The story effects applied on the server, in the turn's transaction: a pledger's
story stored with its files, and the secretariat's queue and decisions, each checking
the role first (a non-member's attempt is audited and changes nothing). The pledger
hears of a decision through the pledge outbox, once, in their language."""

from __future__ import annotations

from typing import Any

from bot.effect_handlers import EffectScope, PledgeNotOwnedError, apply_effect
from bot.flows.desk_effects import RecordRefusal
from bot.flows.desk_model import DecisionResult
from bot.flows.model import Attachment
from bot.flows.story_effects import DecideStory, ShowStoryFiles, ShowStoryQueue, SubmitStory
from bot.flows.story_model import StoryDecisionOutcome
from bot.flows.story_views import STORIES_SHOWN
from bot.stories.entries import story_entry, story_period
from storage import audit, outbox, pledges, stories
from storage.models import saved_id
from vocabulary import PledgeStatus, ReminderKind, StoryStatus


def _refused(action: str, argument: str, scope: EffectScope) -> Any:
    return apply_effect(RecordRefusal(action, argument), scope)


@apply_effect.register
def _submit_story(effect: SubmitStory, scope: EffectScope) -> int:
    """Only about an approved pledge of the pledger's own organization."""
    pledge = pledges.pledge_by_reference(scope.session, effect.reference)
    if pledge is None or pledge.organization_id != scope.pledger.organization_id or \
            pledge.status != PledgeStatus.APPROVED:
        raise PledgeNotOwnedError(effect.reference)
    story = stories.add_story(
        scope.session, pledge_id=saved_id(pledge), pledger_id=saved_id(scope.pledger),
        title=effect.title, body=effect.body, now=scope.now,
        files=[stories.StoryFile(f.name, f.media_type, f.sha256, f.size, f.stored_as)
               for f in effect.files])
    audit.record_event(scope.session, actor_pledger_id=scope.pledger.id,
                       action="story.submitted", entity="story",
                       entity_id=str(saved_id(story)),
                       details={"pledge": effect.reference, "files": len(effect.files)})
    return saved_id(story)


@apply_effect.register
def _story_queue(effect: ShowStoryQueue, scope: EffectScope) -> Any:
    if not scope.secretariat:
        return _refused("stories", "", scope)
    rows, waiting = stories.story_queue(scope.session, STORIES_SHOWN)
    return tuple(story_entry(row) for row in rows), waiting


@apply_effect.register
def _story_files(effect: ShowStoryFiles, scope: EffectScope) -> Any:
    """The story, and its files' bytes from the store named by their display names
    (which end in the extension of what they are). None when there is no such story."""
    if not scope.secretariat:
        return _refused("storyfiles", str(effect.story_id), scope)
    found = stories.story_with_files(scope.session, effect.story_id)
    if found is None:
        return None
    store = scope.story_files
    if store is None:
        raise LookupError("a story's files are asked for where no file store is set")
    return story_entry(found), tuple(
        Attachment(f.name, f.media_type, store.path_of(f.stored_as).read_bytes())
        for f in found.files)


@apply_effect.register
def _decide_story(effect: DecideStory, scope: EffectScope) -> Any:
    """Decides once: a story decided meanwhile (a double tap, a colleague) is not
    decided again, and its pledger is told once."""
    if not scope.secretariat:
        return _refused(f"story.{effect.decision}", str(effect.story_id), scope)
    story = stories.locked_story(scope.session, effect.story_id)
    if story is None:
        return StoryDecisionOutcome(DecisionResult.GONE, effect.story_id)
    if story.status != StoryStatus.SUBMITTED:
        return StoryDecisionOutcome(DecisionResult.ALREADY, effect.story_id, story.status)
    story.status = effect.decision
    story.review_note = effect.note or None
    story.reviewed_at, story.reviewed_by = scope.now, saved_id(scope.pledger)
    scope.session.add(story)
    outbox.enqueue(scope.session, story.pledge_id, story_period(effect.story_id),
                   ReminderKind.STORY_DECISION, scope.now)
    audit.record_event(scope.session, actor_pledger_id=scope.pledger.id,
                       action=f"story.{effect.decision}", entity="story",
                       entity_id=str(effect.story_id), details={"note": effect.note})
    return StoryDecisionOutcome(DecisionResult.DONE, effect.story_id, story.status)
