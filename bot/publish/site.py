"""`p2c-bot publish`: the open-data site, written where any static web server (or a
file browser) can show it. Everything is built in a folder beside the target and swapped
in at the end, so a reader never meets a half-written site and a failed run leaves the
previous one in place."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from jinja2 import Environment
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from sqlmodel import Session

from bot.flows.model import NP_
from bot.i18n import Catalogs
from bot.publish.choices import FilterChoices
from bot.publish.feeds import FeedWriter
from bot.publish.labels import SiteLabels
from bot.publish.pages import ASSETS, asset, environment, index_page, pledge_page
from bot.publish.records import GLOBAL_REGION, PublicRecord, RecordMaker, TargetGroup
from bot.publish.stories import StoryShelf
from bot.reference import ReferenceData
from bot.taxonomy import Option
from storage.published import PublishedTotals, published_batches, published_totals
from storage.stories import approved_stories

MARKER = ".p2c-open-data"
"""Left in a published site, so a later run knows the folder is one it may replace."""
NO_RATE_NOTE = NP_("{count} pledge has an amount in a currency without a US dollar rate yet; "
                   "it is not in the value.",
                   "{count} pledges have an amount in a currency without a US dollar rate yet; "
                   "they are not in the value.")
"""Under the index's totals: worded here for all pledges, and by the index's script for
the pledges its filters find (as `SHOWN_NOTE`)."""
SHOWN_NOTE = NP_("Showing {shown} of {total} pledge.", "Showing {shown} of {total} pledges.")
"""Worded by the index's script, which gets each form by plural category and picks one
with `Intl.PluralRules`."""


class SiteError(Exception):
    """The site cannot be written there; the message says why and what to do."""


@dataclass(frozen=True)
class PublishedSite:
    path: Path
    pledges: int
    stories: int


def publish_site(session: Session, reference: ReferenceData, out: Path, *,
                 catalogs: Catalogs, stories_dir: Path, now: datetime,
                 language: str | None = None) -> PublishedSite:
    """Writes the site of approved pledges and their approved stories (whose files
    are in `stories_dir`) to `out`, replacing a site published there before; its
    pages are in `language` (by default the catalogs' default language), its feeds
    the same in every language."""
    out = out.resolve()
    _check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        labels = SiteLabels(catalogs.translator(catalogs.best_match(language)),
                            reference.taxonomy, reference.countries)
        published = _build(session, reference, labels, build, stories_dir, now)
        _swap_in(build, out)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return PublishedSite(out, *published)


def _build(session: Session, reference: ReferenceData, labels: SiteLabels, site: Path,
           stories_dir: Path, now: datetime) -> tuple[int, int]:
    templates = environment(labels)
    (site / "assets").mkdir()
    for name in ASSETS:
        (site / "assets" / name).write_bytes(asset(name))
    (site / "pledges").mkdir()
    shelf = StoryShelf(approved_stories(session), stories_dir, site, labels)
    maker, choices = RecordMaker(reference), FilterChoices()
    with FeedWriter(site, now) as feeds, tempfile.TemporaryFile("w+", encoding="utf-8") \
            as entries:
        for batch in published_batches(session):
            for record in map(maker.record, batch):
                feeds.add(record)
                choices.add(record)
                entries.write(("," if choices.pledges > 1 else "") + _index_entry(record) + "\n")
                (site / record.page).write_text(
                    pledge_page(templates, labels, record, shelf.for_pledge(record), now),
                    encoding="utf-8")
        entries.seek(0)
        _write_index(templates, site, reference, labels, choices,
                     published_totals(session), shelf, _lines(entries), now)
    return choices.pledges, len(shelf.shown)


def _index_entry(record: PublicRecord) -> str:
    """One pledge as the index's script filters it, as JSON that is safe inside a
    <script> block: `<`, `>`, `&` and `'` are escaped, so no title can end it."""
    pledge = record.pledge
    return str(htmlsafe_json_dumps({
        "ref": pledge.reference, "title": pledge.title, "org": pledge.organization,
        "partners": pledge.partners, "focus": pledge.focus_area, "type": pledge.pledge_type,
        "countries": [c.iso3 for c in record.countries], "global": pledge.is_global,
        "groups": [str(g) for g in record.groups], "usd": record.usd_cents,
        "noRate": record.without_usd_rate, "page": record.page}))


def _lines(entries: IO[str]) -> Iterator[Markup]:
    """The index entries written so far, read back: each line is already escaped."""
    return (Markup(line) for line in entries)


def _write_index(templates: Environment, site: Path, reference: ReferenceData,
                 labels: SiteLabels, choices: FilterChoices, totals: PublishedTotals,
                 shelf: StoryShelf, entries: Iterable[Markup], now: datetime) -> None:
    taxonomy, translator = reference.taxonomy, labels.translator
    focus_areas = _shown(labels, choices.with_unlisted(
        tuple(Option(f.id, f.label) for f in taxonomy.focus_areas), focus_areas=True))
    countries = sorted(((c.iso3, labels.country(c.iso3)) for c in choices.countries),
                       key=lambda c: (c[1].casefold(), c[0]))
    site_data = htmlsafe_json_dumps({
        "locale": labels.script_locale,
        "focusAreas": [{"id": o.id, "label": o.label} for o in focus_areas],
        "focusLabels": {o.id: o.label for o in focus_areas},
        "countries": {c.iso3: {"name": labels.country(c.iso3), "region": c.region}
                      for c in choices.countries},
        "globalRegion": GLOBAL_REGION, "globalLabel": labels.region(GLOBAL_REGION),
        "noRateNote": translator.by_plural_category(NO_RATE_NOTE.singular,
                                                    NO_RATE_NOTE.plural),
        "shownNote": translator.by_plural_category(SHOWN_NOTE.singular, SHOWN_NOTE.plural),
    })
    no_rate = totals.without_usd
    shown = {"pledges": labels.count(totals.pledges),
             "organizations": labels.count(totals.organizations),
             "countries": labels.count(totals.countries), "usd": labels.usd(totals.usd),
             "no_rate_note": translator.ngettext(NO_RATE_NOTE.singular, NO_RATE_NOTE.plural,
                                                 no_rate).format(count=no_rate)
             if no_rate else ""}
    with (site / "index.html").open("w", encoding="utf-8") as index:
        index.writelines(index_page(
            templates, entries, generated_on=labels.date(now), focus_areas=focus_areas,
            pledge_types=_shown(labels, choices.with_unlisted(taxonomy.pledge_types,
                                                              focus_areas=False)),
            regions=[(r, labels.region(r)) for r in choices.regions],
            groups=[(g.value, labels.group(g)) for g in TargetGroup], countries=countries,
            totals=shown, stories=shelf.showcase(), site_data=site_data))


def _shown(labels: SiteLabels, options: list[Option]) -> list[Option]:
    """The filter's choices by their keys, named in the site's language."""
    return [Option(o.id, labels.text(o.label)) for o in options]


def _check_replaceable(out: Path) -> None:
    if not out.exists():
        return
    if not out.is_dir():
        raise SiteError(f"{out} is a file: give a folder for the site")
    if any(out.iterdir()) and not (out / MARKER).exists():
        raise SiteError(f"{out} holds files that p2c-bot did not publish: give an empty or "
                        f"new folder (the whole folder is replaced on each publish)")


def _swap_in(build: Path, out: Path) -> None:
    """The new site takes the old one's place by renames on one file system: the old
    site is served until the moment the new one is."""
    (build / MARKER).write_text("Published by p2c-bot publish; this folder is replaced "
                                "whole each time.\n", encoding="utf-8")
    build.chmod(0o755)
    if not out.exists():
        build.rename(out)
        return
    old = out.with_name(f".{out.name}.old-{uuid.uuid4().hex[:8]}")
    out.rename(old)
    try:
        build.rename(out)
    except OSError:
        old.rename(out)
        raise
    shutil.rmtree(old)
