"""`p2c-bot report annual`: the HTML report, its PDF, the workbook and the figures as
JSON, all drawn from one moment of the data (snapshots of one moment, one
`AnnualFigures`), written into a folder beside the story photos they show."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from bot.annual.breakdowns import Breakdown
from bot.annual.breakdowns import breakdowns as breakdowns_of
from bot.annual.document import figures_document
from bot.annual.figures import AnnualFigures, annual_figures, year_bounds
from bot.annual.html import render_report
from bot.annual.labels import ReportLabels
from bot.annual.pdf import print_pdf_apart
from bot.annual.workbook import write_annual_workbook
from bot.flows.story_model import STORY_LIMITS
from bot.i18n import Translator
from bot.reference import ReferenceData
from bot.stories.files import StoryFileStore, UnsafePathError
from storage.db import Database
from storage.stories import ShowcaseStory, approved_stories

FILES_FOLDER = "files"


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    pdf: Path
    workbook: Path
    json: Path

    @classmethod
    def of(cls, out_dir: Path, year: int) -> ReportFiles:
        stem = out_dir / f"p2c-annual-report-{year}"
        return cls(*(stem.with_suffix(suffix) for suffix in (".html", ".pdf", ".xlsx",
                                                             ".json")))


@dataclass(frozen=True)
class AnnualReport(ReportFiles):
    figures: AnnualFigures


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


def _summed(session: Session, year: int, reference: ReferenceData, labels: ReportLabels,
            now: datetime) -> tuple[AnnualFigures, list[Breakdown]]:
    since, until = year_bounds(year)
    figures = annual_figures(session, year, reference.regions, reference.currencies,
                             approved_stories(session, since, until), now)
    return figures, breakdowns_of(figures, labels)


def _published(summed: Future[tuple[AnnualFigures, list[Breakdown]]], labels: ReportLabels,
               stories_dir: Path, files: ReportFiles) -> None:
    """The HTML, its PDF (printed in another process) and the JSON, from the figures."""
    figures, breakdowns = summed.result()
    story_files = _copy_story_files(figures.stories, StoryFileStore(stories_dir),
                                    files.html.parent)
    files.html.write_text(render_report(figures, breakdowns, labels, story_files),
                          encoding="utf-8")
    files.json.write_text(json.dumps(figures_document(figures, breakdowns, labels),
                                     ensure_ascii=False, indent=1), encoding="utf-8")
    print_pdf_apart(files.html, files.pdf)


def write_annual_report(database: Database, year: int, out_dir: Path,
                        reference: ReferenceData, translator: Translator,
                        stories_dir: Path, now: datetime) -> AnnualReport:
    """Three things at once, on two snapshots of one moment: the workbook reads and
    writes every pledge and report of the year; beside it a thread sums the figures (in
    the database, mostly, which lets go of Python's lock) and writes the HTML and JSON
    from them, and a process prints the PDF. The workbook draws its summary sheets from
    the figures once its long tables are written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    labels = ReportLabels(reference.taxonomy, translator)
    files = ReportFiles.of(out_dir, year)
    with database.snapshots(2) as (tables, aggregates), \
            ThreadPoolExecutor(1, thread_name_prefix="annual-figures") as beside:
        summed = beside.submit(_summed, aggregates, year, reference, labels, now)
        published = beside.submit(_published, summed, labels, stories_dir, files)
        write_annual_workbook(files.workbook, tables, year, labels, summed.result)
        published.result()
    return AnnualReport(files.html, files.pdf, files.workbook, files.json,
                        summed.result()[0])
