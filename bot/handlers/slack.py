"""The Slack channel: a Bolt app over HTTP (signed requests), the flow running in the
pledger's direct messages with Block Kit buttons and menus, the pressed message updated in
place, a modal for long answers, and an App Home listing the pledger's pledges."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from http import HTTPStatus
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.flows.hints import SLACK_SUBCOMMANDS
from bot.flows.model import (
    SECRETARIAT_COMMANDS,
    Choose,
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
from bot.handlers.slack_blocks import (
    CHOOSE_ACTION,
    LONG_ANSWER_VIEW,
    PICK_ACTION,
    WRITE_ACTION,
    blocks,
    home_view,
    long_answer_modal,
    shortened,
    text_blocks,
)
from bot.handlers.slack_text import from_slack
from bot.i18n import Catalogs, Translator
from bot.reminders.sending import Delivery, RetryLaterError
from bot.secretariat.digest_parts import DigestParts
from bot.stories.files import FileRefusedError
from bot.stories.intake import Fetch, FetchFailedError, take_file
from bot.turns import ChatUser, TurnResult, TurnRunner, worth_redelivery
from vocabulary import Channel, DestinationKind

CHANNEL = Channel.SLACK
DIRECT_MESSAGE = "directmessage"
"""The channel name Slack gives a command typed in a direct message."""
SUBCOMMANDS = {"": "pledge", "new": "pledge", "mine": "mypledges",
               **{name: name for name in ("pledge", "mypledges", "report", "reminders",
                                          "story", "language", "help", "cancel", "menu",
                                          *SECRETARIAT_COMMANDS)},
               **{word: name for name, word in SLACK_SUBCOMMANDS.items()}}
"""The words after /pledge: each command's name, the word the help shows for it
(`list`, from `bot.flows.hints`), and a few that people try."""
MAX_BLOCKS = 50
"""Slack's limit of blocks in one message."""
NOTIFICATION_LENGTH = 3000
"""The plain text beside the blocks, shown in notifications."""
UNREACHABLE_ERRORS = {"account_inactive", "user_not_found", "cannot_dm_bot", "user_disabled"}
DOWNLOAD_TIMEOUT = aiohttp.ClientTimeout(total=60)
DOWNLOAD_CHUNK = 64 * 1024

log = logging.getLogger(__name__)


async def direct_messages(client: AsyncWebClient, user_id: str) -> str:
    """The id of the bot's direct-message channel with the user (opened if need be)."""
    return str((await client.conversations_open(users=user_id))["channel"]["id"])


async def post_reply(client: AsyncWebClient, channel: str, reply: Reply,
                     translator: Translator, edit_ts: str | None = None) -> None:
    """A reply as Block Kit (with plain text for notifications); it replaces the message
    `edit_ts` when given."""
    text, rendered = shortened(reply.text, NOTIFICATION_LENGTH), blocks(reply, translator)
    if edit_ts is not None:
        await client.chat_update(channel=channel, ts=edit_ts, text=text, blocks=rendered)
    else:
        await client.chat_postMessage(channel=channel, text=text, blocks=rendered)
    if reply.attachment is not None:
        await client.files_upload_v2(channel=channel, content=reply.attachment.content,
                                     filename=reply.attachment.filename,
                                     title=reply.attachment.filename)


class SlackDigestSender:
    """A digest into a Slack channel: the text, then the chart and the workbook in one
    upload. Once the text is posted, a later failure is not retried (the channel would
    see the digest twice)."""

    def __init__(self, client: AsyncWebClient, channel: str) -> None:
        self.client = client
        self.channel = channel
        self.destination = f"{DestinationKind.SLACK}:{channel}"

    async def deliver(self, parts: DigestParts) -> Delivery:
        started = False
        try:
            await self.client.chat_postMessage(
                channel=self.channel, text=shortened(parts.text, NOTIFICATION_LENGTH),
                blocks=text_blocks(parts.text)[:MAX_BLOCKS])
            started = True
            await self.client.files_upload_v2(channel=self.channel, file_uploads=[
                {"content": parts.chart, "filename": parts.chart_name,
                 "title": parts.title},
                {"content": parts.workbook, "filename": parts.workbook_name,
                 "title": parts.workbook_name}])
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            if not started and never_arrived(error):
                log.warning("digest refused", extra={"channel": self.channel,
                                                     "error": str(error)})
                return Delivery.FAILED
            log.warning("digest may be incomplete; not sent again",
                        extra={"channel": self.channel, "error": str(error)})
            return Delivery.UNCERTAIN
        return Delivery.SENT


