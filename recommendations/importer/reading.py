"""Read the cells of an uploaded action plan: an Excel workbook (.xlsx, .xlsm), a CSV file or
the tables of a Word document (.docx, read by `word`).

The format is told from the file's content, never from its name, so that a workbook renamed
.csv or a CSV saved as .xls still reads, and a PDF renamed .xlsx is refused with a clear
message. What cannot be read raises `ImportFileError` with a sentence fit for the user.

A `Table` keeps every row, blank ones included, so that row numbers match the spreadsheet.
Cells are JSON-friendly so that the table can wait in the database between the upload and
the user's confirmation:

* ``None`` for an empty cell; ``str``, ``int`` or ``float`` for values;
* ``{"date": "2015-07-31", "format": "dd/mm/yyyy"}`` for a cell Excel holds as a date;
* ``{"formula": "=SUM(A1:A3)"}`` for a formula Excel never calculated (no saved value);
* ``{"error": "#REF!"}`` for an Excel error value.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import itertools
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

__all__ = ["ImportFileError", "Table", "column_letter", "read_table"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_MAX_COLUMNS = 100
_BLANK_ROWS_BEFORE_STOP = 1000
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
_FORMULA_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")


class ImportFileError(ValueError):
    """The file cannot be read as an action plan; the message says why, for the user."""


@dataclass
class Table:
    rows: list[list]
    format: str  # "xlsx", "csv" or "docx"
    sheet_name: str = ""
    # Rows (0-based) whose first filled cell is merged across several columns: a heading.
    merged_across: set[int] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "rows": self.rows,
            "format": self.format,
            "sheet_name": self.sheet_name,
            "merged_across": sorted(self.merged_across),
            "notes": self.notes,
        }

    @classmethod
    def from_json(cls, data: dict) -> Table:
        return cls(
            rows=data["rows"],
            format=data["format"],
            sheet_name=data.get("sheet_name", ""),
            merged_across=set(data.get("merged_across", [])),
            notes=list(data.get("notes", [])),
        )


def column_letter(index: int) -> str:
    """0-based column index -> "A", "B", ... "AA"."""
    return get_column_letter(index + 1)


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", 20000)


def max_merged_ranges() -> int:
    return getattr(settings, "IMPORT_MAX_MERGED_RANGES", 20000)


def max_uncompressed_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_UNCOMPRESSED_MB", 200) * 1024 * 1024


def read_table(data: bytes, filename: str = "", sheet: str | None = None) -> Table:
    """The cells of the first worksheet that has an action plan in it (the caller decides
    which, see `tables`), or of the CSV file."""
    tables = read_tables(data, filename)
    if sheet is not None:
        for table in tables:
            if table.sheet_name == sheet:
                return table
    return tables[0]


def read_tables(data: bytes, filename: str = "") -> list[Table]:
    """One Table per worksheet with content (a CSV file has one). Raises ImportFileError."""
    name = filename or "The file"
    if not data or not data.strip():
        raise ImportFileError(f"{name} is empty. Choose the action plan's .xlsx or .csv file.")
    if data.startswith(_OLE_MAGIC):
        raise ImportFileError(_ole_message(data, name))
    if data.startswith(_ZIP_MAGIC):
        return _read_workbook(data, name)
    problem = _not_text(data)
    if problem:
        raise ImportFileError(
            f"{name} is not a spreadsheet ({problem}). Upload an Excel workbook (.xlsx), "
            "a CSV file or a Word document (.docx) with the plan in a table."
        )
    table = _read_csv(data, name)
    if filename.lower().endswith((".xlsx", ".xlsm")) and not any(
        sum(1 for cell in row if str(cell or "").strip()) >= 2 for row in table.rows
    ):
        # Named as a workbook, not one, and not a table either: say so, rather than read it
        # as CSV and report that it has no heading row.
        raise ImportFileError(
            f"{name} is not an Excel workbook, whatever its name says (it is not a zip file, "
            "as every .xlsx file is). Open the action plan in Excel and save it as an Excel "
            "Workbook (.xlsx), then upload that."
        )
    return [table]


def _ole_message(data: bytes, name: str) -> str:
    """OLE compound files are password-protected workbooks, old .xls workbooks or Word files."""
    if (
        "EncryptedPackage".encode("utf-16-le") in data
        or "EncryptionInfo".encode("utf-16-le") in data
    ):
        return (
            f"{name} is protected with a password, so it cannot be read. Open it in Excel, remove "
            "the password (File, Info, Protect Workbook, Encrypt with Password), save it "
            "and upload it again."
        )
    if "WordDocument".encode("utf-16-le") in data:
        return (
            f"{name} is in the old Word 97-2003 format (.doc), which cannot be read. Open it "
            "in Word and save it as a Word Document (.docx), then upload that."
        )
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return (
            f"{name} is in the old Excel 97-2003 format (.xls), which cannot be read. "
            "Open it in Excel and save it as an Excel Workbook (.xlsx), then upload that."
        )
    return (
        f"{name} is not a spreadsheet (it looks like an old Office document). "
        "Upload an .xlsx, .csv or .docx file."
    )


def _other_zip_message(archive, members: list[str], name: str) -> str:
    mimetype = ""
    if "mimetype" in members:
        mimetype = archive.read("mimetype")[:100].decode("ascii", errors="replace")
    if "opendocument.text" in mimetype:
        return (
            f"{name} is an OpenDocument text file (.odt), which cannot be read. Open it in "
            "LibreOffice or Word and save it as a Word document (.docx), then upload that."
        )
    if "opendocument.spreadsheet" in mimetype:
        return (
            f"{name} is an OpenDocument spreadsheet (.ods), which cannot be read. Open it in "
            "LibreOffice or Excel and save it as an Excel workbook (.xlsx), then upload that."
        )
    if "ppt/presentation.xml" in members:
        return f"{name} is a PowerPoint presentation. Upload an .xlsx, .csv or .docx file."
    return f"{name} is a zip archive, not an action plan. Upload an .xlsx, .csv or .docx file."


def _not_text(data: bytes) -> str:
    """Why the bytes are not a text (CSV) file, or "" when they may be."""
    head = data[:2048]
    if head.startswith(b"%PDF"):
        return "it is a PDF document"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "it is an image"
    if head.lstrip().startswith(b"{\\rtf"):
        return "it is a Word (RTF) document"
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "it is a web page"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ""
    if b"\x00" in head:
        return "it is not text"
    return ""


def _read_workbook(data: bytes, name: str) -> list[Table]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.namelist()
        total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportFileError(f"{name} is damaged and cannot be opened ({error}).") from None
    if total > max_uncompressed_bytes():
        raise ImportFileError(
            f"{name} is too large to import: split the action plan into smaller files."
        )
    if "word/document.xml" in members:
        from .word import read_docx

        return [read_docx(data, name)]
    if "xl/workbook.xml" not in members:
        raise ImportFileError(_other_zip_message(archive, members, name))
    try:
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of error for damaged files
        raise ImportFileError(
            f"{name} could not be opened as an Excel workbook ({error})."
        ) from None
    tables = []
    try:
        for worksheet in values.worksheets:
            if (
                getattr(worksheet, "sheet_state", "visible") != "visible"
                and len(values.worksheets) > 1
            ):
                continue
            xml = archive.read(worksheet._worksheet_path)
            refs = _MERGE_RE.findall(xml)
            if len(refs) > max_merged_ranges():
                raise ImportFileError(
                    f"{name} has {len(refs):,} merged cell ranges in sheet '{worksheet.title}', "
                    f"more than the {max_merged_ranges():,} an action plan needs. In Excel, "
                    "select the sheet, choose Merge & Center, Unmerge Cells, save the file and "
                    "upload it again."
                )
            merged = [range_boundaries(ref.decode()) for ref in refs]
            formula_cells = _formulas_without_values(xml) if _FORMULA_RE.search(xml) else {}
            table = _read_sheet(worksheet, merged, formula_cells, name)
            if any(row for row in table.rows):
                tables.append(table)
    finally:
        values.close()
    if not tables:
        raise ImportFileError(f"{name} has no filled cells. Check you chose the right file.")
    return tables


def _formulas_without_values(xml: bytes) -> dict[int, dict[int, str]]:
    """{row: {column: formula}} for each formula cell that has no saved value, 0-based.

    Excel saves a formula's last result beside it; a file written by another program may
    not, and then the cell's value is unknown."""
    found = {}
    # The standard parser does not fetch external entities and expat limits entity expansion;
    # the zip was already checked for its uncompressed size.
    for _, element in ElementTree.iterparse(io.BytesIO(xml)):  # noqa: S314
        if element.tag.rsplit("}", 1)[-1] != "c":
            continue
        children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
        value = children.get("v")
        # A formula saved by Excel keeps its last result in <v>; an empty <v/> is a result only
        # for a text formula (t="str"), as openpyxl and others write <v/> for "not calculated".
        calculated = value is not None and (value.text or element.get("t") == "str")
        if "f" in children and not calculated and "is" not in children:
            min_col, min_row, _, _ = range_boundaries(element.get("r"))
            formula = children["f"].text or ""
            found.setdefault(min_row - 1, {})[min_col - 1] = (
                f"={formula}" if formula else "a shared formula"
            )
        element.clear()
    return found


