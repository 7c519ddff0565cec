"""Workbooks with sheets of any length, written fast and in flat memory.

XlsxWriter draws what it is good at (formatted summary sheets, native Excel charts) but
writes about 80,000 cells a second here, which makes 100,000 pledges a minute's work.
So a long table is added to the workbook as an empty placeholder sheet, and once
XlsxWriter has closed the file the placeholder's XML is replaced by rows streamed
straight into the zip: typed cells (numbers, booleans, dates, inline strings), a frozen
header and an autofilter, so the table is filterable in Excel and LibreOffice."""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from xlsxwriter import Workbook
from xlsxwriter.format import Format

EXCEL_EPOCH = datetime(1899, 12, 30)
_DAY = timedelta(days=1)
MAX_TEXT = 32_767
"""Excel's limit for one cell; longer text is cut there rather than refused by Excel."""
ROWS_PER_CHUNK = 500


@dataclass
class StreamedSheet:
    """A long table: its header and its rows, read once while the file is written."""

    name: str
    columns: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: dict[int, float] = field(default_factory=dict)
    written: int = 0
    """How many rows were written, once the workbook is done."""


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


_CONTROL: dict[int, str | None] = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))
_CONTROL.update({0xFFFE: None, 0xFFFF: None, 13: "\n"})
"""Characters XML cannot hold are dropped; a carriage return becomes the line break
every XML reader would turn it into anyway."""
_TO_CLEAN = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff&<>]")
"""Any character `_text` must change: searched for first, since most text has none."""


def _text(value: str) -> str:
    text = value
    if _TO_CLEAN.search(text) is not None:
        text = text.replace("\r\n", "\n").translate(_CONTROL)[:MAX_TEXT]
        if "&" in text or "<" in text or ">" in text:
            text = escape(text)
    elif len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
    if not text:
        return "<c/>"
    return f'<c t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


_INLINE = '<c t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>'
_EMPTY = "<c/>"
_NUMBER = "<c><v>{}</v></c>"
_NONE = type(None)


def _texts(values: Sequence[str]) -> list[str]:
    """A column's text cells, checked for characters to clean in one search of the
    whole column (most columns have none) rather than one a cell."""
    if _TO_CLEAN.search("\t".join(values)) is not None or max(map(len, values)) > MAX_TEXT:
        return list(map(_text, values))
    cells = list(map(_INLINE.format, values))
    if "" in values:
        return [cell if value else _EMPTY for value, cell in zip(values, cells, strict=True)]
    return cells


class _Cells:
    """Cell XML by Python type, without cell references (each row holds every column,
    an empty cell as `<c/>`, which keeps rows short); dates use the date styles.

    A batch of rows is written column by column: a column of one type (or that type and
    None) is formatted by one C-level `map`, so a cell costs no Python call; a column
    mixing types falls back to formatting each cell by its type."""

    def __init__(self, date_style: int, datetime_style: int) -> None:
        self._date = date_style
        self._datetime = datetime_style
        self._by_type: dict[type, Callable[[Any], str]] = {
            str: _text, int: self._number, float: self._number, Decimal: self._number,
            bool: self._boolean, date: self._day, datetime: self._moment,
            _NONE: self._empty}
        self._by_column_type: dict[type, Callable[[Sequence[Any]], list[str]]] = {
            str: _texts, int: self._numbers, float: self._numbers, Decimal: self._numbers,
            bool: self._booleans, date: self._days, datetime: self._moments}

    @staticmethod
    def _number(value: Any) -> str:
        return _NUMBER.format(value)

    _boolean = {True: '<c t="b"><v>1</v></c>', False: '<c t="b"><v>0</v></c>'}.__getitem__
    _empty = {None: _EMPTY}.__getitem__

    def _day(self, value: Any) -> str:
        return f'<c s="{self._date}"><v>{(value - EXCEL_EPOCH.date()).days}</v></c>'

    def _moment(self, value: Any) -> str:
        return self._moments((value,))[0]

    @staticmethod
    def _numbers(values: Sequence[Any]) -> list[str]:
        return list(map(_NUMBER.format, values))

    def _booleans(self, values: Sequence[Any]) -> list[str]:
        return list(map(self._boolean, values))

    def _days(self, values: Sequence[Any]) -> list[str]:
        return list(map(self._day, values))

    def _moments(self, values: Sequence[Any]) -> list[str]:
        try:
            since_epoch = [value - EXCEL_EPOCH for value in values]
        except TypeError:
            since_epoch = [value.replace(tzinfo=None) - EXCEL_EPOCH for value in values]
        cell = f'<c s="{self._datetime}"><v>{{!r}}</v></c>'.format
        return [cell(elapsed / _DAY) for elapsed in since_epoch]

    def _column(self, values: Sequence[Any]) -> list[str]:
        kinds = set(map(type, values))
        with_empty = _NONE in kinds
        kinds.discard(_NONE)
        fast = self._by_column_type.get(kinds.pop()) if len(kinds) == 1 else None
        if fast is None:
            by_type = self._by_type
            return [by_type.get(type(value), _any)(value) for value in values]
        if not with_empty:
            return fast(values)
        present = iter(fast([value for value in values if value is not None]))
        return [_EMPTY if value is None else next(present) for value in values]

    def rows(self, batch: Sequence[Sequence[Any]]) -> str:
        """The XML of a batch of rows of equal length (at least one)."""
        columns = [self._column(values) for values in zip(*batch, strict=True)]
        return "".join(map("<row>{}</row>".format, map("".join, zip(*columns, strict=True))))


