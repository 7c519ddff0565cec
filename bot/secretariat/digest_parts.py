"""A digest made ready to send: its words, HTML, chart and workbook, built once per
row in the digest's language."""

from __future__ import annotations

from dataclasses import dataclass

from bot.flows.desk_model import Digest
from bot.flows.digest_views import digest_html, digest_text, digest_title
from bot.flows.model import FlowContext
from bot.secretariat.digest_files import chart_png, digest_workbook

CHART_ID = "p2c-digest-chart"


@dataclass(frozen=True)
class DigestParts:
    title: str
    text: str
    html: str
    chart: bytes
    workbook: bytes
    workbook_name: str
    chart_name: str


def digest_parts(digest: Digest, ctx: FlowContext) -> DigestParts:
    day = digest.until.date().isoformat()
    return DigestParts(
        title=digest_title(digest, ctx), text=digest_text(digest, ctx),
        html=digest_html(digest, ctx, CHART_ID), chart=chart_png(digest, ctx),
        workbook=digest_workbook(digest, ctx), workbook_name=f"p2c-digest-{day}.xlsx",
        chart_name=f"p2c-digest-{day}.png")
