"""The digest in words: plain text for a chat, HTML for e-mail. Both say the same,
every figure from `Digest` (SQL aggregations), in the digest's language."""

from __future__ import annotations

import html

from babel.dates import format_date

from bot.flows.desk_model import Digest, NewPledge
from bot.flows.desk_views import attention_lines, figures_lines, usd
from bot.flows.formatting import excerpt
from bot.flows.model import FlowContext

NEW_SHOWN = 25
QUEUE_LISTED = 10


def digest_title(digest: Digest, ctx: FlowContext) -> str:
    title = ctx._("Partner2Connect digest, {since} to {until}").format(
        since=format_date(digest.since.date(), format="medium", locale=ctx.locale),
        until=format_date(digest.until.date(), format="medium", locale=ctx.locale))
    if digest.late:
        title += " " + ctx._("(sent late: the worker was not running when it was due)")
    return title


def _new_line(pledge: NewPledge, ctx: FlowContext) -> str:
    value = usd(pledge.usd, ctx) if pledge.usd is not None else \
        ctx._("no US dollar rate yet") if pledge.has_amount else ctx._("no amount")
    return "• " + ctx.fill("{reference} “{title}”, {organization} · {value}",
                           reference=pledge.reference, title=excerpt(pledge.title, 80),
                           organization=pledge.organization, value=value)


def _sections(digest: Digest, ctx: FlowContext) -> list[tuple[str, list[str]]]:
    new = [_new_line(p, ctx) for p in digest.new_pledges]
    if digest.new_total > len(digest.new_pledges):
        more = digest.new_total - len(digest.new_pledges)
        new.append(ctx.ngettext("… and {count} more (in the attached workbook).",
                                "… and {count} more (in the attached workbook).",
                                more).format(count=more))
    queue = ["• " + ctx.fill("{reference} “{title}”, {organization}", reference=e.reference,
                             title=excerpt(e.answers.get("title", ""), 80),
                             organization=e.organization)
             for e in digest.queue]
    if digest.figures.under_review > len(digest.queue):
        more = digest.figures.under_review - len(digest.queue)
        queue.append(ctx.ngettext("… and {count} more: say /review.",
                                  "… and {count} more: say /review.", more).format(count=more))
    attention = attention_lines(digest.attention, ctx)
    if digest.attention_total > len(digest.attention):
        more = digest.attention_total - len(digest.attention)
        attention.append(ctx.ngettext("… and {count} more: say /overdue.",
                                      "… and {count} more: say /overdue.", more).format(
            count=more))
    stories = ["• " + ctx.fill("“{title}”, {organization} ({reference})",
                               title=excerpt(s.title, 80), organization=s.organization,
                               reference=s.pledge_reference)
               for s in digest.stories]
    return [
        (ctx._("New pledges in this period: {count}").format(count=digest.new_total),
         new or [ctx._("None.")]),
        (ctx._("Best-practice stories approved in this period: {count}").format(
            count=len(digest.stories)), stories or [ctx._("None.")]),
        (ctx._("Totals now"), figures_lines(digest.figures, ctx)),
        (ctx._("Waiting for review: {count}").format(count=digest.figures.under_review),
         queue or [ctx._("None.")]),
        (ctx._("Needs attention: {count}").format(count=digest.attention_total),
         attention or [ctx._("Nothing: no pledge is overdue and every reminder was "
                             "delivered.")]),
    ]


def digest_text(digest: Digest, ctx: FlowContext) -> str:
    parts = [digest_title(digest, ctx)]
    for heading, lines in _sections(digest, ctx):
        parts += ["", heading, *lines]
    return "\n".join(parts)


def digest_html(digest: Digest, ctx: FlowContext, chart_id: str | None) -> str:
    """An e-mail body; `chart_id` is the Content-ID of the inline chart."""
    escape = html.escape
    body = [f"<h1>{escape(digest_title(digest, ctx))}</h1>"]
    for heading, lines in _sections(digest, ctx):
        items = "".join(f"<li>{escape(line.lstrip('• ').strip())}</li>" for line in lines
                        if line.strip())
        body.append(f"<h2>{escape(heading)}</h2><ul>{items}</ul>")
    if chart_id:
        alt = escape(ctx._("Pledges and value over time, by focus area"))
        body.append(f'<p><img src="cid:{chart_id}" alt="{alt}" width="720"></p>')
    return "<!DOCTYPE html><html><body>" + "".join(body) + "</body></html>"