def _any(value: Any) -> str:
    return _text(str(value))


def _sheet_xml(sheet: StreamedSheet, cells: _Cells, header_style: int) -> Iterator[bytes]:
    letters = [_column_letter(i) for i in range(len(sheet.columns))]
    last = letters[-1]
    yield (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
           b'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
           b'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
           b'<sheetFormatPr defaultRowHeight="15"/>')
    if sheet.widths:
        yield ("<cols>" + "".join(
            f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>'
            for i, w in sorted(sheet.widths.items())) + "</cols>").encode()
    header = "".join(f'<c r="{letters[i]}1" t="inlineStr" s="{header_style}"><is><t>'
                     f"{escape(name)}</t></is></c>" for i, name in enumerate(sheet.columns))
    yield f'<sheetData><row r="1">{header}</row>'.encode()
    number = 1
    rows = iter(sheet.rows)
    while batch := list(islice(rows, ROWS_PER_CHUNK)):
        number += len(batch)
        yield cells.rows(batch).encode()
    yield (f'</sheetData><autoFilter ref="A1:{last}{number}"/>'
           f'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
           f'footer="0.3"/></worksheet>').encode()
    sheet.written = number - 1


def _style(style: Format) -> int:
    """The style's index in the workbook: XlsxWriter shares one index between equal
    formats and records it only on the first, so it is asked rather than read."""
    return int(style._get_xf_index())


@dataclass(frozen=True)
class _Styles:
    """The streamed cells' styles, given their indices before anything is drawn, so the
    long tables can be written first."""

    date: Format
    datetime: Format
    header: Format

    @classmethod
    def of(cls, workbook: Workbook) -> _Styles:
        styles = cls(workbook.add_format({"num_format": "yyyy-mm-dd"}),
                     workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
                     workbook.add_format({"bold": True}))
        for style in (styles.date, styles.datetime, styles.header):
            _style(style)
        return styles


TABLE_PART = "xl/worksheets/table{}.xml"
"""Where a streamed sheet is stored in the file, named apart from XlsxWriter's
`sheetN.xml`, whose numbers are known only once everything is drawn."""
_PARTS_NAMING_SHEETS = ("[Content_Types].xml", "xl/_rels/workbook.xml.rels")


def write_workbook(path: Path, draw: Callable[[Workbook], None],
                   streamed: Sequence[StreamedSheet]) -> None:
    """The streamed sheets are written first, then `draw` adds the XlsxWriter sheets,
    which come first in the workbook, and the streamed ones follow them: so `draw` may
    wait for what is computed while the long tables are written. The file appears at
    `path` only when complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".workbook-") as work:
        drawn = Path(work) / "drawn.xlsx"
        workbook = Workbook(str(drawn), {"constant_memory": True})
        styles = _Styles.of(workbook)
        cells = _Cells(_style(styles.date), _style(styles.datetime))
        complete = Path(work) / "complete.xlsx"
        with zipfile.ZipFile(complete, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
            for number, sheet in enumerate(streamed, start=1):
                with target.open(TABLE_PART.format(number), "w", force_zip64=True) as out:
                    out.writelines(_sheet_xml(sheet, cells, _style(styles.header)))
            draw(workbook)
            renamed: dict[str, str] = {}
            for number, sheet in enumerate(streamed, start=1):
                workbook.add_worksheet(sheet.name)
                placeholder = f"worksheets/sheet{len(workbook.worksheets())}.xml"
                renamed[placeholder] = TABLE_PART.format(number).removeprefix("xl/")
            workbook.close()
            _copy_drawn(drawn, target, renamed)
        shutil.move(complete, path)


def _copy_drawn(drawn: Path, target: zipfile.ZipFile, renamed: dict[str, str]) -> None:
    """XlsxWriter's parts but the streamed sheets' placeholders, the two parts that
    name every sheet's file pointing at the streamed sheets' own."""
    with zipfile.ZipFile(drawn) as source:
        for entry in source.infolist():
            if entry.filename.removeprefix("xl/") in renamed:
                continue
            content = source.read(entry.filename)
            if entry.filename in _PARTS_NAMING_SHEETS:
                text = content.decode("utf-8")
                for placeholder, table in renamed.items():
                    text = text.replace(f'{placeholder}"', f'{table}"')
                content = text.encode("utf-8")
            target.writestr(entry, content)
