"""Contexts of pledgers of each UN language, for tests of values shown and typed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import cache

from babel.support import NullTranslations

from bot.flows.model import FlowContext
from bot.i18n import Translator
from bot.reference import load_reference
from tests.conftest import CONFIG_DIR, TODAY
from vocabulary import Channel

UN_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")


class SomeTranslations(NullTranslations):
    """A catalog of a few texts (the rest stay English), as a test needs them."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        super().__init__()
        self.texts = dict(texts)

    def gettext(self, message: str) -> str:
        return self.texts.get(message, message)


def in_language(ctx: FlowContext, locale: str,
                texts: Mapping[str, str] | None = None) -> FlowContext:
    """The context of a pledger who speaks `locale`, whether or not its catalog is
    translated yet (that is done elsewhere): values are shown and read in the locale,
    texts stay in English but for `texts`."""
    return replace(ctx, translator=Translator(locale, SomeTranslations(texts or {})))


@cache
def context_in(locale: str) -> FlowContext:
    """A pledger's context outside any conversation, for property tests (which may not
    use function-scoped fixtures)."""
    ctx = FlowContext(translator=Translator("en", NullTranslations()),
                      reference=load_reference(CONFIG_DIR), today=TODAY,
                      channel=Channel.TELEGRAM)
    return in_language(ctx, locale)
