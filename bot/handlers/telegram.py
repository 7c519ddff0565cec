"""The Telegram channel: python-telegram-bot feeds updates to the flow engine (state lives
in the database, not in a ConversationHandler) and renders the replies in Telegram's
idiom: HTML text, inline keyboards, the pressed message edited to keep the record."""

from __future__ import annotations

import asyncio
import html
import logging
from datetime import timedelta
from typing import Any

import httpx
from telegram import (
    Bot,
    BotCommand,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
    User,
)
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit, ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    RetryAfter,
    TelegramError,
)
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    ExtBot,
    MessageHandler,
    filters,
)
from telegram.helpers import create_deep_linked_url
from telegram.request import BaseRequest, HTTPXRequest

from bot.flows.model import (
    N_,
    SECRETARIAT_COMMANDS,
    Command,
    FileRefusal,
    Pick,
    Reply,
    Text,
    Unreadable,
    Upload,
    UserInput,
)
from bot.handlers.ordering import UserLocks
from bot.handlers.text_pieces import split_text
from bot.i18n import Catalogs
from bot.reminders.sending import Delivery, RetryLaterError
from bot.secretariat.digest_parts import DigestParts
from bot.stories.files import FileRefusedError
from bot.stories.intake import Fetch, FetchFailedError, take_file
from bot.turns import (
    ChatUser,
    DeliveryInProgressError,
    TurnResult,
    TurnRunner,
    worth_redelivery,
)
from vocabulary import Channel, DestinationKind

CHANNEL = Channel.TELEGRAM
MESSAGE_LIMIT = MessageLimit.MAX_TEXT_LENGTH
PHOTO_CAPTION_LIMIT = MessageLimit.CAPTION_LENGTH
CALLBACK_DATA_LIMIT = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA
HTML = Defaults(parse_mode=ParseMode.HTML)
"""Every text the bot sends is HTML (user text escaped): set once, on the bot."""
SHORT_LABEL = 20
CONNECTIONS = 256
"""PTB's own default pool size, restated because the limits are given whole."""
KEEPALIVE_EXPIRY = 2.0
"""Seconds an idle connection to the Bot API is kept for reuse: well under what servers
keep one open (uvicorn 5 s, nginx 75 s). Kept as long as the server, a connection can be
reused just as the server closes it; the send then fails in a way that cannot tell
whether Telegram took the message, so it is not sent again and the reply is lost."""
DEEP_LINK_PLEDGE = "pledge"

COMMANDS = (
    ("start", N_("Start, or see the menu")),
    ("pledge", N_("Make a new pledge")),
    ("mypledges", N_("See, edit or withdraw your pledges")),
    ("report", N_("Report progress on a pledge")),
    ("reminders", N_("When and how often I remind you")),
    ("story", N_("Share a best-practice story")),
    ("language", N_("Choose the language I write in")),
    ("help", N_("What I can do")),
    ("cancel", N_("Stop what we are doing")),
)
TURN_COMMANDS = (*(name for name, _ in COMMANDS), "back", "skip", *SECRETARIAT_COMMANDS)
"""Every command a turn answers; the secretariat's are not in the menu everyone sees."""
ALLOWED_UPDATES = ["message", "callback_query"]
PTBApplication = Application[Any, Any, Any, Any, Any, Any]
REFUSALS = (BadRequest, ChatMigrated, Conflict, EndPointNotFound, Forbidden, InvalidToken,
            RetryAfter)
NOT_CONNECTED = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)

log = logging.getLogger(__name__)

FAILED_UPDATES = "p2c_failed_updates"
"""Where in the Application's `bot_data` the error handler notes the updates whose turn
failed, for `process_webhook_update` to answer non-2xx (Telegram then delivers again)."""


def utf16_length(text: str) -> int:
    """Telegram measures text in UTF-16 code units (an emoji can count twice)."""
    return len(text.encode("utf-16-le")) // 2


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """Answers first, short ones two to a row; toggles show ✓; navigation last."""
    rows: list[list[InlineKeyboardButton]] = []
    pending: list[InlineKeyboardButton] = []
    for choice in (c for c in reply.choices if not c.is_navigation):
        label = f"✓ {choice.label}" if reply.multi and choice.selected else choice.label
        button = _button(label, choice.id)
        if len(label) > SHORT_LABEL:
            rows += [pending] if pending else []
            rows.append([button])
            pending = []
        else:
            pending.append(button)
            if len(pending) == 2:
                rows.append(pending)
                pending = []
    rows += [pending] if pending else []
    navigation = [_button(c.label, c.id) for c in reply.choices if c.is_navigation]
    rows += [navigation] if navigation else []
    return InlineKeyboardMarkup(rows) if rows else None


