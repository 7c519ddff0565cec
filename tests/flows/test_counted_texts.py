"""Texts that count something say it in the singular for one and in the plural for
more, through the catalog (`ngettext`): the secretariat's views, the digest, the
length limits and the engine's own notes."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bot.flows import country_steps, pledge, story_files
from bot.flows import engine as engine_module
from bot.flows.desk_effects import ExportPledges
from bot.flows.desk_model import (
    AttentionItem,
    AttentionKind,
    Digest,
    ExportOutcome,
    Figures,
    NewPledge,
    ReviewEntry,
)
from bot.flows.desk_views import attention_reply, figures_lines, found_replies, queue_replies
from bot.flows.digest_views import digest_text
from bot.flows.model import (
    NP_,
    Attachment,
    ConversationState,
    FlowContext,
    KeptFile,
    PledgeSummary,
    Upload,
)
from bot.flows.steps import InvalidAnswerError, free_text
from bot.flows.story_model import STORY_LIMITS, StoryEntry
from bot.flows.story_views import queue_replies as story_queue_replies
from tests.flows.chat import Chat
from tests.flows.journey import EXPECTED_ANSWERS, answer_until
from vocabulary import Channel, ExportFormat, PledgeStatus, StoryStatus

ENTRY = ReviewEntry(reference="P2C-2026-00001", revision=1, status=PledgeStatus.SUBMITTED,
                    organization="ACME Telecom", sector="private", pledger="Kim",
                    submitted_on=date(2026, 11, 20), answers=EXPECTED_ANSWERS)
STORY = StoryEntry(id=1, status=StoryStatus.SUBMITTED, title="Towers up",
                   body="Ten towers up and the villages online." * 2,
                   pledge_reference="P2C-2026-00001", pledge_title="Rural broadband",
                   organization="ACME Telecom", pledger="Kim", submitted_on=date(2026, 11, 20))
ITEM = AttentionItem(AttentionKind.OVERDUE, "P2C-2026-00001", "ACME Telecom", "Rural",
                     datetime(2026, 11, 1, tzinfo=UTC), "Kim")
NO_FIGURES = Figures(pledges=0, organizations=0, countries=0, usd=Decimal(0), without_usd=0)


@pytest.fixture
def ctx(make_context) -> FlowContext:
    return make_context()


def _heading(replies) -> str:
    return replies[0].text


@pytest.mark.parametrize(("waiting", "shown", "heading"), [
    (1, 1, "1 pledge is waiting for review."),
    (2, 2, "2 pledges are waiting for review, the oldest first."),
    (2, 1, "2 pledges are waiting for review, the oldest first. Here is the first 1; "
           "decide on it to see the next."),
    (3, 2, "3 pledges are waiting for review, the oldest first. Here are the first 2; "
           "decide on them to see the next."),
])
def test_the_review_queue(ctx, waiting: int, shown: int, heading: str) -> None:
    assert _heading(queue_replies([ENTRY] * shown, waiting, ctx)) == heading


@pytest.mark.parametrize(("waiting", "shown", "heading"), [
    (1, 1, "1 story is waiting for review."),
    (2, 2, "2 stories are waiting for review, the oldest first."),
    (2, 1, "2 stories are waiting for review, the oldest first. Here is the first 1; "
           "decide on it to see the next."),
])
def test_the_story_queue(ctx, waiting: int, shown: int, heading: str) -> None:
    assert _heading(story_queue_replies([STORY] * shown, waiting, ctx)) == heading


@pytest.mark.parametrize(("total", "shown", "heading"), [
    (1, 1, "1 pledge matches “sahel”."),
    (2, 2, "2 pledges match “sahel”."),
    (2, 1, "2 pledges match “sahel”. The newest 1 is shown."),
    (3, 2, "3 pledges match “sahel”. The newest 2 are shown."),
])
def test_what_find_found(ctx, total: int, shown: int, heading: str) -> None:
    assert _heading(found_replies("sahel", [ENTRY] * shown, total, ctx)) == heading


@pytest.mark.parametrize(("total", "shown", "heading"), [
    (1, 1, "1 thing needs attention:"),
    (2, 2, "2 things need attention:"),
    (2, 1, "2 things need attention: (the oldest 1 is shown)"),
    (3, 2, "3 things need attention: (the oldest 2 are shown)"),
])
def test_what_needs_attention(ctx, total: int, shown: int, heading: str) -> None:
    assert attention_reply([ITEM] * shown, total, ctx).text.splitlines()[0] == heading


@pytest.mark.parametrize(("count", "line"), [
    (1, "(1 pledge has no US dollar rate yet and is not in this value)"),
    (2, "(2 pledges have no US dollar rate yet and are not in this value)"),
    (1234, "(1,234 pledges have no US dollar rate yet and are not in this value)"),
])
def test_pledges_without_a_rate(ctx, count: int, line: str) -> None:
    """The number is chosen by, and shown formatted for the locale."""
    assert line in figures_lines(replace(NO_FIGURES, without_usd=count), ctx)


@pytest.mark.parametrize(("approved", "line"), [
    (1, "Reporting rate: 100% (1 of 1 approved pledge reported)"),
    (2, "Reporting rate: 50% (1 of 2 approved pledges reported)"),
])
def test_the_reporting_rate(ctx, approved: int, line: str) -> None:
    assert line in figures_lines(replace(NO_FIGURES, approved=approved, reported=1), ctx)


@pytest.mark.parametrize(("count", "text"), [
    (1, "1 pledge, as CSV."), (2, "All 2 pledges, as CSV."),
])
def test_an_export(ctx, count: int, text: str) -> None:
    outcome = ExportOutcome(ExportFormat.CSV, count, Attachment("p.csv", "text/csv", b""))
    [reply] = ExportPledges(ExportFormat.CSV).shown(outcome, ctx)
    assert reply.text == text


def test_the_digest_counts_what_it_leaves_out(ctx) -> None:
    new = NewPledge("P2C-2026-00001", "Rural", "ACME Telecom", "access", None, False)
    digest = Digest(since=datetime(2026, 11, 16, tzinfo=UTC),
                    until=datetime(2026, 11, 23, tzinfo=UTC),
                    figures=replace(NO_FIGURES, under_review=3), new_pledges=(new,),
                    new_total=2, queue=(ENTRY,), attention=(ITEM,), attention_total=3,
                    timeline=())
    text = digest_text(digest, ctx)
    assert "… and 1 more (in the attached workbook)." in text
    assert "… and 2 more: say /review." in text
    assert "… and 2 more: say /overdue." in text


SHORT = NP_("Please write at least {minimum} character.",
            "Please write at least {minimum} characters.")
LONG = NP_("The note can have at most {maximum} character (yours has {length}).",
           "The note can have at most {maximum} characters (yours has {length}).")


@pytest.mark.parametrize(("minimum", "maximum", "typed", "message"), [
    (1, 2, " ", "Please write at least 1 character."),
    (2, 3, "a", "Please write at least 2 characters."),
    (1, 1, "ab", "The note can have at most 1 character (yours has 2)."),
    (1, 2, "abc", "The note can have at most 2 characters (yours has 3)."),
])
def test_a_length_limit_counts_its_bound(ctx, minimum: int, maximum: int, typed: str,
                                         message: str) -> None:
    parse = free_text("note", minimum=minimum, maximum=maximum, too_short=SHORT,
                      too_long=LONG)
    with pytest.raises(InvalidAnswerError) as refused:
        parse(typed, {}, ctx)
    assert str(refused.value) == message


@pytest.mark.parametrize(("references", "note"), [
    (["P2C-2026-00001"], "A progress report is due on P2C-2026-00001. Say report to file it."),
    (["P2C-2026-00001", "P2C-2026-00002"], "Progress reports are due on P2C-2026-00001 "
                                           "and P2C-2026-00002. Say report to file them."),
])
def test_the_reports_due(engine, make_context, references: list[str], note: str) -> None:
    """On a channel that cannot write first, opening the chat names the reports due."""
    pledges = tuple(PledgeSummary(r, PledgeStatus.APPROVED, EXPECTED_ANSWERS, report_due=True)
                    for r in references)
    ctx = make_context(pledges=pledges, channel=Channel.CONSOLE)
    assert engine.resume(ConversationState(), ctx).replies[0].text == note


@pytest.fixture
def intake(engine, make_context) -> Chat:
    chat = Chat(engine, make_context())
    chat.command("pledge")
    return chat


@pytest.mark.parametrize(("stop_at", "note"), [
    ("pillar", "Cancel now and the answer you gave (1) is lost. Say /cancel again to "
               "discard it, or answer the question to go on."),
    ("pledge_type", "Cancel now and the answers you gave (2) are lost. Say /cancel again to "
                    "discard them, or answer the question to go on."),
])
def test_cancelling_one_answer_or_several(intake: Chat, monkeypatch, stop_at: str,
                                          note: str) -> None:
    monkeypatch.setattr(engine_module, "CANCEL_WITHOUT_ASKING", 0)
    answer_until(intake, stop_at)
    assert note in intake.command("cancel").text


@pytest.mark.parametrize(("limit", "stop_at", "typed", "message"), [
    ((country_steps, "MAX_COUNTRIES", 1), "countries_typed", "Kenya, Uganda",
     "That is more than 1 country; for a worldwide pledge choose Global."),
    ((country_steps, "MAX_COUNTRIES", 2), "countries_typed", "Kenya, Uganda, Tanzania",
     "That is more than 2 countries; for a worldwide pledge choose Global."),
    ((pledge, "MAX_PARTNERS", 1), "partners", "GSMA, ITU",
     "Please type up to 1 partner name of 2 to 200 characters."),
    ((pledge, "MAX_PARTNERS", 2), "partners", "GSMA, ITU, UNDP",
     "Please type up to 2 partner names of 2 to 200 characters each, separated by commas."),
])
def test_a_limit_of_one_or_more(intake: Chat, monkeypatch, limit, stop_at: str, typed: str,
                                message: str) -> None:
    answer_until(intake, stop_at)
    monkeypatch.setattr(*limit)
    assert message in intake.say(typed).text


@pytest.mark.parametrize(("files", "allowed", "refused"), [
    (1, "JPEG, PNG, WebP, or PDF files, up to 1 file of at most 10 MB",
     "A story can have at most 1 file. Press Done to go on."),
    (2, "JPEG, PNG, WebP, or PDF files, up to 2 files of at most 10 MB each",
     "A story can have at most 2 files. Press Done to go on."),
])
def test_a_limit_of_one_file_or_more(ctx, monkeypatch, files: int, allowed: str,
                                     refused: str) -> None:
    monkeypatch.setattr(story_files, "STORY_LIMITS", replace(STORY_LIMITS, max_files=files))
    kept = [asdict(KeptFile(f"{n}.png", "image/png", str(n) * 64, 10, f"{n}.png"))
            for n in range(files)]
    step = story_files.StoryFilesStep("files", "")
    assert story_files.kinds_allowed(ctx) == allowed
    assert step.refuses_file(Upload("next.png", "image/png", 10), {"files": kept},
                             ctx) == refused
