"""`p2c-bot publish --out DIR`: the site is written, a second run replaces the first
whole (a pledge no longer approved disappears from it), nothing is left beside it, and
a folder that holds something else is refused and left as it was, and a run that fails
halfway leaves the site published before untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import col, select
from typer.testing import CliRunner

from bot.cli import app
from bot.i18n import Catalogs
from bot.publish import site as site_module
from bot.publish.pages import pledge_page
from bot.publish.site import publish_site
from bot.reference import ReferenceData
from storage.db import Database
from storage.models import Pledge
from tests.publish.conftest import PUBLISHED_AT, Published
from tests.publish.pledges import seed
from vocabulary import PledgeStatus


@pytest.fixture
def seeded_database(command_database: Database, tmp_path: Path) -> Database:
    seed(command_database, tmp_path / "stories")
    return command_database


def test_publish_writes_the_site_and_a_second_run_replaces_it_whole(
        seeded_database: Database, tmp_path: Path) -> None:
    cli = CliRunner()
    first = cli.invoke(app, ["publish", "--out", "public/site"])
    assert first.exit_code == 0, first.output
    site = tmp_path / "public" / "site"
    assert f"Site written to {site}. Approved pledges: 6. Stories: 1." in first.output
    assert (site / "index.html").is_file()
    with seeded_database.transaction() as session:
        withdrawn = session.exec(select(Pledge).where(col(Pledge.title) ==
                                                      "Spectrum policy reform")).one()
        withdrawn.status = PledgeStatus.WITHDRAWN
        reference = withdrawn.reference
    seeded_database.dispose()
    assert (site / "pledges" / f"{reference}.html").is_file()
    second = cli.invoke(app, ["publish", "--out", "public/site"])
    assert second.exit_code == 0, second.output
    assert "Approved pledges: 5." in second.output
    assert not (site / "pledges" / f"{reference}.html").exists()
    assert str(reference) not in (site / "data" / "pledges.csv").read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "public").iterdir()) == ["site"]
    assert site.stat().st_mode & 0o755 == 0o755


@pytest.mark.usefixtures("seeded_database")
def test_a_folder_holding_other_files_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "budget.xlsx").write_bytes(b"not ours")
    refused = CliRunner().invoke(app, ["publish", "--out", str(folder)])
    assert refused.exit_code == 1
    assert "holds files that p2c-bot did not publish" in refused.output
    assert [p.name for p in folder.iterdir()] == ["budget.xlsx"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_run_that_fails_halfway_leaves_the_published_site_as_it_was(
        published: Published, database: Database, reference: ReferenceData,
        catalogs: Catalogs, monkeypatch: pytest.MonkeyPatch) -> None:
    site = published.path
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    written = 0

    def fail_at_the_third_page(*args: object, **kwargs: object) -> str:
        nonlocal written
        written += 1
        if written == 3:
            raise OSError("disk full")
        return pledge_page(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(site_module, "pledge_page", fail_at_the_third_page)
    with database.transaction() as session, pytest.raises(OSError, match="disk full"):
        publish_site(session, reference, site, catalogs=catalogs,
                     stories_dir=site.parent / "stories", now=PUBLISHED_AT)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert [p.name for p in site.parent.iterdir() if p.name.startswith(".")] == []


def test_publish_in_a_language_and_a_language_without_a_catalog_is_refused(
        seeded_database: Database, tmp_path: Path) -> None:
    cli = CliRunner()
    refused = cli.invoke(app, ["publish", "--out", "site", "--lang", "xx"])
    assert refused.exit_code == 2
    assert "There is no catalog for the language “xx”. Languages: ar, en, es, fr, ru, zh." \
        in refused.output
    assert not (tmp_path / "site").exists()
    french = cli.invoke(app, ["publish", "--out", "site", "--lang", "fr"])
    assert french.exit_code == 0, french.output
    assert '<html lang="fr" dir="ltr">' in (tmp_path / "site" / "index.html").read_text(
        encoding="utf-8")
