"""Where digests go, named once from the settings: the names key the digest outbox,
so /digest (in the web process) and the worker agree on them."""

from __future__ import annotations

from bot.settings import Settings
from vocabulary import DestinationKind


def email_destination(recipients: list[str]) -> str:
    return f"{DestinationKind.EMAIL}:{','.join(recipients)}"[:200]


def digest_destinations(settings: Settings) -> tuple[str, ...]:
    named = []
    if settings.digest_slack_channel:
        named.append(f"{DestinationKind.SLACK}:{settings.digest_slack_channel}")
    if settings.digest_telegram_chat:
        named.append(f"{DestinationKind.TELEGRAM}:{settings.digest_telegram_chat}")
    if settings.digest_email_to and settings.smtp_host:
        named.append(email_destination(settings.digest_email_to))
    return tuple(named)
