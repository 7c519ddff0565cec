"""The digest's attachments: a chart of pledges and value over time by focus area
(PNG, matplotlib's Agg backend: no screen needed) and a workbook of its figures."""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure
from openpyxl import Workbook

from bot.flows.desk_model import Count, Digest
from bot.flows.desk_views import ATTENTION_ADVICE
from bot.flows.model import FlowContext

CHART_DPI = 100


def chart_png(digest: Digest, ctx: FlowContext) -> bytes:
    buffer = io.BytesIO()
    chart_figure(digest, ctx).savefig(buffer, format="png")
    return buffer.getvalue()


def chart_figure(digest: Digest, ctx: FlowContext) -> Figure:
    """Two panels sharing the months: pledges per month as stacked bars by focus area,
    and their US dollar value as a line per focus area. One bar segment per (month,
    focus area) with pledges, one line point per (month, focus area)."""
    months = sorted({p.month for p in digest.timeline})
    labels = {f.id: ctx._(f.label) for f in ctx.reference.taxonomy.focus_areas}
    areas = [f.id for f in ctx.reference.taxonomy.focus_areas] + sorted(
        {p.focus_area for p in digest.timeline} - set(labels))
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    values: dict[str, dict[str, float]] = defaultdict(dict)
    for point in digest.timeline:
        counts[point.focus_area][point.month] = point.pledges
        values[point.focus_area][point.month] = float(point.usd) / 1e6
    figure = Figure(figsize=(7.2, 5.4), dpi=CHART_DPI)
    bars, lines = figure.subplots(2, 1, sharex=True)
    bottom = [0] * len(months)
    for area in areas:
        if area not in counts:
            continue
        heights = [counts[area].get(m, 0) for m in months]
        present = [i for i, h in enumerate(heights) if h]
        bars.bar([months[i] for i in present], [heights[i] for i in present],
                 bottom=[bottom[i] for i in present], label=labels.get(area, area))
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
        lines.plot(months, [values[area].get(m, 0.0) for m in months], marker="o",
                   label=labels.get(area, area))
    bars.set_title(ctx._("Pledges per month, by focus area"))
    bars.set_ylabel(ctx._("Pledges"))
    lines.set_title(ctx._("Estimated value per month (US$ million)"))
    lines.set_ylabel(ctx._("US$ million"))
    if months:
        bars.legend(fontsize="small")
    lines.tick_params(axis="x", labelrotation=45)
    figure.tight_layout()
    return figure


def _count_rows(counts: tuple[Count, ...]) -> list[tuple[str, int, Decimal]]:
    return [(c.key, c.pledges, c.usd) for c in counts]


def digest_workbook(digest: Digest, ctx: FlowContext) -> bytes:
    """Sheets: the totals, each breakdown, the period's new pledges, the review queue and
    what needs attention. Numbers are numbers, so the secretariat can sum and chart."""
    figures = digest.figures
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(ctx._("Summary"))
    summary.append((ctx._("Period"), digest.since.date(), digest.until.date()))
    for label, value in (
        (ctx._("Pledges"), figures.pledges), (ctx._("Estimated value (USD)"), figures.usd),
        (ctx._("Pledges without a US dollar rate"), figures.without_usd),
        (ctx._("Organizations"), figures.organizations),
        (ctx._("Countries of implementation"), figures.countries),
        (ctx._("Targeting LDCs"), figures.targeting.get("ldc", 0)),
        (ctx._("Targeting LLDCs"), figures.targeting.get("lldc", 0)),
        (ctx._("Targeting SIDS"), figures.targeting.get("sids", 0)),
        (ctx._("Approved pledges"), figures.approved),
        (ctx._("Approved pledges reported on (12 months)"), figures.reported),
        (ctx._("Waiting for review"), figures.under_review),
        (ctx._("Overdue"), figures.overdue),
        (ctx._("Reminders not delivered"), figures.undelivered),
        (ctx._("New pledges in this period"), digest.new_total),
    ):
        summary.append((label, value))
    for title, counts in ((ctx._("By focus area"), figures.by_focus_area),
                          (ctx._("By pledge type"), figures.by_type),
                          (ctx._("By sector"), figures.by_sector)):
        sheet = workbook.create_sheet(title[:31])
        sheet.append((ctx._("Key"), ctx._("Pledges"), ctx._("Estimated value (USD)")))
        for row in _count_rows(counts):
            sheet.append(row)
    new = workbook.create_sheet(ctx._("New pledges")[:31])
    new.append((ctx._("Reference"), ctx._("Title"), ctx._("Organization"),
                ctx._("Focus area"), ctx._("Estimated value (USD)")))
    for pledge in digest.new_pledges:
        new.append((pledge.reference, pledge.title, pledge.organization, pledge.focus_area,
                    pledge.usd if pledge.usd is not None else
                    (ctx._("no rate") if pledge.has_amount else None)))
    queue = workbook.create_sheet(ctx._("Review queue")[:31])
    queue.append((ctx._("Reference"), ctx._("Organization"), ctx._("Submitted")))
    for entry in digest.queue:
        queue.append((entry.reference, entry.organization, entry.submitted_on))
    attention = workbook.create_sheet(ctx._("Needs attention")[:31])
    attention.append((ctx._("Reference"), ctx._("What"), ctx._("Organization"),
                      ctx._("Since"), ctx._("Pledger")))
    for item in digest.attention:
        attention.append((item.reference,
                          ctx._(ATTENTION_ADVICE[item.kind]).format(pledger=item.pledger),
                          item.organization,
                          item.since.replace(tzinfo=None), item.pledger))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
