"""`p2c-bot report annual`: the HTML report, its PDF, the workbook and the figures as
JSON, all drawn from one read of the data (one snapshot, one `AnnualFigures`), written
into a folder beside the story photos they show."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from weasyprint import HTML

from bot.annual.breakdowns import breakdowns as breakdowns_of
from bot.annual.document import figures_document
from bot.annual.figures import AnnualFigures, annual_figures, year_bounds
from bot.annual.html import render_report
from bot.annual.labels import ReportLabels
from bot.annual.workbook import write_annual_workbook
from bot.flows.story_model import STORY_LIMITS
from bot.i18n import Translator
from bot.reference import ReferenceData
from bot.stories.files import StoryFileStore, UnsafePathError
from storage.db import Database
from storage.stories import ShowcaseStory, approved_stories

FILES_FOLDER = "files"


@dataclass(frozen=True)
class AnnualReport:
    figures: AnnualFigures
    html: Path
    pdf: Path
    workbook: Path
    json: Path


def _copy_story_files(stories: tuple[ShowcaseStory, ...], store: StoryFileStore,
                      out_dir: Path) -> dict[str, str]:
    """Each approved story's files beside the report, under their checksum (never the
    name they came with); a file missing from the store is left out, not fatal."""
    copied: dict[str, str] = {}
    for story in stories:
        for file in story.files:
            if file.media_type not in STORY_LIMITS.extensions or file.sha256 in copied:
                continue
            try:
                source = store.path_of(file.stored_as)
            except UnsafePathError:
                continue
            if not source.is_file():
                continue
            relative = f"{FILES_FOLDER}/{Path(file.stored_as).name}"
            (out_dir / FILES_FOLDER).mkdir(exist_ok=True)
            shutil.copyfile(source, out_dir / relative)
            copied[file.sha256] = relative
    return copied


def write_annual_report(database: Database, year: int, out_dir: Path,
                        reference: ReferenceData, translator: Translator,
                        stories_dir: Path, now: datetime) -> AnnualReport:
    out_dir.mkdir(parents=True, exist_ok=True)
    labels = ReportLabels(reference.taxonomy, translator)
    stem = f"p2c-annual-report-{year}"
    with database.snapshot() as session:
        since, until = year_bounds(year)
        figures = annual_figures(session, year, reference.regions, reference.currencies,
                                 approved_stories(session, since, until), now)
        breakdowns = breakdowns_of(figures, labels)
        workbook = out_dir / f"{stem}.xlsx"
        write_annual_workbook(workbook, session, figures, labels, breakdowns)
    story_files = _copy_story_files(figures.stories, StoryFileStore(stories_dir), out_dir)
    page = render_report(figures, breakdowns, labels, story_files)
    html = out_dir / f"{stem}.html"
    html.write_text(page, encoding="utf-8")
    pdf = out_dir / f"{stem}.pdf"
    HTML(string=page, base_url=str(out_dir)).write_pdf(pdf)
    document = out_dir / f"{stem}.json"
    document.write_text(json.dumps(figures_document(figures, breakdowns, labels),
                                   ensure_ascii=False, indent=1), encoding="utf-8")
    return AnnualReport(figures, html, pdf, workbook, document)
