"""The `p2c-bot` command."""

from __future__ import annotations

import getpass
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.settings import Settings
from storage import migrations
from vocabulary import ExportFormat, PledgeStatus

if TYPE_CHECKING:
    from bot.handlers.telegram import PTBApplication
    from bot.i18n import Catalogs
    from bot.turns import TurnRunner
    from storage.db import Database

# python-telegram-bot 22 reports durations such as a 429's retry_after as timedelta once
# this is set; our code reads both forms, and opting in avoids its deprecation warning.
os.environ.setdefault("PTB_TIMEDELTA", "true")

app = typer.Typer(help="Partner2Connect pledge assistant.", no_args_is_help=True,
                  add_completion=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})


def _show_version(asked: bool) -> None:
    if asked:
        from importlib.metadata import version

        typer.echo(f"p2c-bot {version('p2c-bot')}")
        raise typer.Exit


@app.callback()
def main(
    _version: Annotated[bool, typer.Option(
        "--version", "-V", help="Show the version and exit.", callback=_show_version,
        is_eager=True)] = False,
) -> None:
    """Partner2Connect pledge assistant."""


@app.command()
def chat(
    user: Annotated[str | None, typer.Option(metavar="NAME", help="Who you are in the chat "
                                                  "(default: your login name).")] = None,
    lang: Annotated[str | None, typer.Option(metavar="CODE",
                                             help="Language code, e.g. en or fr.")] = None,
) -> None:
    """Talk to the bot in this terminal (embedded SQLite unless DATABASE_URL is set)."""
    from bot.app import build_turn_runner
    from bot.handlers.console import chat as run_chat

    settings = Settings()
    runner = build_turn_runner(settings)
    if lang is not None:
        _refuse_without_catalog(lang, runner.catalogs)
    typer.echo(f"Pledges are kept in {settings.database_location}")
    run_chat(runner, user or getpass.getuser(), lang)


def _refuse_without_catalog(lang: str, catalogs: Catalogs) -> None:
    """A language asked for by `--lang` that no catalog answers stops the command,
    naming the languages there are."""
    if not catalogs.has(lang):
        typer.echo(f"There is no catalog for the language “{lang}”. Languages: "
                   f"{', '.join(catalogs.available())}.", err=True)
        raise typer.Exit(2)


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


@app.command()
def worker(
    until_idle: Annotated[bool, typer.Option(
        help="Stop once nothing is due or being sent (for cron or a one-off catch-up).")]
    = False,
) -> None:
    """Run the reminder worker: a tick every P2C_WORKER_TICK_SECONDS sends what is due."""
    import asyncio

    from bot.logs import configure_logging
    from bot.worker import run_worker

    settings = Settings()
    configure_logging(settings.log_level)
    asyncio.run(run_worker(settings, until_idle=until_idle))


@app.command()
def publish(
    out: Annotated[Path, typer.Option(metavar="DIR", help="The folder to write the site to "
                                      "(replaced whole; created if missing).",
                                      file_okay=False)],
    lang: Annotated[str | None, typer.Option(
        metavar="CODE", help="The pages' language, e.g. fr or ar (default: the default "
        "language); the feeds are the same in every language.")] = None,
) -> None:
    """Write the open-data site: approved pledges with filters and totals, a page per
    pledge, CSV and JSON feeds and approved stories; static files, no personal data."""
    from datetime import UTC, datetime

    from bot.i18n import Catalogs
    from bot.publish.site import SiteError, publish_site
    from bot.reference import load_reference
    from storage.db import Database
    from storage.migrations import upgrade

    settings = Settings()
    catalogs = Catalogs(settings.locales_dir, settings.default_language)
    if lang is not None:
        _refuse_without_catalog(lang, catalogs)
    upgrade(settings.database_url)
    database = Database(settings.database_url)
    try:
        with database.snapshot() as session:
            site = publish_site(session, load_reference(settings.config_dir), out,
                                catalogs=catalogs, stories_dir=settings.stories_dir,
                                now=datetime.now(UTC), language=lang)
    except SiteError as error:
        typer.echo(f"Not published: {error}", err=True)
        raise typer.Exit(1) from error
    finally:
        database.dispose()
    typer.echo(f"Site written to {site.path}. Approved pledges: {site.pledges}. Stories: "
               f"{site.stories}. Open index.html, or put the folder on any web server.")


rates_app = typer.Typer(help="Exchange rates to US dollars.", no_args_is_help=True)
app.add_typer(rates_app, name="rates")


