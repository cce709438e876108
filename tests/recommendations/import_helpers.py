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