def _button(label: str, choice_id: str) -> InlineKeyboardButton:
    if len(choice_id.encode()) > CALLBACK_DATA_LIMIT:
        raise ValueError(f"choice id over Telegram's {CALLBACK_DATA_LIMIT} bytes: {choice_id}")
    return InlineKeyboardButton(label, callback_data=choice_id)


class TelegramChannel:
    def __init__(self, runner: TurnRunner) -> None:
        self.runner = runner
        self.locks = UserLocks()

    def register(self, application: PTBApplication) -> None:
        """New messages only: an edited message is not a new answer."""
        private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
        groups = filters.ChatType.GROUPS & filters.UpdateType.MESSAGE
        application.add_handler(CommandHandler(TURN_COMMANDS, self.on_command, private))
        application.add_handler(CommandHandler(TURN_COMMANDS, self.on_group_command, groups))
        application.add_handler(MessageHandler(private & filters.TEXT, self.on_text))
        application.add_handler(MessageHandler(
            private & (filters.PHOTO | filters.Document.ALL), self.on_file))
        application.add_handler(MessageHandler(private & ~filters.TEXT, self.on_unreadable))
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_error_handler(self.on_error)

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        text = update.effective_message.text if update.effective_message else None
        if not text:
            return
        name = text.split()[0][1:].split("@")[0].casefold()
        if name == "start" and context.args and context.args[0] == DEEP_LINK_PLEDGE:
            await self._turn(update, Command("pledge"))
            return
        argument = " ".join(context.args or ()) if name != "start" else ""
        await self._turn(update, Command(name, argument or None))

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        text = update.effective_message.text if update.effective_message else None
        if text is not None:
            await self._turn(update, Text(text))

    async def on_file(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A photo (its largest size) or a document: described first, fetched with
        getFile only when the question asked takes it."""
        message = update.effective_message
        if message is None:
            return
        if message.photo:
            largest = max(message.photo, key=lambda size: size.width * size.height)
            upload = Upload("photo", "image/jpeg", largest.file_size)
            file_id = largest.file_id
        elif message.document is not None:
            document = message.document
            upload = Upload(document.file_name or "document", document.mime_type or "",
                            document.file_size)
            file_id = document.file_id
        else:
            return
        await self._turn(update, upload, fetch=_fetcher(context.bot, file_id))

    async def on_unreadable(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        attachment = message.effective_attachment if message else None
        kind = type(attachment).__name__.casefold() if attachment else "other"
        await self._turn(update, Unreadable(kind))

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A press is answered once its turn is known, so an outdated button can say so;
        a press on a message sent inline (not in our chat) is only answered."""
        query = update.callback_query
        if query is None:
            return
        if not isinstance(query.message, Message):
            await _answer(query, None)
            return
        await self._turn(update, Pick(query.data or ""), edit=query.message, query=query)

    async def on_group_command(self, update: Update,
                               context: ContextTypes.DEFAULT_TYPE) -> None:
        """Pledges are personal: in a group the bot only points to a private chat."""
        sender, message = update.effective_user, update.effective_message
        if message is None:
            return
        translator = self.runner.catalogs.translator(
            sender.language_code or "" if sender else "")
        link = create_deep_linked_url(context.bot.username, DEEP_LINK_PLEDGE)
        button = InlineKeyboardButton(translator.gettext("Continue in a private chat"),
                                      url=link)
        await message.reply_text(
            html.escape(translator.gettext("Pledges are made in a private chat with me.")),
            reply_markup=InlineKeyboardMarkup([[button]]))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if isinstance(context.error, DeliveryInProgressError):
            log.info("update being answered elsewhere; Telegram will deliver it again",
                     extra={"update_id": getattr(update, "update_id", None)})
        else:
            log.error("turn failed", exc_info=context.error,
                      extra={"update_id": getattr(update, "update_id", None)})
        if isinstance(update, Update):
            context.application.bot_data.setdefault(FAILED_UPDATES, set()).add(
                update.update_id)

    async def _turn(self, update: Update, given: UserInput, edit: Message | None = None,
                    query: CallbackQuery | None = None, fetch: Fetch | None = None) -> None:
        """One update: its turn, then its replies, one user's updates in order (a file's
        download too, so two photos stay in the order sent). The replies are confirmed
        sent, or marked unsent when Telegram surely did not take them (the webhook then
        fails and the re-delivery sends them)."""
        if update.effective_user is None or update.effective_chat is None:
            log.info("update without a person or chat ignored",
                     extra={"update_id": update.update_id})
            return
        user = _chat_user(update.effective_user)
        delivery_id = str(update.update_id)
        async with self.locks.hold(user.external_id):
            if isinstance(given, Upload) and fetch is not None:
                given = await take_file(self.runner, user, given, fetch)
            try:
                result = await asyncio.to_thread(self.runner.answer, user, given, delivery_id)
            except Exception as error:
                if query is not None:
                    await _answer(query, None)
                if worth_redelivery(error):
                    raise
                log.exception("turn failed; acknowledged with an apology",
                              extra={"update_id": update.update_id})
                await self._send(update, TurnResult((self.runner.apology(user),)), None)
                return
            if query is not None:
                await _answer(query, result.notice if result else None)
            if result is None:
                log.info("update already handled", extra={"update_id": update.update_id})
                return
            try:
                await self._send(update, result, edit)
            except Forbidden:
                log.warning("user unreachable", extra={"user": user.external_id})
                await asyncio.to_thread(self.runner.mark_unreachable, user)
            except TelegramError as error:
                if never_arrived(error):
                    await asyncio.to_thread(self.runner.undelivered, user, delivery_id)
                    raise
                log.warning("reply may not have arrived; not sent again",
                            extra={"user": user.external_id, "error": str(error)})
            await asyncio.to_thread(self.runner.delivered, user, delivery_id)

    async def _send(self, update: Update, result: TurnResult, edit: Message | None) -> None:
        """The first reply replaces the pressed message's content (unless the press was
        outdated: that message stays as it was); the rest are new. After an answer that
        moved on, that first reply is the question with the answer (`replaces_press`),
        so the chat keeps the record; after a tick it is the question, ticked anew."""
        chat = update.effective_chat
        assert chat is not None, "a private message or a press in our chat has a chat"
        in_place = edit if result.notice is None else None
        for index, reply in enumerate(result.replies):
            await send_reply(update.get_bot(), chat.id, reply,
                             edit=in_place if index == 0 else None)


async def process_webhook_update(application: PTBApplication, update: Update) -> bool:
    """Runs the update through the Application; False when its turn failed."""
    await application.process_update(update)
    failed: set[int] = application.bot_data.get(FAILED_UPDATES, set())
    if update.update_id in failed:
        failed.discard(update.update_id)
        return False
    return True


async def _answer(query: CallbackQuery, text: str | None) -> None:
    """Stops the button's spinner; a query answered late or twice is no harm."""
    try:
        await query.answer(text)
    except BadRequest as error:
        log.info("callback query not answered", extra={"reason": error.message})


def _fetcher(bot: Bot, file_id: str) -> Fetch:
    """getFile, then the download from the file URL. Telegram hands bots files of up to
    20 MB; the file's own size was checked against the story limit before this runs,
    and the bytes are checked again once here."""

    async def fetch(most: int) -> bytes:
        try:
            found = await bot.get_file(file_id)
            return bytes(await found.download_as_bytearray())
        except BadRequest as error:
            if "file is too big" in error.message.casefold():
                raise FileRefusedError(FileRefusal.TOO_LARGE) from error
            raise FetchFailedError(error.message) from error
        except (TelegramError, httpx.HTTPError) as error:
            raise FetchFailedError(str(error)) from error

    return fetch


def never_arrived(error: TelegramError) -> bool:
    """True when Telegram surely did not take the message: it refused it, or the request
    never left (no connection). A timeout or a dropped connection after sending, or a
    5xx, may have delivered it: such a send is not repeated."""
    if isinstance(error, REFUSALS):
        return True
    return isinstance(error.__cause__, NOT_CONNECTED)


async def send_reply(bot: Bot, chat_id: int, reply: Reply, edit: Message | None = None) -> None:
    """A reply as HTML, cut under Telegram's limit, its keyboard on the last piece; the
    first piece edits `edit` in place when given and still editable."""
    pieces = split_text(reply.text, MESSAGE_LIMIT, utf16_length)
    for number, piece in enumerate(pieces):
        markup = keyboard(reply) if number == len(pieces) - 1 else None
        text = html.escape(piece, quote=False)
        if edit is not None and number == 0 and await _edited(edit, text, markup):
            continue
        await bot.send_message(chat_id, text, reply_markup=markup)
    if reply.attachment is not None:
        await bot.send_document(chat_id, InputFile(reply.attachment.content,
                                                   filename=reply.attachment.filename))


class TelegramDigestSender:
    """A digest into a Telegram chat (a group of the secretariat): the text, then the
    chart, then the workbook. Once the text is out, a failure later is not retried: the
    chat would see the digest twice."""

    def __init__(self, bot: ExtBot[None], chat_id: str) -> None:
        self.bot = bot
        self.chat_id = int(chat_id)
        self.destination = f"{DestinationKind.TELEGRAM}:{chat_id}"

    async def deliver(self, parts: DigestParts) -> Delivery:
        started = False
        try:
            await send_reply(self.bot, self.chat_id, Reply(parts.text))
            started = True
            await self.bot.send_photo(self.chat_id, InputFile(parts.chart,
                                                              filename=parts.chart_name),
                                      caption=html.escape(parts.title[:PHOTO_CAPTION_LIMIT]))
            await self.bot.send_document(self.chat_id, InputFile(
                parts.workbook, filename=parts.workbook_name))
        except TelegramError as error:
            if not started and (never_arrived(error) or isinstance(error, RetryAfter)):
                log.warning("digest refused", extra={"chat": self.chat_id, "error": str(error)})
                return Delivery.FAILED
            log.warning("digest may be incomplete; not sent again",
                        extra={"chat": self.chat_id, "error": str(error)})
            return Delivery.UNCERTAIN
        return Delivery.SENT


async def _edited(message: Message, text: str, markup: InlineKeyboardMarkup | None) -> bool:
    """Edits the pressed message in place; False when it can no longer be edited (too
    old, deleted), so the reply goes out as a new message instead."""
    try:
        await message.edit_text(text, reply_markup=markup)
    except BadRequest as error:
        if "message is not modified" in error.message.casefold():
            return True
        log.info("could not edit, sending instead", extra={"reason": error.message})
        return False
    return True


def _chat_user(user: User) -> ChatUser:
    return ChatUser(CHANNEL, str(user.id), display_name=user.full_name,
                    language=user.language_code)


async def set_webhook(bot: Bot, public_url: str, secret: str) -> str:
    """Points Telegram at our webhook, with the secret it must send back; returns the URL."""
    url = public_url.rstrip("/") + "/telegram/webhook"
    await bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
    return url


async def register_commands(application: PTBApplication, catalogs: Catalogs) -> None:
    """The command menu in every language with a catalog, and the default language's for
    everyone else."""
    for language in (None, *catalogs.available()):
        translator = catalogs.translator(language or "")
        commands = [BotCommand(name, translator.gettext(description))
                    for name, description in COMMANDS]
        await application.bot.set_my_commands(commands, language_code=language)


def file_url(base_url: str) -> str:
    """Where files are downloaded from: `…/file/bot<token>/` beside `…/bot<token>/`, on
    api.telegram.org as on a local Bot API server."""
    return base_url.removesuffix("/").removesuffix("bot") + "file/bot"


def build_application(runner: TurnRunner, token: str, *, base_url: str,
                      polling: bool = False, **request_options: object) -> PTBApplication:
    """PTB's Application with our handlers. Webhook mode has no Updater: the web app
    hands each update to `process_update` itself. `request_options` go to the builder
    (tests pass a `request` that reaches a fake Bot API)."""
    builder = (Application.builder().token(token).base_url(base_url)
               .base_file_url(file_url(base_url)).defaults(HTML)
               .rate_limiter(AIORateLimiter(max_retries=3)))
    if "request" not in request_options:
        builder = builder.request(bot_request())
    for option, value in request_options.items():
        builder = getattr(builder, option)(value)
    if not polling:
        builder = builder.updater(None)
    application = builder.build()
    TelegramChannel(runner).register(application)
    return application


class TelegramSender:
    """Pushes reminders. No rate limiter of PTB's here: the dispatcher paces, and a 429
    is reported back to it so it can hold every send, not just this one."""

    channel = CHANNEL

    def __init__(self, bot: ExtBot[None]) -> None:
        if bot.defaults is not HTML:
            raise ValueError("reminders need a bot made by reminder_bot() (HTML by default)")
        self.bot = bot

    async def push(self, external_id: str, reply: Reply) -> Delivery:
        try:
            await send_reply(self.bot, int(external_id), reply)
        except RetryAfter as error:
            raise RetryLaterError(_seconds(error.retry_after)) from error
        except Forbidden:
            return Delivery.UNREACHABLE
        except TelegramError as error:
            if never_arrived(error):
                log.warning("reminder refused", extra={"user": external_id, "error": str(error)})
                return Delivery.FAILED
            log.warning("reminder may or may not have arrived",
                        extra={"user": external_id, "error": str(error)})
            return Delivery.UNCERTAIN
        return Delivery.SENT


def reminder_bot(token: str, *, base_url: str,
                 request: BaseRequest | None = None) -> ExtBot[None]:
    """The bot the worker pushes reminders with: HTML by default like the conversation's,
    and no rate limiter (the dispatcher paces)."""
    return ExtBot(token, base_url=base_url, defaults=HTML, request=request or bot_request())


def bot_request() -> HTTPXRequest:
    """PTB's HTTP client with idle connections dropped before any server drops them."""
    return HTTPXRequest(httpx_kwargs={"limits": httpx.Limits(
        max_connections=CONNECTIONS, keepalive_expiry=KEEPALIVE_EXPIRY)})


def _seconds(retry_after: float | timedelta) -> float:
    return retry_after.total_seconds() if isinstance(retry_after, timedelta) else retry_after