@rates_app.command("import")
def import_rates(
    file: Annotated[Path, typer.Argument(help="CSV with columns code,units_per_usd,as_of.",
                                         exists=True, dir_okay=False, readable=True)],
) -> None:
    """Merge a rates file into config/currencies.csv (a newer date wins) and give a US
    dollar figure to pledges saved without one. Nothing changes if any row is wrong."""
    from datetime import date

    from bot.money import CurrencyTable
    from bot.rates import RatesError, merge, read_rates, write_rates
    from storage.db import Database
    from storage.migrations import upgrade
    from storage.pledges import fill_missing_usd

    settings = Settings()
    table_path = settings.config_dir / "currencies.csv"
    try:
        imported = read_rates(file, date.today())
    except RatesError as error:
        typer.echo(f"Not imported:\n{error}", err=True)
        raise typer.Exit(1) from error
    merged = merge(CurrencyTable.from_file(table_path), imported)
    write_rates(table_path, merged.table)
    upgrade(settings.database_url)
    database = Database(settings.database_url)
    with database.transaction() as session:
        filled = fill_missing_usd(session, merged.table.to_usd)
    database.dispose()
    typer.echo(f"{len(merged.added)} currencies added, {len(merged.updated)} updated, "
               f"{len(merged.table.codes)} in the table; {filled} pledges given a US dollar "
               f"figure. Restart the running processes to use the new rates.")


secretariat_app = typer.Typer(help="Who belongs to the P2C secretariat.",
                              no_args_is_help=True)
app.add_typer(secretariat_app, name="secretariat")
MEMBER_HELP = "channel:user_id, e.g. telegram:123456789 or slack:U012AB3CD"


def _member(member: str) -> tuple[str, str]:
    from vocabulary import Channel

    channel, _, user_id = member.partition(":")
    if channel not in set(Channel) or not user_id.strip():
        raise typer.BadParameter(f"{member!r} is not {MEMBER_HELP}")
    return channel, user_id.strip()


def _secretariat_session() -> tuple[Settings, Database]:
    from storage.db import Database
    from storage.migrations import upgrade

    settings = Settings()
    upgrade(settings.database_url)
    return settings, Database(settings.database_url)


@secretariat_app.command("add")
def secretariat_add(member: Annotated[str, typer.Argument(metavar="MEMBER",
                                                          help=MEMBER_HELP)]) -> None:
    """Make someone a secretariat member (they may review, export, ask for digests)."""
    from storage import audit
    from storage.secretariat import grant

    channel, user_id = _member(member)
    _, database = _secretariat_session()
    with database.transaction() as session:
        added = grant(session, channel, user_id)
        if added:
            audit.record_event(session, actor_pledger_id=None, action="secretariat.added",
                               entity="pledger", entity_id=f"{channel}:{user_id}",
                               details={"by": getpass.getuser()})
    database.dispose()
    typer.echo(f"{channel}:{user_id} is {'now' if added else 'already'} a secretariat member.")


@secretariat_app.command("remove")
def secretariat_remove(member: Annotated[str, typer.Argument(metavar="MEMBER",
                                                             help=MEMBER_HELP)]) -> None:
    """Take someone out of the secretariat (members named in P2C_SECRETARIAT stay)."""
    from storage import audit
    from storage.secretariat import revoke

    channel, user_id = _member(member)
    settings, database = _secretariat_session()
    with database.transaction() as session:
        removed = revoke(session, channel, user_id)
        if removed:
            audit.record_event(session, actor_pledger_id=None, action="secretariat.removed",
                               entity="pledger", entity_id=f"{channel}:{user_id}",
                               details={"by": getpass.getuser()})
    database.dispose()
    typer.echo(f"{channel}:{user_id} " + ("is no longer a stored member." if removed
                                          else "was not a stored member."))
    if f"{channel}:{user_id}" in settings.secretariat:
        typer.echo("It is still named in P2C_SECRETARIAT: remove it there too.", err=True)
        raise typer.Exit(1)


@secretariat_app.command("list")
def secretariat_list() -> None:
    """Every member: those stored (secretariat add) and those named in P2C_SECRETARIAT."""
    from storage.secretariat import stored_members

    settings, database = _secretariat_session()
    with database.transaction() as session:
        stored = {f"{m.channel}:{m.external_id}": m.display_name
                  for m in stored_members(session)}
    database.dispose()
    members = sorted(set(stored) | set(settings.secretariat))
    if not members:
        typer.echo("No secretariat members yet: add one with p2c-bot secretariat add.")
    for member in members:
        where = ", ".join(source for source, has in (("stored", member in stored),
                                                      ("P2C_SECRETARIAT",
                                                       member in settings.secretariat)) if has)
        name = stored.get(member) or ""
        typer.echo(f"{member}\t{name}\t({where})")


report_app = typer.Typer(help="Reports for the secretariat.", no_args_is_help=True)
app.add_typer(report_app, name="report")


@report_app.command("annual")
def report_annual(
    year: Annotated[int, typer.Option(min=2000, max=2100, help="The calendar year.")],
    out: Annotated[Path, typer.Option(metavar="DIR", file_okay=False,
                                      help="Folder to write the report into.")],
    lang: Annotated[str | None, typer.Option(metavar="CODE", help="Language of the "
                                             "report (default: P2C_DEFAULT_LANGUAGE).")]
    = None,
) -> None:
    """The annual report: HTML, PDF, an XLSX workbook and the figures as JSON."""
    from datetime import UTC, datetime

    from bot.annual.report import write_annual_report
    from bot.i18n import Catalogs
    from bot.reference import load_reference

    settings, database = _secretariat_session()
    catalogs = Catalogs(settings.locales_dir, settings.default_language)
    report = write_annual_report(database, year, out, load_reference(settings.config_dir),
                                 catalogs.translator(lang or settings.default_language),
                                 settings.stories_dir, datetime.now(UTC))
    database.dispose()
    head = report.figures.headline
    typer.echo(f"Annual report {year}: {head.pledges} approved pledges, "
               f"{report.figures.reported} reported on in the year.")
    for path in (report.html, report.pdf, report.workbook, report.json):
        typer.echo(f"  {path}")


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise typer.BadParameter(f"{value!r} is not a date like 2026-01-31") from error


