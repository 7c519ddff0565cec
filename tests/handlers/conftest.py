"""The Slack tests' strict Web API fake, served over HTTP: one definition for every
Slack test module here."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.http_server import serving
from tests.fakes.slack_api import FakeSlack


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    """The strict Web API fake; a test fails if the bot made a call Slack refuses.
    A Telegram test module defines its own `fake`."""
    fake = FakeSlack()
    yield fake
    assert not fake.refused, f"the bot made calls Slack refuses: {fake.refused}"


@pytest.fixture
def api_url(fake: FakeSlack) -> Iterator[str]:
    """The fake served over HTTP, as Bolt's client and file downloads reach it."""
    with serving(fake.app) as url:
        fake.base_url = url
        yield url
