"""The web process: one ASGI app serving the Telegram webhook, Slack's requests and
`/healthz`.
Shaped like python-telegram-bot's Starlette example: PTB runs without an Updater and the
route hands it each update, answering only once the turn is committed."""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Bot, Update

from bot.handlers.telegram import PTBApplication, process_webhook_update, register_commands
from bot.turns import TurnRunner

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

log = logging.getLogger(__name__)


def telegram_update(body: bytes, bot: Bot) -> Update | None:
    """The update in a webhook body, or None (logged) for anything that is not one:
    answered 400, it fails alone instead of as a traceback on every re-delivery."""
    try:
        data = json.loads(body)
        if not isinstance(data, dict) or type(data.get("update_id")) is not int:
            raise TypeError("not an object with an integer update_id")
        return Update.de_json(data, bot)
    except Exception as error:  # PTB raises any kind of error on a malformed object
        log.warning("webhook refused: not a Telegram update",
                    extra={"error": f"{type(error).__name__}: {error}",
                           "body": body[:200].decode(errors="replace")})
        return None


def telegram_route(telegram: PTBApplication, webhook_secret: str) -> Route:
    """The webhook: only Telegram knows the secret; an update is answered 200 once its
    turn is committed and its replies sent, else non-2xx so Telegram delivers it again."""

    async def telegram_webhook(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not secrets.compare_digest(given.encode(), webhook_secret.encode()):
            log.warning("webhook refused: bad secret token")
            return Response(status_code=403)
        update = telegram_update(await request.body(), telegram.bot)
        if update is None:
            return Response(status_code=400)
        answered = await process_webhook_update(telegram, update)
        return Response(status_code=200 if answered else 500)

    return Route("/telegram/webhook", telegram_webhook, methods=["POST"])


def create_web_app(runner: TurnRunner, telegram: PTBApplication | None = None,
                   webhook_secret: str | None = None, slack: AsyncApp | None = None) -> Starlette:
    if telegram is not None and not webhook_secret:
        raise ValueError("a Telegram webhook needs a secret token (P2C_TELEGRAM_WEBHOOK_SECRET)")

    def database_answers() -> bool:
        try:
            with runner.db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError as error:
            log.warning("health check failed", extra={"error": str(error)})
            return False
        return True

    async def healthz(request: Request) -> Response:
        """200 when the database answers: a load balancer stops sending traffic otherwise."""
        if await run_in_threadpool(database_answers):
            return JSONResponse({"status": "ok"})
        return JSONResponse({"status": "unavailable"}, status_code=503)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if telegram is None:
            yield
            return
        await telegram.initialize()
        await register_commands(telegram, runner.catalogs)
        try:
            yield
        finally:
            await telegram.shutdown()

    routes = [Route("/healthz", healthz)]
    if telegram is not None and webhook_secret:
        routes.append(telegram_route(telegram, webhook_secret))
    if slack is not None:
        slack_handler = AsyncSlackRequestHandler(slack)

        async def slack_events(request: Request) -> Response:
            """Events, slash commands and interactions: Bolt checks the signature."""
            return await slack_handler.handle(request)

        routes.append(Route("/slack/events", slack_events, methods=["POST"]))
    return Starlette(routes=routes, lifespan=lifespan)
