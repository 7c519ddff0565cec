"""The site's HTML: Jinja2 templates from the package, always autoescaped (every title,
description and name is a pledger's text), under a Content-Security-Policy that lets a
page load only the site's own files. Their words come from the catalog of the site's
language, installed in the environment the pages are rendered with."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from bot.publish.labels import SiteLabels
from bot.publish.records import PublicRecord
from bot.publish.stories import PublishedStory

CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; "
                           "img-src 'self'; base-uri 'none'; form-action 'none'")
"""Scripts, styles and images from the site's own files only; nothing else at all:
no other origin, no inline script, no fetch, no form sent anywhere."""
ASSETS = ("site.css", "site.js", "favicon.svg")
"""Files copied as they are from the templates into the site's `assets/`."""


def environment(labels: SiteLabels) -> Environment:
    """The templates with `_`, `gettext` and `ngettext` of the site's language, and
    `labels` for the words and numbers the records hold."""
    templates = Environment(loader=PackageLoader("bot.publish", "templates"), autoescape=True,
                            undefined=StrictUndefined, keep_trailing_newline=True,
                            extensions=["jinja2.ext.i18n"])
    templates.install_gettext_translations(  # type: ignore[attr-defined]
        labels.translator.translations, newstyle=True)
    templates.globals.update(labels=labels)
    return templates


def asset(name: str) -> bytes:
    """A static file of the site, kept beside the templates in the package."""
    return resources.files("bot.publish").joinpath("templates", name).read_bytes()


def pledge_page(environment: Environment, labels: SiteLabels, record: PublicRecord,
                stories: list[PublishedStory], generated_at: datetime) -> str:
    return environment.get_template("pledge.html").render(
        csp=CONTENT_SECURITY_POLICY, root="../", generated_on=labels.date(generated_at),
        pledge=record.pledge, record=record, value=labels.record_value(record),
        dates=labels.record_dates(record), approved_on=labels.date(record.pledge.approved_at),
        progress=labels.record_progress(record), stories=stories)


def index_page(environment: Environment, entries: Iterable[Markup],
               **context: object) -> Iterator[str]:
    """The index in pieces as it is rendered, so its embedded pledges (one escaped JSON
    object per entry) stream from disk to disk."""
    return environment.get_template("index.html").generate(
        csp=CONTENT_SECURITY_POLICY, root="", entries=entries, **context)
