"""Evidence links as pledgers type them, checked by pydantic's URL type: a public web
address (http or https, a host with a domain), stored in its normal form."""

from __future__ import annotations

from pydantic import HttpUrl, TypeAdapter, ValidationError

MAX_LINK_LENGTH = 2000
"""Longer links break in browsers and in the exports' spreadsheets."""

_HTTP_URL = TypeAdapter(HttpUrl)


class LinkError(ValueError):
    """Not a web link the secretariat could open."""


def parse_link(text: str) -> str:
    """The link in its normal form (`HTTPS://ITU.int` → `https://itu.int/`); a link
    without a scheme is taken as https, as browsers do. A link with a user name or
    password in it is refused: it would publish them (and `mailto:a@b.org` read as
    https would be one)."""
    typed = text.strip().strip("<>")
    if not typed or any(c.isspace() for c in typed) or len(typed) > MAX_LINK_LENGTH:
        raise LinkError(typed)
    if "://" not in typed:
        typed = "https://" + typed
    try:
        url = _HTTP_URL.validate_python(typed)
    except ValidationError as error:
        raise LinkError(typed) from error
    if url.host is None or "." not in url.host.strip(".") or url.username or url.password:
        raise LinkError(typed)
    return str(url)
