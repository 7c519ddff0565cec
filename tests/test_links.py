"""Evidence links: what a pledger pastes, checked by pydantic's URL type."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.links import MAX_LINK_LENGTH, LinkError, parse_link


@pytest.mark.parametrize(("typed", "stored"), [
    ("https://example.org/p2c/report-2027.pdf", "https://example.org/p2c/report-2027.pdf"),
    ("  HTTPS://ITU.int/Report  ", "https://itu.int/Report"),
    ("itu.int/p2c", "https://itu.int/p2c"),
    ("http://example.org", "http://example.org/"),
    ("<https://example.org/a?b=1&c=2>", "https://example.org/a?b=1&c=2"),
    ("https://bücher.example/bericht", "https://xn--bcher-kva.example/bericht"),
])
def test_web_links_are_stored_in_their_normal_form(typed: str, stored: str) -> None:
    assert parse_link(typed) == stored


@pytest.mark.parametrize("typed", [
    "", "see the annual report", "javascript:alert(1)", "ftp://example.org/report",
    "http://localhost/report", "https://example .org", "mailto:p2c@itu.int",
    "https://" + "a" * MAX_LINK_LENGTH + ".org",
])
def test_what_is_not_a_public_web_link_is_refused(typed: str) -> None:
    with pytest.raises(LinkError):
        parse_link(typed)


@given(st.text(max_size=300))
def test_any_text_is_a_link_or_refused_never_a_crash(typed: str) -> None:
    try:
        link = parse_link(typed)
    except LinkError:
        return
    assert link.startswith(("http://", "https://"))
