"""Charts drawn as inline SVG: no script, no font or file from elsewhere, so the report
reads the same in a browser, in print and in the PDF. Every text is escaped, since
labels can come from what pledgers typed (a partner's name, a story's title)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 300
BAR_WIDTH = 360
VALUE_WIDTH = 140
PALETTE = ("#1f5f8b", "#2e8b57", "#c26d1a", "#7b4f9d", "#a33b3b", "#3b7f8f", "#7f7f2a")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str
    """The value as the reader should see it (formatted in the report's language)."""


def _fit(text: str, limit: int = 44) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(bars: Sequence[Bar], title: str) -> str:
    """Horizontal bars, one per row, scaled to the largest value."""
    if not bars:
        return ""
    largest = max((bar.value for bar in bars), default=0.0) or 1.0
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">',
             f"<title>{escape(title)}</title>"]
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = max(bar.value / largest * BAR_WIDTH, 1.0 if bar.value else 0.0)
        colour = PALETTE[index % len(PALETTE)]
        middle = y + BAR_HEIGHT * 0.7
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle:.1f}" text-anchor="end" '
            f'font-size="13">{escape(_fit(bar.label))}</text>'
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" '
            f'height="{BAR_HEIGHT}" fill="{colour}"><title>{escape(bar.label)}: '
            f"{escape(bar.shown)}</title></rect>"
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{middle:.1f}" '
            f'font-size="13">{escape(bar.shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)

