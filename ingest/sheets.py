"""Spreadsheets (.xlsx, .xls, .csv) as text: each sheet a '#' heading, each row one line of
'列名：值' pairs that the chunker keeps whole, so a row never loses its column names."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import openpyxl
import xlrd

from ingest.decode import decode_bytes, read_bytes, short_error
from ingest.models import IngestError, Limits
from ingest.tables import labelled_row
from ingest.zips import OLE2_MAGIC, check_zip_budget

logger = logging.getLogger(__name__)

_DEFAULT_NAME = re.compile(r"^(?:sheet|工作表)\s*\d*$", re.IGNORECASE)  # Sheet, Sheet1, 工作表2
_MAX_CAPTIONS = 2  # single-cell rows above the header row (a sheet's title, a date line)


class _Budget:
    """Characters and seconds left for one file's sheets."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path, self.limits = path, limits
        self.chars = 0
        self.deadline = time.monotonic() + limits.max_seconds

    def spend(self, line: str) -> None:
        """Count one line; IngestError past the character or time budget."""
        self.chars += len(line) + 1
        if self.chars > self.limits.max_chars:
            raise IngestError(
                self.path, f"sheet text over {self.limits.max_chars:,} characters: refused"
            )
        if time.monotonic() > self.deadline:
            raise IngestError(
                self.path, f"reading took over {self.limits.max_seconds:.0f} s: refused"
            )


def cell_text(value: object) -> str:
    """A cell value as display text: integral floats without '.0', dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return (
            str(int(value)) if value.is_integer() and abs(value) < 1e15 else format(value, ".15g")
        )
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return " ".join(str(value).split())


def sheet_title(name: str, path: Path, sheets: int) -> str:
    """A sheet's section title: its name, or the file's for a default name ('Sheet1')."""
    if not _DEFAULT_NAME.match(name.strip()):
        return name.strip()
    return path.stem if sheets == 1 else f"{path.stem} {name.strip()}"


def _xlsx_value(cell: object) -> object:
    """A cell's value, a percentage-formatted number as the text Excel shows ('73.95%')."""
    value = getattr(cell, "value", None)
    fmt = str(getattr(cell, "number_format", "") or "")
    if isinstance(value, int | float) and not isinstance(value, bool) and fmt.endswith("%"):
        return f"{round(value * 100, 10):g}%"
    return value


def sheet_lines(title: str, rows: Iterable[Sequence[object]], budget: _Budget) -> Iterator[str]:
    """'# title', caption lines, then one labelled line per row under the first wide row."""
    header: list[str] | None = None
    captions = 0
    if title:
        yield f"# {title}"
    for row in rows:
        cells = [cell_text(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        filled = [c for c in cells if c]
        if header is None and len(filled) == 1 and captions < _MAX_CAPTIONS:
            captions += 1
            line = filled[0]
        elif header is None:
            header = [c or f"列{n}" for n, c in enumerate(cells, start=1)]
            continue
        else:
            line = labelled_row(header, cells)
        budget.spend(line)
        yield line


def _joined(sheets: Iterable[Iterable[str]]) -> str:
    """Sheets separated by blank lines."""
    return "\n\n".join("\n".join(lines) for lines in sheets)


class XlsxLoader:
    """Excel .xlsx/.xlsm via openpyxl in read-only mode (cached formula values)."""

    extensions: tuple[str, ...] = (".xlsx", ".xlsm")

    def load(self, path: Path, limits: Limits) -> str:
        """Every visible sheet as a titled block of labelled rows."""
        data = read_bytes(path)
        kind = path.suffix.lower()
        if data.startswith(OLE2_MAGIC):
            raise IngestError(path, f"corrupt {kind}: legacy .xls or password-protected file")
        check_zip_budget(data, path, limits)
        budget = _Budget(path, limits)
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            raise IngestError(path, f"corrupt {kind}: {short_error(exc)}") from exc
        try:
            return _joined(self._sheets(book, path, budget))
        except IngestError:
            raise
        except Exception as exc:
            raise IngestError(path, f"corrupt {kind}: {short_error(exc)}") from exc
        finally:
            book.close()

    @staticmethod
    def _sheets(book: openpyxl.Workbook, path: Path, budget: _Budget) -> list[list[str]]:
        """Lines of each visible sheet (hidden ones hold lookup lists, not content)."""
        out = []
        for sheet in book.worksheets:
            if sheet.sheet_state != "visible":
                logger.info("%s: skipping hidden sheet %s", path.name, sheet.title)
                continue
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()  # never trust a declared size (A1:XFD1048576)
            title = sheet_title(sheet.title, path, len(book.worksheets))
            rows = ([_xlsx_value(cell) for cell in row] for row in sheet.iter_rows())
            out.append(list(sheet_lines(title, rows, budget)))
        return out


class XlsLoader:
    """Legacy Excel .xls (BIFF) via xlrd."""

    extensions: tuple[str, ...] = (".xls",)

    def load(self, path: Path, limits: Limits) -> str:
        """Every visible sheet as a titled block of labelled rows."""
        data = read_bytes(path)
        budget = _Budget(path, limits)
        try:
            book = xlrd.open_workbook(file_contents=data, on_demand=True)
        except Exception as exc:
            raise IngestError(path, f"corrupt .xls: {short_error(exc)}") from exc
        try:
            sheets = []
            for index in range(book.nsheets):
                sheet = book.sheet_by_index(index)
                if sheet.visibility == 0:
                    title = sheet_title(sheet.name, path, book.nsheets)
                    sheets.append(list(sheet_lines(title, _xls_rows(book, sheet), budget)))
            return _joined(sheets)
        except IngestError:
            raise
        except Exception as exc:
            raise IngestError(path, f"corrupt .xls: {short_error(exc)}") from exc
        finally:
            book.release_resources()


def _xls_rows(book: xlrd.book.Book, sheet: xlrd.sheet.Sheet) -> Iterator[list[object]]:
    """Cell values per row, dates as datetimes and error cells empty."""
    for row in sheet.get_rows():
        values: list[object] = []
        for cell in row:
            if cell.ctype == xlrd.XL_CELL_DATE:
                values.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                values.append(bool(cell.value))
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                values.append(None)
            else:
                values.append(cell.value)
        yield values


class CsvLoader:
    """CSV in any encoding (GBK from Excel too); the delimiter is sniffed."""

    extensions: tuple[str, ...] = (".csv",)

    def load(self, path: Path, limits: Limits) -> str:
        """The file as one sheet titled by the file name."""
        text = decode_bytes(read_bytes(path), path)
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
                text[:8192], delimiters=",\t;|"
            )
        except csv.Error:
            dialect = csv.excel
        try:
            rows = csv.reader(io.StringIO(text), dialect)
            return "\n".join(sheet_lines(path.stem, rows, _Budget(path, limits)))
        except csv.Error as exc:
            raise IngestError(path, f"corrupt .csv: {short_error(exc)}") from exc