class SlackChannel:
    """Events are answered before Bolt acknowledges them (`process_before_response`):
    a turn is committed and its replies sent before Slack hears 200, so a crash costs a
    retry, never a lost message. Commands and interactions are acknowledged at once
    (Slack allows 3 s) and worked on lazily, each idempotent by its own trigger id."""

    def __init__(self, runner: TurnRunner) -> None:
        self.runner = runner
        self.locks = UserLocks()
        self._people: dict[str, ChatUser] = {}
        self._refused_forms: set[str] = set()
        """Submissions answered with the form's errors, whose lazy turn must not run."""

    def register(self, app: AsyncApp) -> None:
        app.command("/pledge")(ack=self.ack_command, lazy=[self.on_pledge_command])
        app.event("message")(self.on_message)
        app.event("app_home_opened")(self.on_home_opened)
        app.action(re.compile(f"^{WRITE_ACTION}$"))(self.on_write)
        app.action(re.compile(f"^({PICK_ACTION}|{CHOOSE_ACTION})"))(
            ack=self.ack_quietly, lazy=[self.on_action])
        app.view(LONG_ANSWER_VIEW)(ack=self.check_long_answer, lazy=[self.on_long_answer])

    async def ack_command(self, ack: AsyncAck, command: dict[str, Any]) -> None:
        """Said where the command was typed; in the direct messages themselves there is
        nothing to say: the answer follows there."""
        if command.get("channel_name") == DIRECT_MESSAGE:
            await ack()
            return
        translator = self.runner.catalogs.translator("")
        await ack(translator.gettext("Let's continue in our direct messages."))

    @staticmethod
    async def ack_quietly(ack: AsyncAck) -> None:
        await ack()

    async def on_pledge_command(self, command: dict[str, Any],
                                client: AsyncWebClient) -> None:
        """The pledge goes on in direct messages; `/pledge report` and the other
        subcommands give the command of that name."""
        user = await self._person(client, command["user_id"])
        given = subcommand(from_slack(command.get("text", "")))
        await self._turn(client, user, given, f"command:{command['trigger_id']}")

    async def on_message(self, event: dict[str, Any], body: dict[str, Any],
                         client: AsyncWebClient) -> None:
        if event.get("channel_type") != "im" or event.get("bot_id") or not event.get("user"):
            return
        if event.get("subtype") not in (None, "file_share"):
            return
        user = await self._person(client, event["user"])
        delivery_id = f"event:{body['event_id']}"
        if event.get("subtype") == "file_share" and event.get("files"):
            await self._files(client, user, event, delivery_id)
            return
        given: UserInput = Text(from_slack(event.get("text", "")))
        if not event.get("text"):
            given = Unreadable("file")
        await self._turn(client, user, given, delivery_id, event["channel"])

    async def _files(self, client: AsyncWebClient, user: ChatUser, event: dict[str, Any],
                     delivery_id: str) -> None:
        """Each file shared in the message is one turn, with a delivery id of its own
        (a retried event stores and answers each once); its bytes are fetched only when
        the question asked takes it."""
        for number, shared in enumerate(event["files"]):
            upload = Upload(shared.get("name") or "file", shared.get("mimetype") or "",
                            shared.get("size"))
            await self._turn(client, user, upload,
                             delivery_id if number == 0 else f"{delivery_id}:{number}",
                             event["channel"], fetch=_fetcher(client, shared["id"]))

    async def on_action(self, body: dict[str, Any], action: dict[str, Any],
                        client: AsyncWebClient) -> None:
        given: UserInput
        if action["type"] == "multi_static_select":
            given = Choose(tuple(o["value"] for o in action.get("selected_options", [])),
                           token=action["action_id"].removeprefix(CHOOSE_ACTION))
        elif action["type"] == "static_select":
            given = Pick(action["selected_option"]["value"])
        else:
            given = Pick(action["value"])
        user = await self._person(client, body["user"]["id"])
        container = body.get("container", {})
        if container.get("type") == "message":
            await self._turn(client, user, given, f"action:{body['trigger_id']}",
                             container["channel_id"], edit_ts=container["message_ts"])
        else:
            await self._turn(client, user, given, f"action:{body['trigger_id']}")

    async def on_write(self, ack: AsyncAck, body: dict[str, Any],
                       client: AsyncWebClient) -> None:
        """Opens the long-answer form while the trigger id is fresh (3 s)."""
        await ack()
        user = await self._person(client, body["user"]["id"])
        translator = self.runner.catalogs.translator(user.language or "")
        question = body["message"]["blocks"][0]["text"]["text"]
        token = body["actions"][0]["value"].removeprefix("write")
        await client.views_open(trigger_id=body["trigger_id"], view=long_answer_modal(
            question, body["container"]["channel_id"], token, translator))

    async def check_long_answer(self, ack: AsyncAck, body: dict[str, Any],
                                view: dict[str, Any], client: AsyncWebClient) -> None:
        """An answer the question would refuse keeps the form open with the reason
        under the field (Slack allows 3 s for this); any other closes it."""
        answer, opened_for = _form_answer(view)
        user = await self._person(client, body["user"]["id"])
        refusal = await asyncio.to_thread(self.runner.refusal, user,
                                          Text(answer, token=opened_for["token"]))
        if refusal is None:
            await ack()
        else:
            self._refused_forms.add(body["trigger_id"])
            await ack(response_action="errors", errors={"answer": refusal})

    async def on_long_answer(self, body: dict[str, Any], view: dict[str, Any],
                             client: AsyncWebClient) -> None:
        """The form's answer goes to the question the form was opened for. Bolt runs
        this after every acknowledgement, also one that kept the form open with the
        reason: such an answer is not sent on to the conversation."""
        if body["trigger_id"] in self._refused_forms:
            self._refused_forms.discard(body["trigger_id"])
            return
        answer, opened_for = _form_answer(view)
        user = await self._person(client, body["user"]["id"])
        await self._turn(client, user, Text(answer, token=opened_for["token"]),
                         f"view:{body['trigger_id']}", opened_for["channel"])

    async def on_home_opened(self, event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab") != "home":
            return
        user = await self._person(client, event["user"])
        shown = await asyncio.to_thread(self.runner.home, user)
        translator = self.runner.catalogs.translator(user.language or "")
        await client.views_publish(user_id=event["user"], view=home_view(shown, translator))

    async def _turn(self, client: AsyncWebClient, user: ChatUser, given: UserInput,
                    delivery_id: str, channel: str | None = None,
                    edit_ts: str | None = None, fetch: Fetch | None = None) -> None:
        """One turn, its replies sent to `channel` (the user's direct messages when the
        input came from elsewhere: a slash command, the App Home), one user's turns in
        order. The delivery is confirmed sent, or marked unsent when Slack surely did
        not post the replies (the failure then reaches Bolt: an event is retried)."""
        async with self.locks.hold(user.external_id):
            if isinstance(given, Upload) and fetch is not None:
                given = await take_file(self.runner, user, given, fetch)
            try:
                result = await asyncio.to_thread(self.runner.answer, user, given, delivery_id)
            except Exception as error:
                if worth_redelivery(error):
                    raise
                log.exception("turn failed; acknowledged with an apology",
                              extra={"delivery_id": delivery_id})
                await self._post(client, user, TurnResult((self.runner.apology(user),)),
                                 channel)
                return
            if result is None:
                log.info("delivery already handled", extra={"delivery_id": delivery_id})
                return
            try:
                await self._post(client, user, result, channel, edit_ts)
            except Exception as error:
                if never_arrived(error):
                    await asyncio.to_thread(self.runner.undelivered, user, delivery_id)
                    raise
                log.warning("reply may not have arrived; not sent again",
                            extra={"user": user.external_id, "error": str(error)})
            await asyncio.to_thread(self.runner.delivered, user, delivery_id)

    async def _post(self, client: AsyncWebClient, user: ChatUser, result: TurnResult,
                    channel: str | None, edit_ts: str | None = None) -> None:
        """The replies, the first in place of the pressed message unless the press was
        outdated (that message stays as it was): the question with the answer chosen
        after an answer that moved on (`replaces_press`), the question ticked anew after
        a tick. A person Slack says is gone is marked
        unreachable instead."""
        translator = self.runner.catalogs.translator(user.language or "")
        in_place = edit_ts if result.notice is None else None
        try:
            channel = channel or await direct_messages(client, user.external_id)
            for index, reply in enumerate(result.replies):
                await post_reply(client, channel, reply, translator,
                                 edit_ts=in_place if index == 0 else None)
        except SlackApiError as error:
            if not _unreachable(error):
                raise
            log.warning("user unreachable", extra={"user": user.external_id})
            await asyncio.to_thread(self.runner.mark_unreachable, user)

    async def _person(self, client: AsyncWebClient, user_id: str) -> ChatUser:
        """Name, locale and time zone from Slack's profile, asked once per process."""
        if user_id not in self._people:
            info = (await client.users_info(user=user_id, include_locale=True))["user"]
            self._people[user_id] = ChatUser(
                CHANNEL, user_id, display_name=info.get("real_name") or info.get("name", ""),
                language=info.get("locale"), time_zone=info.get("tz"))
        return self._people[user_id]


def _fetcher(client: AsyncWebClient, file_id: str) -> Fetch:
    """files.info, then `url_private_download` with the bot token as Bearer (without it
    Slack answers with its sign-in page, which the type check would refuse). A file
    files.info says is too large is not downloaded; a download is cut off past `most`."""

    async def fetch(most: int) -> bytes:
        try:
            found = (await client.files_info(file=file_id))["file"]
            if found.get("size", 0) >= most:
                raise FileRefusedError(FileRefusal.TOO_LARGE)
            async with aiohttp.ClientSession(timeout=DOWNLOAD_TIMEOUT) as http, http.get(
                    found["url_private_download"],
                    headers={"Authorization": f"Bearer {client.token}"}) as response:
                if response.status != HTTPStatus.OK:
                    raise FetchFailedError(f"download answered {response.status}")
                content = bytearray()
                async for chunk in response.content.iter_chunked(DOWNLOAD_CHUNK):
                    content += chunk
                    if len(content) >= most:
                        break
                return bytes(content)
        except (SlackApiError, aiohttp.ClientError, TimeoutError, KeyError) as error:
            raise FetchFailedError(str(error)) from error

    return fetch


def never_arrived(error: Exception) -> bool:
    """True when Slack surely did not post the message: it refused it (an error answer,
    a 4xx, a 429), no connection could be made, or the failure was ours before sending.
    A timeout, a connection dropped after sending, or a 5xx may have posted it: such a
    send is not repeated."""
    if isinstance(error, SlackApiError):
        return bool(error.response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR)
    if isinstance(error, aiohttp.ClientError | TimeoutError):
        return isinstance(error, aiohttp.ClientConnectorError)
    return True


def _unreachable(error: Exception) -> bool:
    return isinstance(error, SlackApiError) and \
        error.response.get("error") in UNREACHABLE_ERRORS


def _form_answer(view: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """The text written in the long-answer form, and the chat and question it is for."""
    answer = view["state"]["values"]["answer"]["answer"]["value"] or ""
    return answer, json.loads(view["private_metadata"])


def subcommand(text: str) -> Command:
    """`/pledge`, `/pledge report`, `/pledge list`...; a word it does not know shows the
    help (which lists them) rather than quietly starting a pledge."""
    word, _, rest = text.strip().partition(" ")
    name = SUBCOMMANDS.get(word.casefold().lstrip("/"), "help")
    if name in {"report", "mypledges"}:
        return Command(name, rest.strip().upper() or None)
    if name in SECRETARIAT_COMMANDS:
        return Command(name, from_slack(rest).strip() or None)
    return Command(name)


def web_client(token: str, api_url: str) -> AsyncWebClient:
    """The Web API client, without the SDK's retry of dropped connections: a dropped
    connection may have posted the message, and posting it again would show it twice."""
    return AsyncWebClient(token=token, base_url=api_url, retry_handlers=[])


def build_slack_app(runner: TurnRunner, token: str, signing_secret: str,
                    api_url: str) -> AsyncApp:
    """Single-workspace mode: one bot token and the app's signing secret."""
    app = AsyncApp(client=web_client(token, api_url), signing_secret=signing_secret,
                   process_before_response=True)
    SlackChannel(runner).register(app)
    return app


class SlackSender:
    """Pushes reminders into the pledger's direct messages."""

    channel = CHANNEL

    def __init__(self, client: AsyncWebClient, catalogs: Catalogs) -> None:
        self.client = client
        self.catalogs = catalogs

    async def push(self, external_id: str, reply: Reply) -> Delivery:
        translator = self.catalogs.translator("")
        try:
            channel = await direct_messages(self.client, external_id)
            await post_reply(self.client, channel, reply, translator)
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            if isinstance(error, SlackApiError) and error.response.get("error") == "ratelimited":
                raise RetryLaterError(float(error.response.headers.get("Retry-After", 1))) \
                    from error
            if _unreachable(error):
                return Delivery.UNREACHABLE
            if never_arrived(error):
                log.warning("reminder refused", extra={"user": external_id, "error": str(error)})
                return Delivery.FAILED
            log.warning("reminder may or may not have arrived",
                        extra={"user": external_id, "error": str(error)})
            return Delivery.UNCERTAIN
        return Delivery.SENT
