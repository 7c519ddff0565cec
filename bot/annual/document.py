"""The annual report's figures as JSON, for anyone who wants to rebuild the charts:
every breakdown with its keys (stable, for programs) and labels (in the report's
language, for people). US dollars are numbers rounded to the cent; shares and rates
are fractions of 1."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.annual.breakdowns import Breakdown
from bot.annual.figures import AnnualFigures
from bot.annual.labels import ReportLabels

SCHEMA_VERSION = 1


def usd(amount: Decimal | None) -> float | None:
    return None if amount is None else float(amount.quantize(Decimal("0.01")))


def _share(value: float) -> float:
    return round(value, 4)


def _breakdown(breakdown: Breakdown) -> list[dict[str, Any]]:
    return [{"key": row.key, "label": row.label, "pledges": row.pledges,
             **({"usd": usd(row.usd)} if row.usd is not None else {}),
             "share": _share(row.share)} for row in breakdown.rows]


def figures_document(figures: AnnualFigures, breakdowns: list[Breakdown],
                     labels: ReportLabels) -> dict[str, Any]:
    head = figures.headline
    money = figures.disbursement
    return {
        "schema_version": SCHEMA_VERSION,
        "year": figures.year,
        "period": {"from": figures.since.date().isoformat(),
                   "until": figures.until.date().isoformat()},
        "generated_at": figures.generated_at.isoformat(),
        "language": labels.translator.locale,
        "scope": "approved pledges submitted before the period's end; progress reports "
                 "dated before it",
        "headline": {"pledges": head.pledges, "new_in_year": head.new_in_year,
                     "usd": usd(head.usd), "organizations": head.organizations,
                     "countries": head.countries, "global_pledges": head.global_pledges,
                     "pledges_without_usd": head.without_usd},
        "breakdowns": {b.id.value: _breakdown(b) for b in breakdowns},
        "origin_vs_implementation": [
            {"origin": p.origin, "origin_label": labels.region(p.origin),
             "implementation": p.implementation,
             "implementation_label": labels.region(p.implementation),
             "pledges": p.pledges, "usd": usd(p.usd)} for p in figures.region_pairs],
        "joint": {"pledges": figures.joint_pledges, "usd": usd(figures.joint_usd),
                  "share": _share(figures.share(figures.joint_pledges))},
        "reporting": {
            "reported_in_year": figures.reported,
            "rate": _share(figures.reporting_rate),
            "by_sector": [{"key": s.sector, "label": labels.sector(s.sector),
                           "pledges": s.pledges, "reported": s.reported,
                           "rate": _share(s.rate)} for s in figures.reporting_by_sector]},
        "financial": {"pledges": money.pledges, "pledged_usd": usd(money.pledged_usd),
                      "disbursed_usd": usd(money.disbursed_usd),
                      "disbursed_share": _share(float(money.disbursed_usd / money.pledged_usd)
                                                if money.pledged_usd else 0.0),
                      "pledges_reporting_disbursement": money.reporting},
        "rates": {
            "used": [{"currency": r.currency,
                      "units_per_usd": None if r.units_per_usd is None
                      else str(r.units_per_usd),
                      "as_of": r.as_of.isoformat() if r.as_of else None,
                      "pledges": r.pledges, "amount": str(r.amount), "usd": usd(r.usd),
                      "pledges_without_usd": r.without_usd} for r in figures.rates],
            "without_rate": {"pledges": head.without_usd,
                             "listed": [{"reference": u.reference, "amount": str(u.amount),
                                         "currency": u.currency}
                                        for u in figures.unconverted]}},
        "stories": [{"pledge": s.pledge_reference, "pledge_title": s.pledge_title,
                     "organization": s.organization, "title": s.title, "story": s.body,
                     "approved_at": s.approved_at.isoformat(),
                     "files": [{"name": f.name, "media_type": f.media_type,
                                "sha256": f.sha256} for f in s.files]}
                    for s in figures.stories],
    }
