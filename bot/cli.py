"""The `p2c-bot` command."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from bot.settings import Settings
from storage import migrations

app = typer.Typer(help="Partner2Connect pledge assistant.", no_args_is_help=True,
                  add_completion=False)


@app.command()
def chat(
    user: Annotated[str | None, typer.Option(help="Who you are in the chat "
                                                  "(default: your login name).")] = None,
    lang: Annotated[str | None, typer.Option(help="Language code, e.g. en or fr.")] = None,
) -> None:
    """Talk to the bot in this terminal (embedded SQLite unless DATABASE_URL is set)."""
    from bot.app import build_turn_runner
    from bot.handlers.console import chat as run_chat

    run_chat(build_turn_runner(Settings()), user or getpass.getuser(), lang)


@app.command()
def migrate(
    downgrade: Annotated[str | None, typer.Option(
        help="Go down to this revision instead of up to the newest ('base' empties).")] = None,
) -> None:
    """Bring the database schema up to date (or down to a revision)."""
    url = Settings().database_url
    if downgrade:
        migrations.downgrade(url, downgrade)
    else:
        migrations.upgrade(url)
    typer.echo(f"Database at revision {migrations.current_revision_of(url)}.")
