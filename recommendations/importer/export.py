"""Download an action plan as an Excel workbook that the importer reads back without loss.

Columns follow the second real template ("No. | What is the recommendation? | What is the
desired Aim / Outcome? | How will change be achieved? | Leadership | Timescale | Outcome
Measure"), then Agency, Evidence expected and Due date, which that template lacks but the
tracker keeps. Recommendations are grouped under section rows, as real plans are:
"Overview Report Recommendations", then one per agency's IMR, then "Other Recommendations".

Text that a spreadsheet would take for a formula (starting with =, +, - or @) is written as a
*string cell* with Excel's quote prefix set: the file holds it as text, never as a formula, and
Excel shows it as if typed with a leading apostrophe, so neither opening nor editing the cell
evaluates it. The text itself is unchanged, so it imports back exactly as it was.
"""

from __future__ import annotations

import datetime
import io

from django.conf import settings
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from recommendations.models import RecommendationSource

from ..queries import action_plan_for

__all__ = ["EXPORT_HEADINGS", "XLSX_CONTENT_TYPE", "action_plan_workbook", "write_text"]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXPORT_HEADINGS = (
    ("No.", 8),
    ("What is the recommendation?", 50),
    ("What is the desired Aim / Outcome?", 35),
    ("How will change be achieved? (actions)", 50),
    ("Leadership", 25),
    ("Timescale", 20),
    ("Outcome Measure", 35),
    ("Agency", 25),
    ("Evidence expected", 35),
    ("Due date", 12),
)
OVERVIEW_SECTION = "Overview Report Recommendations"
OTHER_SECTION = "Other Recommendations"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_WRAP = Alignment(wrap_text=True, vertical="top")


def write_text(cell, text: str):
    """Put text in a cell so that no spreadsheet evaluates it (see the module docstring)."""
    cell.value = text
    if text.startswith(_FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def _groups(recommendations):
    """[(section heading, [recommendation, ...])]: overview first, each IMR, then other."""
    overview, other, imr = [], [], {}
    for rec in recommendations:
        if rec.is_archived:
            continue
        if rec.source == RecommendationSource.IMR and rec.source_agency is not None:
            imr.setdefault(rec.source_agency.name, []).append(rec)
        elif rec.source == RecommendationSource.OTHER:
            other.append(rec)
        else:
            overview.append(rec)
    groups = [(OVERVIEW_SECTION, overview)] if overview else []
    groups += sorted(imr.items(), key=lambda item: item[0].lower())
    if other:
        groups.append((OTHER_SECTION, other))
    return groups


def action_plan_workbook(review, user, today: datetime.date) -> bytes:
    """The review's live (not archived) recommendations and the actions `user` may see."""
    recommendations = action_plan_for(review, user, today)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Action plan"
    workbook.properties.creator = settings.SERVICE_NAME
    workbook.properties.title = f"{review.reference}: {review.title} action plan"
    width = len(EXPORT_HEADINGS)

    preamble = []
    if settings.PROTECTIVE_MARKING:
        preamble.append(settings.PROTECTIVE_MARKING)
    preamble.append(f"{review.reference}: {review.title}, action plan")
    scope = "" if user.reads_whole_partnership else " (your agencies' actions only)"
    preamble.append(f"Downloaded from {settings.SERVICE_NAME} on {today:%d/%m/%Y} by {user}{scope}")
    for row, text in enumerate(preamble, 1):
        write_text(sheet.cell(row=row, column=1), text)
    sheet["A1"].font = Font(bold=True)

    header_row = len(preamble) + 2
    for column, (heading, column_width) in enumerate(EXPORT_HEADINGS, 1):
        cell = sheet.cell(row=header_row, column=column, value=heading)
        cell.font = Font(bold=True)
        cell.alignment = _WRAP
        sheet.column_dimensions[get_column_letter(column)].width = column_width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)

    row = header_row
    for heading, recs in _groups(recommendations):
        row += 1
        write_text(sheet.cell(row=row, column=1), heading)
        sheet.cell(row=row, column=1).font = Font(bold=True)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        for rec in recs:
            actions = [a for a in rec.visible_actions if not a.is_archived] or [None]
            for action in actions:
                row += 1
                values = [rec.number, rec.text, rec.desired_outcome]
                if action is None:
                    values += [""] * 7
                else:
                    values += [
                        action.key_actions,
                        action.lead_officer,
                        action.timescale,
                        action.outcome_measure,
                        action.agency.name,
                        action.evidence_expected,
                    ]
                for column, value in enumerate(values, 1):
                    if value:
                        cell = sheet.cell(row=row, column=column)
                        write_text(cell, value)
                        cell.alignment = _WRAP
                if action is not None and action.due_date:
                    cell = sheet.cell(row=row, column=width, value=action.due_date)
                    cell.number_format = "dd/mm/yyyy"
                    cell.alignment = _WRAP
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