def _cell_value(cell):
    value = cell.value
    if value is None:
        return None
    if cell.data_type == "e":
        return {"error": str(value)}
    if isinstance(value, datetime.datetime | datetime.date):
        day = value.date() if isinstance(value, datetime.datetime) else value
        return {"date": day.isoformat(), "format": str(cell.number_format or "")}
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime.time | datetime.timedelta):
        return str(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")
    return text if text.strip() else None


def _read_sheet(worksheet, merged, formula_cells, name) -> Table:
    notes = []
    width = min(worksheet.max_column or _MAX_COLUMNS, _MAX_COLUMNS)
    if (worksheet.max_column or 0) > _MAX_COLUMNS:
        notes.append(
            f"Only the first {_MAX_COLUMNS} columns of sheet '{worksheet.title}' were read."
        )
    rows: list[list] = []
    blank_run = 0
    filled = 0
    for row in worksheet.iter_rows(min_row=1, max_col=width):
        values = [_cell_value(cell) for cell in row]
        for column, formula in formula_cells.get(len(rows), {}).items():
            if column < len(values) and values[column] is None:
                values[column] = {"formula": formula}
        while values and values[-1] is None:
            values.pop()
        rows.append(values)
        if values:
            filled += 1
            blank_run = 0
            if filled > max_rows():
                raise ImportFileError(
                    f"{name} has more than {max_rows():,} rows. Split the action plan into "
                    "smaller files."
                )
        else:
            blank_run += 1
            if blank_run >= _BLANK_ROWS_BEFORE_STOP:
                notes.append(
                    f"Rows after row {len(rows):,} were not read: "
                    f"{_BLANK_ROWS_BEFORE_STOP:,} blank rows came before them."
                )
                break
    while rows and not rows[-1]:
        rows.pop()
    merged_across = _apply_merges(rows, merged)
    return Table(
        rows=rows,
        format="xlsx",
        sheet_name=worksheet.title,
        merged_across=merged_across,
        notes=notes,
    )


def _apply_merges(rows: list[list], merged) -> set[int]:
    """Copy a cell merged down several rows into each of them (a recommendation written once
    for its three actions applies to all three). Return the rows whose first filled cell is
    merged across columns, which is how spreadsheets draw a section heading.

    Linear in the cells read: ranges are clipped to the rows read, and a cell already covered
    by an earlier range ends the later one (Excel never writes overlapping ranges; a file that
    does gains nothing by it), so each cell is filled at most once whatever the ranges say."""
    across = set()
    covered: set[tuple[int, int]] = set()
    first_filled: dict[int, int | None] = {}
    for min_col, min_row, max_col, max_row in merged:
        top = min_row - 1
        column = min_col - 1
        if top >= len(rows) or column >= _MAX_COLUMNS:
            continue
        value = rows[top][column] if column < len(rows[top]) else None
        if max_col > min_col:
            if top not in first_filled:
                first_filled[top] = next(
                    (i for i, v in enumerate(rows[top]) if v is not None), None
                )
            if first_filled[top] == column:
                across.add(top)
        if value is None:
            continue
        for index in range(min_row, min(max_row, len(rows))):
            if (index, column) in covered:
                break
            covered.add((index, column))
            row = rows[index]
            if column >= len(row):
                row.extend([None] * (column + 1 - len(row)))
            if row[column] is None:
                row[column] = value
    return across


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The text and a note on how it was read. Excel saves CSV as UTF-8 with a byte order
    mark ("CSV UTF-8") or in the Windows-1252 code page ("CSV")."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), ""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), ""
        except UnicodeDecodeError:
            raise ImportFileError(f"{name} is damaged: its text cannot be read.") from None
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(
            "cp1252"
        ), "The file was read as Windows-1252 text, as older Excel saves CSV files."
    except UnicodeDecodeError:
        raise ImportFileError(
            f"{name} is not text in a known encoding. Save it from Excel as 'CSV UTF-8' or "
            "as an .xlsx workbook."
        ) from None


def _read_csv(data: bytes, name: str) -> Table:
    text, note = _decode(data, name)
    if "\x00" in text:
        raise ImportFileError(
            f"{name} is not a spreadsheet (it is not text). Upload an .xlsx or .csv file."
        )
    delimiter = _delimiter(text)
    rows = []
    filled = 0
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            values = [_csv_value(value) for value in record]
            while values and values[-1] is None:
                values.pop()
            rows.append(values)
            if values:
                filled += 1
                if filled > max_rows():
                    raise ImportFileError(
                        f"{name} has more than {max_rows():,} rows. Split the action plan "
                        "into smaller files."
                    )
    except csv.Error as error:
        raise ImportFileError(
            f"{name} is not a well-formed CSV file (row {len(rows) + 1}: {error})."
        ) from None
    while rows and not rows[-1]:
        rows.pop()
    if not rows:
        raise ImportFileError(f"{name} has no filled cells. Check you chose the right file.")
    return Table(rows=rows, format="csv", notes=[note] if note else [])


def _delimiter(text: str) -> str:
    """Comma, semicolon (Excel in some European locales) or tab: the one that splits the first
    rows most consistently into several columns. Quoted text is respected, so commas inside
    cells don't count. Comma when none splits anything."""
    best, best_score = ",", (0, 0)
    sample = text[:65536]
    for candidate in (",", ";", "\t"):
        try:
            records = itertools.islice(
                csv.reader(io.StringIO(sample, newline=""), delimiter=candidate), 30
            )
            widths = [
                len([v for v in record if v.strip()])
                for record in records
                if any(v.strip() for v in record)
            ]
        except csv.Error:
            continue
        widths = [width for width in widths if width > 1]
        if not widths:
            continue
        mode, count = Counter(widths).most_common(1)[0]
        score = (count, mode)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _csv_value(value: str):
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.strip() else None
