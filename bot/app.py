"""Wiring shared by every entry point: settings → database → reference data → turns."""

from __future__ import annotations

from datetime import timedelta

from bot.effect_handlers import DeskServices
from bot.i18n import Catalogs
from bot.reference import load_reference
from bot.secretariat.destinations import digest_destinations
from bot.settings import Settings
from bot.stories.files import StoryFileStore
from bot.turns import TurnRunner
from storage.db import Database
from storage.migrations import upgrade


def build_turn_runner(settings: Settings, *, migrate: bool = True) -> TurnRunner:
    """The app migrates on start, so a fresh checkout or a new release just runs."""
    if migrate:
        upgrade(settings.database_url)
    return TurnRunner(
        Database(settings.database_url),
        load_reference(settings.config_dir),
        Catalogs(settings.locales_dir, settings.default_language),
        idle_after=timedelta(days=settings.conversation_idle_days),
        default_cadence=settings.reminder_cadence,
        abandoned_after=timedelta(seconds=settings.delivery_takeover_seconds),
        secretariat=settings.secretariat_members,
        desk=DeskServices(digest_destinations(settings), settings.default_language),
        story_files=StoryFileStore(settings.stories_dir),
    )
