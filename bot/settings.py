"""Settings from the environment or `.env`: everything has a default that runs the
console chat on SQLite, so a fresh checkout needs no configuration."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url

from storage.db import DEFAULT_DATABASE, with_driver
from storage.deliveries import ABANDONED_AFTER
from vocabulary import DEFAULT_CADENCE, Cadence, Channel, DigestCadence

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CommaList = Annotated[list[str], NoDecode]
"""A list written as `a, b, c` in the environment (not as JSON)."""

PROJECT_DIR = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="P2C_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default_factory=lambda: f"sqlite:///{DEFAULT_DATABASE}",
        validation_alias=AliasChoices("DATABASE_URL", "P2C_DATABASE_URL"),
    )
    stories_dir: Path = Field(
        default=DEFAULT_DATABASE.parent / "stories",
        description="where stories' photos and documents are kept, by checksum; beside "
                    "the embedded database by default")
    config_dir: Path = PROJECT_DIR / "config"
    locales_dir: Path = PROJECT_DIR / "locales"
    default_language: str = "en"
    conversation_idle_days: int = Field(default=14, ge=1)
    delivery_takeover_seconds: float = Field(
        default=ABANDONED_AFTER.total_seconds(), gt=0,
        description="How long replies of a turn may stay unconfirmed before a platform's "
                    "re-delivery takes their sending over from the (dead) process that "
                    "answered it; longer than the slowest send of a turn's replies.")

    reminder_cadence: Cadence = DEFAULT_CADENCE
    reminder_follow_up_days: int = Field(default=14, ge=1)
    reminder_overdue_days: int = Field(default=14, ge=1)
    worker_tick_seconds: float = Field(default=60, gt=0)
    worker_batch: int = Field(default=200, ge=1)
    worker_lease_seconds: float = Field(default=300, gt=0)
    telegram_messages_per_second: float = Field(default=30, gt=0)
    telegram_seconds_per_chat: float = Field(default=1, ge=0)
    slack_seconds_per_channel: float = Field(default=1, ge=0)

    secretariat: CommaList = Field(
        default_factory=list, description="secretariat members as channel:user_id, "
        "comma-separated (`telegram:123456, slack:U012AB3CD`); more with `p2c-bot "
        "secretariat add`")
    digest_cadence: DigestCadence = DigestCadence.WEEKLY
    digest_weekday: str = Field(default="monday", description="the day a weekly digest "
                                "goes out, in `digest_time_zone`")
    digest_hour: int = Field(default=8, ge=0, le=23)
    digest_time_zone: str = "Europe/Zurich"
    digest_slack_channel: str | None = Field(default=None, description="a channel id, C…")
    digest_telegram_chat: str | None = Field(default=None, description="a chat id")
    digest_email_to: CommaList = Field(default_factory=list)
    digest_late_after_hours: float = Field(default=6, gt=0, description="a digest sent "
                                           "this long after its time says it is late")
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    smtp_from: str = "p2c-bot@localhost"

    telegram_token: str | None = None
    telegram_webhook_secret: str | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_api_url: str = "https://slack.com/api/"
    public_url: str | None = None
    host: str = Field(default="127.0.0.1", description="0.0.0.0 to listen on every "
                      "interface, as a container or platform router needs")
    port: int = Field(default=8000, validation_alias=AliasChoices("PORT", "P2C_PORT"))
    log_level: str = "INFO"

    @property
    def database_location(self) -> str:
        """Where the data is, for people: a SQLite file's path, or the server URL without
        its password."""
        url = make_url(self.database_url)
        if url.get_backend_name() == "sqlite":
            return str(Path(url.database or "").resolve())
        return url.render_as_string(hide_password=True)

    @field_validator("database_url")
    @classmethod
    def _use_psycopg3(cls, url: str) -> str:
        return with_driver(url)

    @field_validator("secretariat", "digest_email_to", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("secretariat")
    @classmethod
    def _members(cls, members: list[str]) -> list[str]:
        for member in members:
            channel, _, user_id = member.partition(":")
            if channel not in set(Channel) or not user_id.strip():
                raise ValueError(f"{member!r} is not channel:user_id with channel one of "
                                 f"{', '.join(Channel)}")
        return [f"{m.partition(':')[0]}:{m.partition(':')[2].strip()}" for m in members]

    @field_validator("digest_weekday")
    @classmethod
    def _weekday(cls, day: str) -> str:
        if day.strip().casefold() not in WEEKDAYS:
            raise ValueError(f"{day!r} is not a day of the week ({', '.join(WEEKDAYS)})")
        return day.strip().casefold()

    @field_validator("digest_time_zone")
    @classmethod
    def _zone(cls, zone: str) -> str:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"{zone!r} is not an IANA time zone") from error
        return zone

    @property
    def secretariat_members(self) -> frozenset[tuple[Channel, str]]:
        return frozenset((Channel(m.partition(":")[0]), m.partition(":")[2])
                         for m in self.secretariat)
