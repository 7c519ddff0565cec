"""The key that typed words are compared by (a country, a month, a button's label, a
command word), whatever their case, accents, punctuation or script's way of writing
digits."""

from __future__ import annotations

import re
import unicodedata

_ARABIC_SIGNS = str.maketrans({
    "\u066b": ".",  # ARABIC DECIMAL SEPARATOR
    "\u066c": ",",  # ARABIC THOUSANDS SEPARATOR
    "\u066a": "%",  # ARABIC PERCENT SIGN
    "\u060c": ",",  # ARABIC COMMA
    "\u061b": ";",  # ARABIC SEMICOLON
    "\u0649": "\u064a",  # ALEF MAKSURA, typed for YEH at a word's end
    "\u0629": "\u0647",  # TEH MARBUTA, typed as HEH
    "\u06cc": "\u064a",  # FARSI YEH, from a Persian keyboard
    "\u06a9": "\u0643",  # KEHEH, the Persian keyboard's kaf
    "\u0640": None,  # TATWEEL, a stretch of the line, not a letter
    "\u2019": "'",
})
"""Arabic punctuation as its ASCII counterpart, and the letters Arabic keyboards and
writers use for one another, as one letter; the typographic apostrophe as `'`."""


def fold(text: str) -> str:
    """Text reduced to what a reader tells apart: compatibility forms (full-width
    digits and commas) as their plain ones, every script's decimal digits (Arabic-Indic,
    Persian) as ASCII digits,
    no case, no accents or Arabic vowel marks, no bidi or other format characters
    (Babel's Arabic output and our own isolates carry them), one space between words.
    Punctuation stays: parsers of numbers and lists need it."""
    compatible = unicodedata.normalize("NFKC", text).translate(_ARABIC_SIGNS).casefold()
    decomposed = unicodedata.normalize("NFKD", compatible)
    kept = "".join(_ascii_digit(c) for c in decomposed
                   if not unicodedata.combining(c) and unicodedata.category(c) != "Cf")
    return " ".join(unicodedata.normalize("NFC", kept).split())


def _ascii_digit(char: str) -> str:
    value = unicodedata.decimal(char, None)
    return str(value) if value is not None else char


def normalize(text: str) -> str:
    """Folded and punctuation-free: `Côte d'Ivoire` → `cote d ivoire`."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())
