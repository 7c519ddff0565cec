"""What people type, made safe to store and to show before any question reads it: one
Unicode form (NFC), and no control characters or terminal escape sequences, which would
otherwise reach the database raw and later recolour or clear a secretariat officer's
terminal. Format characters stay: the zero-width joiner builds emoji such as 👩🏾‍💻 and,
with the non-joiner, is part of how Nepali and Persian are spelt."""

from __future__ import annotations

import re
import unicodedata

_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"          # CSI: colours, cursor moves, clearing (ESC [ 2 J)
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles, hyperlinks
    r"|\x9b[0-?]*[ -/]*[@-~]"           # CSI as the one-byte C1 control
    r"|\x1b[ -/]*[0-~]?"                # any other escape
)
KEPT_CONTROLS = frozenset("\n\t")


def clean_typed(text: str) -> str:
    """NFC, line ends as `\\n`, escape sequences removed whole, and every other control
    character (Unicode category Cc) except newline and tab dropped."""
    text = _ESCAPE_SEQUENCE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    kept = "".join(c for c in text if c in KEPT_CONTROLS or unicodedata.category(c) != "Cc")
    return unicodedata.normalize("NFC", kept)


def one_line(text: str) -> str:
    """For names and titles: any run of whitespace (newlines and tabs too) is one space."""
    return " ".join(text.split())
