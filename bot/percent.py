"""A percentage as pledgers type it: `40`, `40%`, `40 %`, `٤٠٪`, in full-width digits,
and whatever Babel writes one as in their language (`format_percent`: `40 %` in French,
with a no-break space)."""

from __future__ import annotations

from bot.matching import fold


class PercentError(ValueError):
    """Not a whole percentage from 0 to 100."""


def parse_percent(text: str) -> int:
    """A whole number from 0 to 100, with or without its percent sign on either side
    (Arabic and Turkish writers may put it first)."""
    cleaned = fold(text).strip().removesuffix("%").removeprefix("%").strip()
    if not cleaned.isdigit() or not 0 <= int(cleaned) <= 100:
        raise PercentError(text)
    return int(cleaned)
