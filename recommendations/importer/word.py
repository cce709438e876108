"""Read the tables of a Word document (.docx) as one `Table`, as a spreadsheet would be read.

Most action plans are Word tables. What Word does that a spreadsheet does not:

* A document may hold several tables: one per agency, or the same table split by a page
  break with its heading row typed again. Every table is read, in document order, one after
  another; a later table whose first row names the same columns in another order is put back
  into the first table's order.
* Cells merged across columns (``gridSpan``): the text is in the first column; a row holding
  one cell spanning the table is a heading row (`Table.merged_across`), as in a spreadsheet.
* Cells merged down (``vMerge``): the text is in the top cell and repeated in the cells below,
  as the spreadsheet reader does for merged ranges.
* Paragraphs and line breaks inside a cell become lines; a list paragraph (bullet or
  numbering) starts its line with "• ", so that several actions in one cell can be told apart.
* Text before the first table (title, partnership name) is kept as a note, not as rows.

The document is opened with python-docx and its XML walked directly: python-docx's own cell
accessors rebuild the whole table for each row, which is quadratic in the table's length.
"""

from __future__ import annotations

import io

from .headings import header_fields
from .reading import ImportFileError, Table, max_rows

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_COLUMNS = 100
_BULLET = "• "


def _text(paragraph) -> str:
    parts = []
    for node in paragraph.iter(f"{_W}t", f"{_W}br", f"{_W}cr", f"{_W}tab"):
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag == f"{_W}tab":
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _is_list(paragraph) -> bool:
    properties = paragraph.find(f"{_W}pPr")
    if properties is None:
        return False
    if properties.find(f"{_W}numPr") is not None:
        return True
    style = properties.find(f"{_W}pStyle")
    return style is not None and "list" in (style.get(f"{_W}val") or "").lower()


def _cell_text(cell) -> str | None:
    lines = []
    for paragraph in cell.iter(f"{_W}p"):
        text = _text(paragraph).strip()
        if not text:
            continue
        lines.append(f"{_BULLET}{text}" if _is_list(paragraph) else text)
    text = "\n".join(lines).replace("\r", "\n").strip()
    return text or None


def _cell_span(cell) -> tuple[int, str | None]:
    """(columns spanned, vMerge: None, "restart" or "continue")."""
    properties = cell.find(f"{_W}tcPr")
    span, merge = 1, None
    if properties is not None:
        grid = properties.find(f"{_W}gridSpan")
        if grid is not None:
            try:
                span = max(1, int(grid.get(f"{_W}val") or 1))
            except ValueError:
                span = 1
        vmerge = properties.find(f"{_W}vMerge")
        if vmerge is not None:
            merge = vmerge.get(f"{_W}val") or "continue"
    return span, merge


def _table_rows(table) -> tuple[list[list], set[int]]:
    """The rows of one table (direct rows only; a table nested in a cell is read as text),
    with vertically merged cells filled down, and the rows that are one cell across."""
    rows: list[list] = []
    across: set[int] = set()
    above: dict[int, object] = {}  # column -> text of the cell a vMerge continues
    for tr in table.iterchildren(f"{_W}tr"):
        values: list = []
        column = 0
        cells = 0
        spans_all = False
        for tc in tr.iterchildren(f"{_W}tc"):
            span, merge = _cell_span(tc)
            if merge == "continue":
                value = above.get(column)
            else:
                value = _cell_text(tc)
                above[column] = value
            if column < _MAX_COLUMNS:
                values.extend([value] + [None] * (span - 1))
            cells += 1
            spans_all = span > 1
            column += span
        values = values[:_MAX_COLUMNS]
        while values and values[-1] is None:
            values.pop()
        if cells == 1 and spans_all and values:
            across.add(len(rows))
        rows.append(values)
    return rows, across


def _reorder(rows: list[list], first_fields: list, fields: list) -> list[list] | None:
    """Put a later table's columns in the first table's order, when its heading row names the
    same fields in another order; None when it does not name them."""
    if fields == first_fields:
        return rows
    if sorted(f for f in fields if f) != sorted(f for f in first_fields if f):
        return None
    order = []
    for field in first_fields:
        order.append(fields.index(field) if field in fields else None)
    return [[row[i] if i is not None and i < len(row) else None for i in order] for row in rows]


def read_docx(data: bytes, name: str) -> Table:
    try:
        import docx
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise ImportFileError("Word documents cannot be read on this server.") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds of error for damaged files
        raise ImportFileError(f"{name} could not be opened as a Word document ({error}).") from None
    body = document.element.body
    before: list[str] = []
    tables = []
    for child in body.iterchildren():
        if child.tag == f"{_W}tbl":
            tables.append(child)
        elif child.tag == f"{_W}p" and not tables:
            text = " ".join(_text(child).split())
            if text:
                before.append(text)
    if not tables:
        raise ImportFileError(
            f"{name} is a Word document with no table in it. The importer reads an action plan "
            "set out as a table (one row per action, with headings such as Recommendation, Key "
            "actions, Lead officer, Timescale). Put the plan in a table in Word, or copy it into "
            "an Excel workbook, and upload that."
        )
    rows: list[list] = []
    merged_across: set[int] = set()
    notes = []
    if before:
        shown = "; ".join(before[:3])
        notes.append(
            f"Text before the table, not imported: {shown[:200]}{'...' if len(shown) > 200 else ''}"
        )
    first_fields: list | None = None
    filled = 0
    for number, table in enumerate(tables, 1):
        table_rows, across = _table_rows(table)
        if not any(table_rows):
            continue
        head = next((r for r in table_rows if r), [])
        found = header_fields(head)
        recognised = [f for f in found.fields if f]
        if len(recognised) >= 2:
            if first_fields is None:
                first_fields = found.fields
            else:
                reordered = _reorder(table_rows, first_fields, found.fields)
                if reordered is not None and reordered is not table_rows:
                    table_rows = reordered
                    across = set()
                    notes.append(
                        f"Table {number}'s columns are in another order; they were read in the "
                        "first table's order."
                    )
        if number > 1 and rows:
            notes.append(f"Table {number} of the document starts at row {len(rows) + 1}.")
        merged_across |= {len(rows) + index for index in across}
        rows.extend(table_rows)
        filled += sum(1 for r in table_rows if r)
        if filled > max_rows():
            raise ImportFileError(
                f"{name} has more than {max_rows():,} table rows. Split the action plan into "
                "smaller files."
            )
    while rows and not rows[-1]:
        rows.pop()
    if not rows:
        raise ImportFileError(
            f"{name} has tables, but they are empty. Check you chose the right file."
        )
    return Table(rows=rows, format="docx", merged_across=merged_across, notes=notes)
