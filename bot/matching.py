"""The key that typed words are compared by (a country, a month, a button's label, a
command word), whatever their case, accents or punctuation."""

from __future__ import annotations

import re
import unicodedata


def normalize(text: str) -> str:
    """Casefolded, accent-free, punctuation-free: `Côte d'Ivoire` → `cote d ivoire`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", without_marks).split())
