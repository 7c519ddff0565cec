"""A published site of the fixture pledges (`tests/publish/pledges.py`), written once per
test into its own folder, and the headless browser to look at it with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.i18n import Catalogs
from bot.publish.site import PublishedSite, publish_site
from bot.reference import ReferenceData
from storage.db import Database
from tests.browser import chromium  # noqa: F401 - the fixture, for the browser tests
from tests.publish.pledges import Seeded, seed

PUBLISHED_AT = datetime(2026, 11, 23, 12, tzinfo=UTC)


@dataclass(frozen=True)
class Published:
    site: PublishedSite
    seeded: Seeded

    @property
    def path(self) -> Path:
        return self.site.path


@pytest.fixture
def published(database: Database, reference: ReferenceData, catalogs: Catalogs,
              tmp_path: Path) -> Published:
    stories_dir = tmp_path / "stories"
    seeded = seed(database, stories_dir)
    with database.transaction() as session:
        site = publish_site(session, reference, tmp_path / "site", catalogs=catalogs,
                            stories_dir=stories_dir, now=PUBLISHED_AT)
    return Published(site, seeded)
