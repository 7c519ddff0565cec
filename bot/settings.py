"""Settings from the environment or `.env`: everything has a default that runs the
console chat on SQLite, so a fresh checkout needs no configuration."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

from storage.db import DEFAULT_DATABASE, with_driver
from storage.deliveries import ABANDONED_AFTER
from vocabulary import DEFAULT_CADENCE, Cadence

PROJECT_DIR = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="P2C_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default_factory=lambda: f"sqlite:///{DEFAULT_DATABASE}",
        validation_alias=AliasChoices("DATABASE_URL", "P2C_DATABASE_URL"),
    )
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
