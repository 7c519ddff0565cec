"""Slack's message formatting read back into what the pledger typed.

Slack delivers a typed message with `&`, `<` and `>` escaped and with its own markup for
what the client turned into links: `<https://x.org/r.pdf>`, `<http://itu.int|itu.int>`
for a typed `itu.int`, `<mailto:a@b.org|a@b.org>`, mentions `<@U123>` and
`<#C123|general>`, and `<!here>`. Stored as it arrives, a title would keep the brackets
and no evidence link would be accepted."""

from __future__ import annotations

import re

_MARKUP = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(?://)?", re.IGNORECASE)


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _shown(target: str, label: str | None) -> str:
    """What the pledger sees in their client for one piece of markup."""
    if target.startswith("@"):
        return f"@{label}" if label else target
    if target.startswith("#"):
        return f"#{label}" if label else target
    if target.startswith("!"):
        if label:
            return label
        return "@" + target[1:].split("^")[0]
    if not label:
        return target
    bare = _SCHEME.sub("", target)
    if label in {target, bare, bare.rstrip("/")}:
        return label
    return f"{label} ({target})"


def from_slack(text: str) -> str:
    """A link the client made from typed text reads as typed (`itu.int`); a named link
    keeps both its words and its address; mentions read as Slack shows them."""
    return _unescape(_MARKUP.sub(
        lambda m: _shown(m.group(1), m.group(2)), text))
