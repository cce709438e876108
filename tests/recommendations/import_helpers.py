"""Build action-plan files for the importer's tests: workbooks with openpyxl, CSV as bytes."""

import io
from pathlib import Path

import openpyxl

from recommendations.importer import services

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "import_samples"

TEMPLATE_ONE = [
    "Recommendation",
    "Key Actions",
    "Evidence",
    "Key Outcome(s)",
    "Lead Officer",
    "Date",
]
TEMPLATE_TWO = [
    "No.",
    "What is the recommendation?\n(lifted directly from the IMR)",
    "What is the desired Aim / Outcome?",
    "How will change be achieved? (actions)",
    "Leadership: who will chase progress and be responsible for completion",
    "Timescale: by what date",
    "Outcome Measure: how will you know, and what difference has it made, for the agency "
    "and for children?",
]


def workbook_bytes(rows, *, merges=(), title=None, build=None) -> bytes:
    """An .xlsx whose first sheet holds `rows` (lists of cell values) from row 1."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    if build is not None:
        build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, *, encoding="utf-8", delimiter=",") -> bytes:
    import csv

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def prepare(data, *, review=None, partnership=None, filename="plan.xlsx", **kwargs):
    partnership_id = partnership.pk if partnership is not None else review.partnership_id
    return services.prepare_import(
        data=data, filename=filename, partnership_id=partnership_id, review=review, **kwargs
    )


def upload_batch(data, *, review, actor, filename="plan.xlsx", **kwargs):
    """An ImportBatch awaiting confirmation, as the upload page makes it."""
    prepared = prepare(data, review=review, filename=filename, **kwargs)
    return services.import_batch_create(
        prepared=prepared, actor=actor, partnership_id=review.partnership_id, review=review
    )


def simple_plan(*, agency="Health visiting provider", rows=1) -> bytes:
    body = [
        [
            str(n),
            f"The LSCB should seek assurance on matter {n}.",
            f"Action {n}",
            "Head of Service",
            "December 2030",
            agency,
        ]
        for n in range(1, rows + 1)
    ]
    return workbook_bytes(
        [["No.", "Recommendation", "Key actions", "Lead officer", "Timescale", "Agency"], *body]
    )


def docx_bytes(tables, *, before=(), build=None) -> bytes:
    """A Word document: paragraphs `before`, then each table in `tables`, separated by page
    breaks. A table is a list of rows; a row is a list of cell values, where a cell may be:

    * ``str`` or None: the cell's text (line breaks become separate paragraphs);
    * ``("across", text)`` as the only cell of a row: one cell merged across the table;
    * ``("bullets", [item, ...])``: a bulleted list ("List Bullet" paragraphs);
    * ``("down", n)`` on the top cell of a column: merge it down over the next n rows.
    """
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    for text in before:
        document.add_paragraph(text)
    for number, rows in enumerate(tables):
        if number:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        width = max(
            len(row)
            for row in rows
            if not (row and isinstance(row[0], tuple) and row[0][0] == "across")
        )
        table = document.add_table(rows=len(rows), cols=width)
        downs = []
        for r, row in enumerate(rows):
            if row and isinstance(row[0], tuple) and row[0][0] == "across":
                merged = table.cell(r, 0).merge(table.cell(r, width - 1))
                merged.text = row[0][1]
                continue
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                if isinstance(value, tuple) and value[0] == "bullets":
                    cell.paragraphs[0].text = value[1][0]
                    cell.paragraphs[0].style = document.styles["List Bullet"]
                    for item in value[1][1:]:
                        cell.add_paragraph(item, style="List Bullet")
                elif isinstance(value, tuple) and value[0] == "down":
                    cell.text = value[1]
                    downs.append((r, c, value[2]))
                elif value is not None:
                    lines = str(value).split("\n")
                    cell.text = lines[0]
                    for line in lines[1:]:
                        cell.add_paragraph(line)
        for r, c, n in downs:
            table.cell(r, c).merge(table.cell(r + n, c))
    if build is not None:
        build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
