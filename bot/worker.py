"""The worker process: APScheduler ticks the reminder dispatcher every few seconds.
The scheduler only ticks; what is due, and who sends it, lives in the database."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from telegram.ext import ExtBot

from bot.app import build_turn_runner
from bot.handlers.email import EmailDigestSender
from bot.handlers.slack import SlackDigestSender, SlackSender, web_client
from bot.handlers.telegram import TelegramDigestSender, TelegramSender, reminder_bot
from bot.reminders.dispatch import ReminderDispatcher
from bot.reminders.sending import Pacer, Sender
from bot.secretariat.digest_dispatch import DigestDispatcher, DigestSender
from bot.secretariat.digest_schedule import DigestSchedule
from bot.settings import Settings
from bot.turns import TurnRunner
from storage.deliveries import forget_deliveries
from storage.outbox import unfinished
from vocabulary import Channel

DELIVERY_MEMORY = timedelta(days=7)
STOP_GRACE_SECONDS = 20

log = logging.getLogger(__name__)


def build_dispatcher(settings: Settings, runner: TurnRunner,
                     senders: dict[Channel, Sender]) -> ReminderDispatcher:
    pacers = {
        Channel.TELEGRAM: Pacer(settings.telegram_messages_per_second,
                          settings.telegram_seconds_per_chat),
        Channel.SLACK: Pacer(1 / settings.slack_seconds_per_channel
                       if settings.slack_seconds_per_channel else 1000,
                       settings.slack_seconds_per_channel),
    }
    return ReminderDispatcher(
        runner.db, runner.reference, runner.catalogs, senders, pacers,
        worker=f"{socket.gethostname()}:{os.getpid()}", batch=settings.worker_batch,
        lease=timedelta(seconds=settings.worker_lease_seconds),
        follow_up_after=timedelta(days=settings.reminder_follow_up_days),
        overdue_after=timedelta(days=settings.reminder_overdue_days))


async def run_worker(settings: Settings, *, until_idle: bool = False) -> None:
    runner = build_turn_runner(settings)
    senders: dict[Channel, Sender] = {}
    bot = None
    if settings.telegram_token:
        bot = reminder_bot(settings.telegram_token, base_url=settings.telegram_api_url)
        await bot.initialize()
        senders[Channel.TELEGRAM] = TelegramSender(bot)
    if settings.slack_bot_token:
        client = web_client(settings.slack_bot_token, settings.slack_api_url)
        senders[Channel.SLACK] = SlackSender(client, runner.catalogs)
    dispatcher = build_dispatcher(settings, runner, senders)
    digests = build_digest_dispatcher(settings, runner, dispatcher.worker,
                                      digest_senders(settings, runner, bot))
    try:
        if until_idle:
            await _until_idle(dispatcher, digests, settings.worker_tick_seconds)
        else:
            await _forever(dispatcher, digests, settings.worker_tick_seconds)
    finally:
        if bot is not None:
            await bot.shutdown()


def digest_senders(settings: Settings, runner: TurnRunner,
                   bot: ExtBot[None] | None) -> dict[str, DigestSender]:
    senders: list[DigestSender] = []
    if settings.digest_telegram_chat and bot is not None:
        senders.append(TelegramDigestSender(bot, settings.digest_telegram_chat))
    if settings.digest_slack_channel and settings.slack_bot_token:
        senders.append(SlackDigestSender(
            web_client(settings.slack_bot_token, settings.slack_api_url),
            settings.digest_slack_channel))
    if settings.digest_email_to and settings.smtp_host:
        senders.append(EmailDigestSender(
            settings.digest_email_to, host=settings.smtp_host, port=settings.smtp_port,
            sender=settings.smtp_from, username=settings.smtp_username,
            password=settings.smtp_password, starttls=settings.smtp_starttls))
    return {sender.destination: sender for sender in senders}


def build_digest_dispatcher(settings: Settings, runner: TurnRunner, worker: str,
                            senders: dict[str, DigestSender]) -> DigestDispatcher:
    schedule = DigestSchedule(settings.digest_cadence, settings.digest_weekday,
                              settings.digest_hour, settings.digest_time_zone)
    return DigestDispatcher(runner.db, runner.reference, runner.catalogs,
                            settings.default_language, schedule, senders, worker=worker,
                            lease=timedelta(seconds=settings.worker_lease_seconds),
                            late_after=timedelta(hours=settings.digest_late_after_hours))


async def _forever(dispatcher: ReminderDispatcher, digests: DigestDispatcher,
                   seconds: float) -> None:
    """Ticks until SIGTERM or SIGINT. Then nothing more is claimed, the sends in flight
    finish, rows claimed but not begun are given back, and the process exits well inside
    the grace platforms give before SIGKILL (Heroku: 30 s)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for stop_signal in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(stop_signal, stop.set)
    ticking = asyncio.Lock()

    async def tick() -> None:
        async with ticking:
            if not dispatcher.stopping:
                await dispatcher.tick()
            if not dispatcher.stopping:
                await digests.tick()

    # A tick sends for as long as rows are due, so skipped runs while it goes on are
    # the normal case, not a warning.
    logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
    scheduler = AsyncIOScheduler()
    scheduler.add_job(tick, "interval", seconds=seconds, max_instances=1,
                      coalesce=True, next_run_time=dispatcher.clock())
    scheduler.add_job(asyncio.to_thread, "interval", args=[housekeeping, dispatcher],
                      hours=1, max_instances=1, coalesce=True)
    scheduler.start()
    log.info("worker started", extra={"worker": dispatcher.worker, "tick_seconds": seconds})
    await stop.wait()
    log.info("worker stopping", extra={"worker": dispatcher.worker})
    dispatcher.stop()
    scheduler.pause()
    try:
        async with asyncio.timeout(STOP_GRACE_SECONDS):
            await ticking.acquire()
    except TimeoutError:
        log.warning("worker stopped with sends still in flight",
                    extra={"worker": dispatcher.worker})
    scheduler.shutdown(wait=False)
    log.info("worker stopped", extra={"worker": dispatcher.worker})


def housekeeping(dispatcher: ReminderDispatcher) -> None:
    """Forgets delivery ids long past any platform's re-delivery window."""
    with dispatcher.db.transaction() as session:
        forgotten = forget_deliveries(session, dispatcher.clock() - DELIVERY_MEMORY)
    log.info("housekeeping", extra={"deliveries_forgotten": forgotten})


async def _until_idle(dispatcher: ReminderDispatcher, digests: DigestDispatcher,
                      seconds: float) -> None:
    """Ticks until nothing is due or in flight: for a one-off catch-up or a cron job."""
    while True:
        await dispatcher.tick()
        await digests.tick()
        with dispatcher.db.transaction() as session:
            if unfinished(session) == 0:
                return
        await asyncio.sleep(seconds)