@app.command()
def export(
    format_: Annotated[ExportFormat, typer.Option("--format", help="File format.")]
    = ExportFormat.CSV,
    since: Annotated[str | None, typer.Option(metavar="DATE", help="Only pledges "
                                              "submitted on or after this day (UTC).")]
    = None,
    status: Annotated[list[PledgeStatus] | None, typer.Option(
        help="Only pledges in this review status (repeat for several).")] = None,
    out: Annotated[Path | None, typer.Option(metavar="FILE", dir_okay=False, help=(
        "Where to write (default: p2c-pledges-<today>.<format> here)."))] = None,
) -> None:
    """Every pledge, one row each, with its countries, partners and latest progress
    report (columns documented in the README)."""
    from datetime import UTC, datetime, time

    from bot.secretariat.exports import write_export
    from storage.exports import PledgeFilter

    first_day = _day(since)
    chosen = PledgeFilter(statuses=tuple(status or ()), submitted_since=None
                          if first_day is None else datetime.combine(first_day, time(),
                                                                     tzinfo=UTC))
    _, database = _secretariat_session()
    now = datetime.now(UTC)
    target = out or Path(f"p2c-pledges-{now:%Y-%m-%d}.{format_}")
    with database.snapshot() as session:
        count = write_export(session, format_, chosen, target)
    database.dispose()
    typer.echo(f"{count} pledges written to {target}")


telegram_app = typer.Typer(help="Telegram set-up.", no_args_is_help=True)
app.add_typer(telegram_app, name="telegram")


@app.command()
def serve(
    polling: Annotated[bool, typer.Option(
        help="Fetch Telegram updates by long polling instead of a webhook (development, "
             "no public URL needed).")] = False,
) -> None:
    """Run the web process: Telegram webhook, Slack events and /healthz (or poll Telegram)."""
    from bot.app import build_turn_runner
    from bot.logs import configure_logging

    settings = Settings()
    configure_logging(settings.log_level)
    if polling:
        _poll_telegram(settings, build_turn_runner(settings))
        return

    import uvicorn

    from bot.handlers.slack import build_slack_app
    from bot.handlers.telegram import build_application
    from bot.server import create_web_app

    if not settings.telegram_token and not settings.slack_bot_token:
        raise typer.BadParameter("configure a channel: P2C_TELEGRAM_TOKEN and/or "
                                 "P2C_SLACK_BOT_TOKEN")
    runner = build_turn_runner(settings)
    telegram = build_application(runner, settings.telegram_token,
                                 base_url=settings.telegram_api_url) \
        if settings.telegram_token else None
    slack = None
    if settings.slack_bot_token:
        if not settings.slack_signing_secret:
            raise typer.BadParameter("set P2C_SLACK_SIGNING_SECRET with P2C_SLACK_BOT_TOKEN")
        slack = build_slack_app(runner, settings.slack_bot_token, settings.slack_signing_secret,
                                settings.slack_api_url)
    web = create_web_app(runner, telegram, settings.telegram_webhook_secret, slack)
    uvicorn.run(web, host=settings.host, port=settings.port, log_config=None)


def _poll_telegram(settings: Settings, runner: TurnRunner) -> None:
    from bot.handlers.telegram import ALLOWED_UPDATES, build_application, register_commands

    async def announce_commands(application: PTBApplication) -> None:
        await register_commands(application, runner.catalogs)

    application = build_application(runner, _telegram_token(settings),
                                    base_url=settings.telegram_api_url, polling=True,
                                    post_init=announce_commands)
    application.run_polling(allowed_updates=ALLOWED_UPDATES)


@telegram_app.command("set-webhook")
def set_webhook() -> None:
    """Tell Telegram to deliver updates to P2C_PUBLIC_URL/telegram/webhook, with the
    secret token it must send back."""
    import asyncio

    from telegram import Bot

    from bot.handlers.telegram import set_webhook as point_telegram_at

    settings = Settings()
    public_url, secret = settings.public_url, settings.telegram_webhook_secret
    if not public_url or not secret:
        raise typer.BadParameter("set P2C_PUBLIC_URL and P2C_TELEGRAM_WEBHOOK_SECRET first")

    async def register() -> str:
        async with Bot(_telegram_token(settings), base_url=settings.telegram_api_url) as bot:
            return await point_telegram_at(bot, public_url, secret)

    typer.echo(f"Webhook set to {asyncio.run(register())}.")


def _telegram_token(settings: Settings) -> str:
    if not settings.telegram_token:
        raise typer.BadParameter("set P2C_TELEGRAM_TOKEN (from @BotFather) first")
    return settings.telegram_token
