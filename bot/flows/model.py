"""The neutral vocabulary between the engine and the adapters: inputs in, replies and
effects out, and the conversation state that is stored between turns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

from bot.flows.abilities import ABILITIES, Abilities
from bot.i18n import Translator
from bot.reference import ReferenceData
from vocabulary import Channel

COMMAND_PREFIX = "cmd:"
MENU_COMMANDS = ("start", "menu", "pledge", "mypledges", "language", "report", "reminders",
                 "story")
REMINDER_COMMANDS = ("snooze", "pause")
DESK_COMMANDS = ("review", "stats", "find", "digest", "export", "overdue", "approve",
                 "stories", "storyfiles", "approvestory")
"""The secretariat's commands, done at once whatever the member is in the middle of."""
NOTE_COMMANDS = ("reject", "changes", "rejectstory")
"""Decisions that ask the secretariat member for a reason or a note first."""
SECRETARIAT_COMMANDS = (*DESK_COMMANDS, *NOTE_COMMANDS)
COMMANDS = (*MENU_COMMANDS, *REMINDER_COMMANDS, *SECRETARIAT_COMMANDS, "help", "cancel",
            "back", "skip")
MAX_TEXT_LENGTH = 4000
"""The longest message read at all (Telegram's own limit is 4096)."""
LONG_ANSWER_LENGTH = 3000
"""The longest description or report narrative: what Slack's form (plain_text_input)
accepts, and the same on every channel."""
NAVIGATION = frozenset(COMMAND_PREFIX + name for name in ("back", "skip", "cancel"))
TOKEN_SEPARATOR = "~"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Marks a msgid for extraction; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Plural:
    """A message whose wording follows a number, kept as data until it is shown: the
    English singular and plural, the msgids of one catalog entry (a language may have
    more forms; `FlowContext.ngettext` picks one by the catalog's plural rule)."""

    singular: str
    plural: str


def NP_(singular: str, plural: str) -> Plural:  # noqa: N802 - as N_, for a plural pair
    """Marks a plural pair for extraction (`pybabel extract -k NP_:1,2`); it is
    translated where it is shown, with its number."""
    return Plural(singular, plural)


@dataclass(frozen=True)
class Choice:
    """A button or menu entry. `id` is what comes back when it is picked: short enough
    for Telegram's 64-byte callback data. `primary` marks the step's main action
    (confirming a pledge), which a channel keeps prominent."""

    id: str
    label: str
    selected: bool = False
    primary: bool = False

    @property
    def plain_id(self) -> str:
        """The id without the token that binds it to its question (`bot.flows.buttons`)."""
        plain, separator, version = self.id.rpartition(TOKEN_SEPARATOR)
        return plain if separator and version.isdigit() else self.id

    @property
    def is_navigation(self) -> bool:
        """Back, skip and cancel: shown apart from the answers, and never picked by a
        typed number (so an amount of `2` is an amount, not the second button)."""
        return self.plain_id in NAVIGATION


@dataclass(frozen=True)
class Attachment:
    """A file sent with a reply (an export): its bytes travel with the reply record."""

    filename: str
    media_type: str
    content: bytes


@dataclass(frozen=True)
class Reply:
    """One message to the user. With `multi`, choices toggle and a done choice ends;
    `long_answer` says a paragraph is expected (a channel may offer a bigger text box)."""

    text: str
    choices: tuple[Choice, ...] = ()
    multi: bool = False
    long_answer: bool = False
    token: str = ""
    """Which question the choices belong to (see `bot.flows.buttons`); a channel that
    reports a selection without the choices' ids (an emptied multi-select) sends it back
    in `Choose.token`."""
    replaces_press: bool = False
    """The pressed question with the answer chosen and no buttons: it takes the pressed
    message's place, so the chat keeps the record, and the next question is a new
    message."""
    attachment: Attachment | None = None


@dataclass(frozen=True)
class Text:
    """Typed text. `token` is set when it was written in a form opened for one question
    (see `bot.flows.buttons`); a typed message belongs to whatever is asked now."""

    text: str
    token: str = ""


@dataclass(frozen=True)
class Pick:
    choice_id: str


@dataclass(frozen=True)
class Command:
    """`argument` narrows a menu command, e.g. `mypledges` of one pledge reference."""

    name: str
    argument: str | None = None


@dataclass(frozen=True)
class Choose:
    """The whole selection of a multi-choice at once (a multi-select menu, checkboxes)."""

    choice_ids: tuple[str, ...]
    token: str = ""


@dataclass(frozen=True)
class Unreadable:
    """A message the bot cannot read as an answer: a sticker, a photo, a voice note."""

    kind: str


class FileRefusal(StrEnum):
    """Why a file sent in the chat was not kept, found before the turn by whoever
    fetched and checked its bytes (`bot.stories.intake`)."""

    TOO_LARGE = "too_large"
    NOT_ALLOWED = "not_allowed"
    """Not a kind of file that is kept, whatever its name or the platform said."""
    EMPTY = "empty"
    NOT_RECEIVED = "not_received"
    """The platform did not hand the bytes over (an error, a timeout)."""


@dataclass(frozen=True)
class KeptFile:
    """A file whose bytes were checked and stored: what a story keeps of it."""

    name: str
    """For display only, sanitized; never part of a path."""
    media_type: str
    """What the bytes are (their magic numbers), not what the file claimed."""
    sha256: str
    size: int
    stored_as: str
    """Where the bytes are, relative to the stories directory."""


