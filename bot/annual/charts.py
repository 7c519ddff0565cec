"""Charts drawn as inline SVG: no script, no font or file from elsewhere, so the report
reads the same in a browser, in print and in the PDF. Every text is escaped, since
labels can come from what pledgers typed (a partner's name, a story's title)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

LABEL_HEIGHT = 18
BAR_HEIGHT = 16
GAP = 10
BAR_WIDTH = 400
VALUE_WIDTH = 160
FONT_SIZE = 14
PALETTE = ("#1f5f8b", "#2e8b57", "#c26d1a", "#7b4f9d", "#a33b3b", "#3b7f8f", "#7f7f2a")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str
    """The value as the reader should see it (formatted in the report's language)."""


def _fit(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(bars: Sequence[Bar], title: str) -> str:
    """Horizontal bars scaled to the largest value, each under its label, so the chart
    stays narrow enough to read on a phone."""
    if not bars:
        return ""
    largest = max((bar.value for bar in bars), default=0.0) or 1.0
    row = LABEL_HEIGHT + BAR_HEIGHT + GAP
    height = len(bars) * row + GAP
    width = BAR_WIDTH + VALUE_WIDTH
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">',
             f"<title>{escape(title)}</title>"]
    for index, bar in enumerate(bars):
        top = GAP + index * row
        length = max(bar.value / largest * BAR_WIDTH, 1.0 if bar.value else 0.0)
        colour = PALETTE[index % len(PALETTE)]
        bar_top = top + LABEL_HEIGHT
        parts.append(
            f'<text x="0" y="{top + LABEL_HEIGHT - 4}" font-size="{FONT_SIZE}">'
            f"{escape(_fit(bar.label))}</text>"
            f'<rect class="bar" x="0" y="{bar_top}" width="{length:.1f}" '
            f'height="{BAR_HEIGHT}" fill="{colour}"><title>{escape(bar.label)}: '
            f"{escape(bar.shown)}</title></rect>"
            f'<text x="{length + 6:.1f}" y="{bar_top + BAR_HEIGHT - 3}" '
            f'font-size="{FONT_SIZE}">{escape(bar.shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)
