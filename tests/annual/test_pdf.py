"""The PDF is printed in a child process: a page it cannot print fails the report with
the child's own reason, not silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.annual.pdf import PdfPrintError, print_pdf_apart


def test_a_page_that_cannot_be_printed_fails_with_the_childs_reason(tmp_path: Path) -> None:
    with pytest.raises(PdfPrintError, match=r"could not print report\.pdf: .*Error"):
        print_pdf_apart(tmp_path / "missing.html", tmp_path / "report.pdf")
    assert not (tmp_path / "report.pdf").exists()


def test_a_page_is_printed_beside_its_files(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<h1>Partner2Connect</h1>", encoding="utf-8")
    print_pdf_apart(page, tmp_path / "page.pdf")
    assert (tmp_path / "page.pdf").read_bytes().startswith(b"%PDF")
