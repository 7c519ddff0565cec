"""The digest end to end: built from stored pledges, sent by the dispatcher to a real
SMTP server (aiosmtpd) started by the test, once per period; its chart and workbook
checked against totals computed by hand."""

from __future__ import annotations

import asyncio
import email
import io
import socket
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from email.message import EmailMessage
from email.policy import default

import pytest
import time_machine
from aiosmtpd.controller import Controller
from openpyxl import load_workbook
from PIL import Image
from sqlmodel import col, select

from bot.handlers.email import EmailDigestSender
from bot.secretariat.digest_dispatch import DigestDispatcher
from bot.secretariat.digest_schedule import DigestSchedule
from bot.turns import ChatUser, TurnRunner
from storage.models import DigestOutbox, Pledge
from tests.desk import approve_all
from tests.runner_chat import RunnerChat
from vocabulary import Channel, DigestCadence, OutboxStatus

SUBMITTED = datetime(2026, 11, 25, 9, tzinfo=UTC)
MONDAY_AFTER = datetime(2026, 11, 30, 7, 30, tzinfo=UTC)  # 08:30 in Zurich, after 08:00
WEEKLY = DigestSchedule(DigestCadence.WEEKLY, "monday", 8, "Europe/Zurich")


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 OK"


@pytest.fixture
def inbox():
    handler = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


def _pledges(runner: TurnRunner, count: int) -> None:
    with time_machine.travel(SUBMITTED, tick=False):
        for number in range(count):
            chat = RunnerChat(runner, ChatUser(Channel.TELEGRAM, str(7000 + number),
                                               f"Pledger {number}", "en", "Africa/Nairobi"))
            chat.register(f"Organization {number}")
            chat.answer_pledge()
            chat.press("confirm")
        approve_all(runner)


def _dispatcher(runner: TurnRunner, port: int, worker: str = "w1",
                language: str = "en") -> DigestDispatcher:
    sender = EmailDigestSender(["p2c@itu.example"], host="127.0.0.1", port=port,
                               sender="p2c-bot@itu.example", starttls=False)
    return DigestDispatcher(runner.db, runner.reference, runner.catalogs, language, WEEKLY,
                            {sender.destination: sender}, worker=worker,
                            lease=timedelta(minutes=5), late_after=timedelta(hours=6))


def test_the_weekly_digest_arrives_once_with_html_chart_and_workbook(
        runner: TurnRunner, inbox) -> None:
    handler, port = inbox
    _pledges(runner, 3)
    with runner.db.transaction() as session:
        stored = list(session.exec(select(Pledge)))
    usd = sum(p.amount_usd or 0 for p in stored)
    dispatcher = _dispatcher(runner, port)
    with time_machine.travel(MONDAY_AFTER, tick=False):
        assert asyncio.run(dispatcher.tick()) == {"sent": 1}
        assert asyncio.run(dispatcher.tick()) == {}
    [message] = handler.messages
    assert message["Subject"].startswith("Partner2Connect digest, Nov 23, 2026 to Nov 30, 2026")
    html = message.get_body(("html",))
    assert html is not None
    body = html.get_content()
    assert "New pledges in this period: 3" in body
    assert f"${usd:,.2f}" in body
    assert 'src="cid:p2c-digest-chart"' in body
    [image] = [p for p in message.walk() if p.get_content_type() == "image/png"]
    assert image["Content-ID"] == "<p2c-digest-chart>"
    png = Image.open(io.BytesIO(image.get_content()))
    assert png.format == "PNG"
    assert png.size[0] > 100
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "p2c-digest-2026-11-30.xlsx"
    workbook = load_workbook(io.BytesIO(attachment.get_content()))
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True)}
    assert summary["Pledges"] == 3
    assert summary["Organizations"] == 3
    assert float(summary["Estimated value (USD)"]) == pytest.approx(float(usd))
    new = list(workbook["New pledges"].iter_rows(values_only=True))
    assert [r[0] for r in new[1:]] == sorted((p.reference for p in stored), reverse=True)


def test_the_digest_in_the_secretariats_language(runner: TurnRunner, inbox) -> None:
    """Mail, chart and workbook in French: sheet names, labels and every value the
    workbook writes as text."""
    handler, port = inbox
    _pledges(runner, 1)
    french = runner.catalogs.translator("fr")
    with time_machine.travel(MONDAY_AFTER, tick=False):
        asyncio.run(_dispatcher(runner, port, language="fr").tick())
    [message] = handler.messages
    assert message["Subject"].startswith(french.gettext("Partner2Connect digest, {since} "
                                                        "to {until}").split("{")[0])
    [attachment] = list(message.iter_attachments())
    workbook = load_workbook(io.BytesIO(attachment.get_content()))
    assert french.gettext("New pledges")[:31] in workbook.sheetnames
    summary = {row[0] for row in workbook[workbook.sheetnames[0]].iter_rows(values_only=True)}
    assert french.gettext("Organizations") in summary


def test_a_digest_missed_while_the_worker_was_down_is_sent_once_marked_late(
        runner: TurnRunner, inbox) -> None:
    handler, port = inbox
    _pledges(runner, 1)
    dispatcher = _dispatcher(runner, port)
    with time_machine.travel(MONDAY_AFTER + timedelta(days=15), tick=False):
        asyncio.run(dispatcher.tick())
        asyncio.run(dispatcher.tick())
    [message] = handler.messages
    assert "(sent late" in message["Subject"]
    with runner.db.transaction() as session:
        [row] = session.exec(select(DigestOutbox)).all()
    assert row.late
    assert row.status == OutboxStatus.SENT


def test_a_refused_e_mail_is_tried_again_and_a_broken_one_is_never_sent_twice(
        runner: TurnRunner) -> None:
    _pledges(runner, 1)
    dispatcher = _dispatcher(runner, port=1)  # nothing listens: connection refused
    with time_machine.travel(MONDAY_AFTER, tick=False):
        assert asyncio.run(dispatcher.tick()) == {"failed": 1}
    with runner.db.transaction() as session:
        row = session.exec(select(DigestOutbox)).one()
        assert row.status == OutboxStatus.PENDING
        assert session.exec(select(DigestOutbox).where(
            col(DigestOutbox.status) == OutboxStatus.SENT)).first() is None


def test_the_chart_has_a_bar_per_month_and_focus_area_and_a_point_per_month(
        runner: TurnRunner) -> None:
    """Pledges in two months and two focus areas: three bar segments where there are
    pledges, and one line per focus area with a point per month."""
    from bot.flows.desk_model import TimelinePoint
    from bot.flows.model import FlowContext
    from bot.secretariat.digest_content import build_digest
    from bot.secretariat.digest_files import chart_figure

    with runner.db.transaction() as session:
        digest = build_digest(session, SUBMITTED, MONDAY_AFTER, MONDAY_AFTER)
    timeline = (TimelinePoint("2026-10", "access", 2, Decimal(1_000_000)),
                TimelinePoint("2026-11", "access", 1, Decimal(500_000)),
                TimelinePoint("2026-11", "adoption", 4, Decimal(2_000_000)))
    ctx = FlowContext(runner.catalogs.translator("en"), runner.reference,
                      MONDAY_AFTER.date(), Channel.CONSOLE)
    bars, lines = chart_figure(replace(digest, timeline=timeline), ctx).axes
    assert len(bars.patches) == 3
    assert sorted(p.get_height() for p in bars.patches) == [1, 2, 4]
    assert [len(line.get_xdata()) for line in lines.get_lines()] == [2, 2]
    assert list(lines.get_lines()[1].get_ydata()) == [0.0, 2.0]