@dataclass(frozen=True)
class Upload:
    """A file sent in the chat (a photo, a document). A channel offers it first as the
    platform describes it (`name`, `claimed_type` and `size`, none of them trusted);
    when the question takes files, the bytes are fetched and checked outside the turn
    (a download must not hold the conversation's lock) and it comes with `kept` or with
    the `refusal` found."""

    name: str
    claimed_type: str
    size: int | None
    kept: KeptFile | None = None
    refusal: FileRefusal | None = None


StepInput = Text | Pick | Choose
UserInput = StepInput | Command | Unreadable | Upload


@dataclass(frozen=True)
class LastPress:
    """The press that last moved the conversation on, with what it was answered: a
    second press of the same button (a double tap) gets the same answer again."""

    version: int
    key: str
    replies: tuple[Reply, ...] = ()


@dataclass(frozen=True)
class ConversationState:
    """Where a conversation is: the flow and step, what was collected, and the path
    taken (for `back`). `editing` means: answer this one step, then return to review.
    `version` counts the changes, so a button can say which question showed it."""

    flow: str | None = None
    step: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    history: tuple[str, ...] = ()
    editing: bool = False
    version: int = 0
    last_press: LastPress | None = None

    @property
    def at(self) -> tuple[str, str]:
        """The flow and step of a conversation in progress."""
        if self.flow is None or self.step is None:
            raise ValueError("an idle conversation is at no step")
        return self.flow, self.step

    @property
    def position(self) -> tuple[Any, ...]:
        """Which question is being asked, with which answers so far, reached by which
        path. Any change of it makes the buttons shown before it outdated, ticks of a
        multi-choice included: a Done pressed on a message that showed fewer ticks than
        the conversation now holds (or more) must not finish with what was not seen."""
        return self.flow, self.step, dict(self.data), tuple(self.history), self.editing

    @property
    def idle(self) -> bool:
        return self.flow is None

    def with_data(self, updates: Mapping[str, Any]) -> ConversationState:
        data = dict(self.data)
        for key, value in updates.items():
            if value is UNSET:
                data.pop(key, None)
            else:
                data[key] = value
        return replace(self, data=data)


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()
"""An update value that removes the key: the answer is forgotten and will be asked again."""


@dataclass(frozen=True)
class OrganizationProfile:
    name: str
    sector: str
    country: str


class OrganizationLookup(Protocol):
    """Registered organizations by name, for registration to offer joining one."""

    def find(self, name: str) -> OrganizationProfile | None: ...


class NoOrganizations:
    """Where no organization is registered (or none can be looked up)."""

    def find(self, name: str) -> OrganizationProfile | None:
        return None


@dataclass(frozen=True)
class ReportSummary:
    """One progress report, as the pledger's history shows it."""

    reported_on: date
    status: str
    percent_done: int | None


@dataclass(frozen=True)
class PledgeSummary:
    """A saved pledge as flows see it: its answers in the same shape the intake flow
    collects them, so editing a saved pledge reuses the intake steps."""

    reference: str
    status: str
    answers: Mapping[str, Any]
    reports: tuple[ReportSummary, ...] = ()
    report_due: bool = False
    """A progress report is due (its reminder's time has come): where no reminder can
    be pushed, the pledger is told when they next open the chat."""
    review_note: str | None = None
    """The secretariat's reason for a rejection, or the change it asks for."""


@dataclass(frozen=True)
class ReminderSettings:
    """The pledger's reminder wishes as /reminders shows them."""

    cadence: str
    hour: int
    quiet_start: int
    quiet_end: int
    skip_weekends: bool
    time_zone: str | None
    paused: bool


@dataclass(frozen=True)
class FlowContext:
    translator: Translator
    reference: ReferenceData
    today: date
    channel: Channel
    organization: OrganizationProfile | None = None
    pledges: tuple[PledgeSummary, ...] = ()
    languages: tuple[str, ...] = ("en",)
    time_zone: str | None = None
    reminder_settings: ReminderSettings | None = None
    organizations: OrganizationLookup = field(default_factory=NoOrganizations)
    secretariat: bool = False
    """A member of the secretariat, as the server found it (never what a client says)."""

    @property
    def locale(self) -> str:
        return self.translator.locale

    @property
    def abilities(self) -> Abilities:
        return ABILITIES[self.channel]

    def _(self, message: str) -> str:
        return self.translator.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of a counted message for `n`: pass the number itself, and format it
        for the locale where it is put in the text."""
        return self.translator.ngettext(singular, plural, n)

    def fill(self, pattern: str, **values: object) -> str:
        """A line of values that is not translated (`{label}: {answer}`), with its
        values placed as in a translated text (`bot.i18n.Message`)."""
        return self.translator.fill(pattern, **values)


class Effect:
    """Something the turn asks the outside world to do, in the same transaction as the
    new state. `confirmation` words the result once known: a pledge's reference, or the
    data a secretariat command asked for (`bot.flows.desk_model`)."""

    def confirmation(self, outcome: Any, ctx: FlowContext) -> tuple[Reply, ...]:
        return ()


@dataclass(frozen=True)
class Turn:
    """What one input led to. `notice` is set when a button press was not acted on (its
    question had moved on): a channel shows it as the press's answer and leaves the
    pressed message as it was. `remembered` says `state.last_press` records this turn."""

    state: ConversationState
    replies: tuple[Reply, ...] = ()
    effects: tuple[Effect, ...] = ()
    notice: str | None = None
    remembered: bool = False
    refusal: str | None = None
    """Why the answer was not taken (the question is asked again): a form can show it
    beside the field instead of closing."""
