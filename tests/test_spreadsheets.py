"""Streamed sheets read back with openpyxl: whatever a pledger typed comes back as the
same text (less the control characters XML cannot hold, line breaks as newlines);
numbers, booleans and dates keep their types; the sheet follows the drawn ones, with its
filter."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from bot.spreadsheets import StreamedSheet, write_workbook

XML_CANNOT_HOLD = {chr(c) for c in range(32) if c not in (9, 10, 13)} | {"\ufffe", "\uffff"}


def _read_back(path: Path, rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    sheet = StreamedSheet("Pledges", ("text", "number", "flag", "day"), iter(rows))
    write_workbook(path, lambda book: book.add_worksheet("Summary").write(0, 0, "drawn"),
                   [sheet])
    assert sheet.written == len(rows)
    book = load_workbook(path)
    assert book.sheetnames == ["Summary", "Pledges"]
    assert book["Pledges"].auto_filter.ref == f"A1:D{len(rows) + 1}"
    return [tuple(r) for r in book["Pledges"].iter_rows(min_row=2, values_only=True)]


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=60), min_size=1, max_size=5))
def test_any_text_comes_back_as_typed(tmp_path: Path, texts: list[str]) -> None:
    rows: list[tuple[object, ...]] = [(text, 1, True, date(2026, 1, 1)) for text in texts]
    back = _read_back(tmp_path / "texts.xlsx", rows)
    expected = ["".join(c for c in text.replace("\r\n", "\n").replace("\r", "\n")
                        if c not in XML_CANNOT_HOLD) or None for text in texts]
    assert [row[0] for row in back] == expected


def test_values_keep_their_types(tmp_path: Path) -> None:
    rows: list[tuple[object, ...]] = [
        ("<script>&amp;</script>", Decimal("1000.50"), False, date(2026, 2, 28)),
        ("=HYPERLINK(1)", 7, True, datetime(2026, 3, 4, 5, 6)),
        (None, None, None, None),
    ]
    back = _read_back(tmp_path / "types.xlsx", rows)
    assert back[0] == ("<script>&amp;</script>", 1000.5, False, datetime(2026, 2, 28))
    assert back[1] == ("=HYPERLINK(1)", 7, True, datetime(2026, 3, 4, 5, 6))
    assert back[2] == (None, None, None, None)


def test_text_longer_than_a_cell_holds_is_cut_before_it_is_escaped(tmp_path: Path) -> None:
    rows: list[tuple[object, ...]] = [("&" * 40_000, 1, True, None), ("x" * 40_000, 2, False,
                                                                     None)]
    back = _read_back(tmp_path / "long.xlsx", rows)
    assert [row[0] for row in back] == ["&" * 32_767, "x" * 32_767]
