"""The annual report's PDF, printed from its HTML file by WeasyPrint in a process of its
own (`python -m bot.annual.pdf PAGE PDF`).

WeasyPrint is pure Python: beside the workbook in the same process it would queue for
Python's lock instead of using the second core. A plain child process, rather than a
multiprocessing pool, needs nothing of the program that starts it (no `__main__` guard,
no pickling), and this module imports nothing of the bot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from weasyprint import HTML


class PdfPrintError(RuntimeError):
    """The printing process failed; the message is its last line of error output."""


def print_pdf(page: Path, pdf: Path) -> None:
    """The page's images and styles are read from beside it, as a browser would."""
    HTML(filename=str(page), base_url=str(page.parent)).write_pdf(pdf)


def print_pdf_apart(page: Path, pdf: Path) -> None:
    """`print_pdf` in a child process; waiting for it lets go of Python's lock."""
    printed = subprocess.run([sys.executable, "-m", __name__, str(page), str(pdf)],
                             capture_output=True, text=True, check=False)
    if printed.returncode:
        lines = printed.stderr.strip().splitlines() or [f"exit status {printed.returncode}"]
        raise PdfPrintError(f"could not print {pdf.name}: {lines[-1]}")


if __name__ == "__main__":
    print_pdf(Path(sys.argv[1]), Path(sys.argv[2]))
