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


MINUTES = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda moment: moment.replace(second=0, microsecond=0))
CELLS = st.one_of(st.none(), st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
                  st.integers(-10**9, 10**9), st.booleans(),
                  st.decimals(min_value=-10**6, max_value=10**6, places=2),
                  st.dates(min_value=date(2000, 1, 1)), MINUTES)


def _as_read(value: object) -> object:
    """What openpyxl gives back for a value written: text without what XML cannot hold
    (None when nothing is left), numbers as numbers, a date as its midnight."""
    if isinstance(value, str):
        return "".join(c for c in value.replace("\r\n", "\n").replace("\r", "\n")
                       if c not in XML_CANNOT_HOLD) or None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(1, 4).flatmap(lambda width: st.lists(
    st.tuples(*[CELLS] * width), min_size=1, max_size=12)))
def test_columns_of_any_mix_of_types_come_back_cell_by_cell(
        tmp_path: Path, rows: list[tuple[object, ...]]) -> None:
    """A column is written at once when its cells share a type (or that type and None),
    else cell by cell: either way each cell comes back as written."""
    width = len(rows[0])
    sheet = StreamedSheet("Mixed", [f"c{i}" for i in range(width)], iter(rows))
    path = tmp_path / "mixed.xlsx"
    write_workbook(path, lambda book: None, [sheet])
    back = [tuple(row) for row in load_workbook(path)["Mixed"].iter_rows(
        min_row=2, max_col=width, values_only=True)]
    assert back == [tuple(map(_as_read, row)) for row in rows]
