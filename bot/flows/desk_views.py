"""How the secretariat's data is worded, in the member's language: a pledge under
review with its decision buttons, the totals, what needs attention."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from bot.flows.desk_model import AttentionItem, AttentionKind, Count, Figures, ReviewEntry
from bot.flows.formatting import excerpt, show_status
from bot.flows.model import COMMAND_PREFIX, N_, Choice, FlowContext, Reply
from bot.flows.pledge import REVIEW
from vocabulary import PledgeStatus

QUEUE_SHOWN = 10
"""Pledges shown at once by /review (the oldest first); /find reaches any other."""
FOUND_SHOWN = 10
ATTENTION_SHOWN = 20
ATTENTION_ADVICE = {
    AttentionKind.OVERDUE: N_("overdue: no report after a reminder and a follow-up. Write "
                              "to {pledger} directly."),
    AttentionKind.UNCERTAIN: N_("a reminder may not have arrived (the connection broke "
                                "while it was sent). Check with {pledger} before sending "
                                "it again by hand."),
    AttentionKind.FAILED: N_("a reminder could not be sent. Check the bot's token and "
                             "the worker's log."),
    AttentionKind.UNREACHABLE: N_("{pledger} blocked the bot or left the workspace: "
                                  "reach them another way."),
}


def usd(amount: Decimal, ctx: FlowContext) -> str:
    return format_currency(amount, "USD", locale=ctx.locale)


def decision_choices(entry: ReviewEntry, ctx: FlowContext) -> tuple[Choice, ...]:
    """The buttons name the pledge and the revision shown, so a decision is about what
    the member read: an edit since then shows the pledge again instead."""
    if entry.status != PledgeStatus.SUBMITTED:
        return ()
    argument = f"{entry.reference}.{entry.revision}"
    return (Choice(f"{COMMAND_PREFIX}approve:{argument}", ctx._("Approve"), primary=True),
            Choice(f"{COMMAND_PREFIX}reject:{argument}", ctx._("Reject")),
            Choice(f"{COMMAND_PREFIX}changes:{argument}", ctx._("Ask for changes")))


def entry_text(entry: ReviewEntry, ctx: FlowContext) -> str:
    sector = ctx.reference.taxonomy.sector(entry.sector)
    lines = [ctx._("{reference} ({status}), by {organization} ({sector}), submitted on "
                   "{day} by {pledger}").format(
        reference=entry.reference, status=show_status(entry.status, ctx),
        organization=entry.organization, sector=ctx._(sector.label) if sector else entry.sector,
        day=format_date(entry.submitted_on, format="medium", locale=ctx.locale),
        pledger=entry.pledger)]
    lines += ["", REVIEW.summary(entry.answers, ctx)]
    if entry.review_note:
        lines += ["", ctx._("Note from the review: {note}").format(note=entry.review_note)]
    if entry.reviewed_by and entry.reviewed_on:
        lines += [ctx._("Decided by {member} on {day}.").format(
            member=entry.reviewed_by,
            day=format_date(entry.reviewed_on, format="medium", locale=ctx.locale))]
    return "\n".join(lines)


def entry_reply(entry: ReviewEntry, ctx: FlowContext) -> Reply:
    return Reply(entry_text(entry, ctx), choices=decision_choices(entry, ctx))


def queue_replies(entries: Sequence[ReviewEntry], waiting: int,
                  ctx: FlowContext) -> tuple[Reply, ...]:
    if not entries:
        return (Reply(ctx._("No pledge is waiting for review.")),)
    heading = ctx.ngettext("{count} pledge is waiting for review.",
                           "{count} pledges are waiting for review, the oldest first.",
                           waiting).format(count=waiting)
    if waiting > len(entries):
        heading += " " + first_shown(len(entries), ctx)
    return (Reply(heading), *(entry_reply(e, ctx) for e in entries))


def first_shown(shown: int, ctx: FlowContext) -> str:
    """What a queue longer than one message says of the part it shows (pledges and
    stories alike)."""
    return ctx.ngettext("Here is the first {shown}; decide on it to see the next.",
                        "Here are the first {shown}; decide on them to see the next.",
                        shown).format(shown=shown)


def found_replies(query: str, entries: Sequence[ReviewEntry], total: int,
                  ctx: FlowContext) -> tuple[Reply, ...]:
    if not entries:
        return (Reply(ctx._("No pledge matches “{query}”.").format(query=query)),)
    heading = ctx.ngettext("{count} pledge matches “{query}”.",
                           "{count} pledges match “{query}”.", total).format(
        count=total, query=query)
    if total > len(entries):
        heading += " " + ctx.ngettext("The newest {shown} is shown.",
                                      "The newest {shown} are shown.", len(entries)).format(
            shown=len(entries))
    return (Reply(heading), *(entry_reply(e, ctx) for e in entries))


def _breakdown(title: str, counts: Sequence[Count], label_of: dict[str, str],
               ctx: FlowContext) -> list[str]:
    lines = [title]
    lines += ["  " + ctx.fill("{label}: {pledges} · {value}",
                              label=ctx._(label_of.get(c.key, c.key)), pledges=c.pledges,
                              value=usd(c.usd, ctx))
              for c in counts]
    return lines


def figures_lines(figures: Figures, ctx: FlowContext) -> list[str]:
    """Every figure, one per line; the same lines open the digest."""
    taxonomy = ctx.reference.taxonomy

    def number(count: int) -> str:
        return format_decimal(count, locale=ctx.locale)

    lines = [
        ctx._("Pledges: {count}").format(count=number(figures.pledges)),
        ctx._("Estimated value: {value}").format(value=usd(figures.usd, ctx)),
    ]
    if figures.without_usd:
        lines.append(ctx.ngettext("({count} pledge has no US dollar rate yet and is not in "
                                  "this value)",
                                  "({count} pledges have no US dollar rate yet and are not "
                                  "in this value)", figures.without_usd).format(
            count=number(figures.without_usd)))
    lines += [
        ctx._("Organizations: {count}").format(count=number(figures.organizations)),
        ctx._("Countries of implementation: {count}").format(count=number(figures.countries)),
        ctx._("Targeting LDCs: {ldc} · LLDCs: {lldc} · SIDS: {sids}").format(
            ldc=number(figures.targeting.get("ldc", 0)),
            lldc=number(figures.targeting.get("lldc", 0)),
            sids=number(figures.targeting.get("sids", 0))),
    ]
    rate = figures.reporting_rate
    lines.append(ctx.ngettext("Reporting rate: {rate} ({reported} of {approved} approved "
                              "pledge reported)",
                              "Reporting rate: {rate} ({reported} of {approved} approved "
                              "pledges reported)", figures.approved).format(
        rate=format_percent(rate, locale=ctx.locale) if rate is not None else "-",
        reported=number(figures.reported), approved=number(figures.approved)))
    lines.append(ctx._("Waiting for review: {queue} · Overdue: {overdue} · Reminders not "
                       "delivered: {undelivered}").format(
        queue=number(figures.under_review), overdue=number(figures.overdue),
        undelivered=number(figures.undelivered)))
    lines += ["", *_breakdown(ctx._("By focus area:"), figures.by_focus_area,
                              {f.id: f.label for f in taxonomy.focus_areas}, ctx)]
    lines += _breakdown(ctx._("By pledge type:"), figures.by_type,
                        {o.id: o.label for o in taxonomy.pledge_types}, ctx)
    lines += _breakdown(ctx._("By sector:"), figures.by_sector,
                        {o.id: o.label for o in taxonomy.sectors}, ctx)
    return lines


def stats_reply(figures: Figures, ctx: FlowContext) -> Reply:
    heading = ctx._("Partner2Connect pledges now (withdrawn and rejected ones not counted):")
    return Reply("\n".join([heading, "", *figures_lines(figures, ctx)]))


def attention_lines(items: Sequence[AttentionItem], ctx: FlowContext) -> list[str]:
    return ["• " + ctx.fill("{reference} “{title}” ({organization}), {day}: {advice}",
                            reference=item.reference, title=excerpt(item.title, 60),
                            organization=item.organization,
                            day=format_date(item.since.date(), format="medium",
                                            locale=ctx.locale),
                            advice=ctx._(ATTENTION_ADVICE[item.kind]).format(
                                pledger=item.pledger))
            for item in items]


def attention_reply(items: Sequence[AttentionItem], total: int, ctx: FlowContext) -> Reply:
    if not items:
        return Reply(ctx._("Nothing needs attention: no pledge is overdue and every reminder "
                           "was delivered."))
    heading = ctx.ngettext("{count} thing needs attention:", "{count} things need attention:",
                           total).format(count=total)
    if total > len(items):
        heading += " " + ctx.ngettext("(the oldest {shown} is shown)",
                                      "(the oldest {shown} are shown)", len(items)).format(
            shown=len(items))
    return Reply("\n".join([heading, *attention_lines(items, ctx)]))
