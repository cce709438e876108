"""Presenters for the importer's pages: the preview's summary, its rows as they will be stored
and the columns as they are read, as rows of the GOV.UK components (scr_tracker/components.py).

Load with ``{% load recommendations_rows %}``.
"""

from django import template
from django.template.defaultfilters import linebreaksbr, stringformat, truncatechars, truncatewords
from django.utils.html import format_html, format_html_join

from scr_tracker.components import format_date, join, summary_row, tag

register = template.Library()


def _whole(value):
    """What ``{{ value|stringformat:"d" }}`` shows: the whole number, or nothing."""
    return stringformat(value, "d")


def _names(names):
    """What ``{{ names|join:", "|default:"None" }}`` shows."""
    return ", ".join(str(name) for name in names or ()) or "None"


@register.simple_tag
def import_summary_rows(batch, summary, rows_line):
    """What the preview is of: the file, where it goes and what it adds."""
    rows = [summary_row("File", batch.filename)]
    if batch.sheet_name:
        rows.append(summary_row("Sheet", batch.sheet_name))
    new = _whole(summary["recommendations_new"])
    recommendations = f"{new} new"
    if summary["recommendations_existing"]:
        existing = _whole(summary["recommendations_existing"])
        recommendations = f"{new} new, {existing} already in the review"
    rows += [
        summary_row("Heading row", _whole(batch.header_row)),
        summary_row("Import into", batch.review_label),
        summary_row("Recommendations", recommendations),
        summary_row("Actions", _whole(summary["actions"])),
        summary_row("Agencies matched", _names(summary["agencies_matched"])),
        summary_row("Agencies to be created", _names(summary["agencies_created"])),
        summary_row("Rows", rows_line),
    ]
    return rows


def _summary_count(summary, key):
    """``{{ batch.summary.key|default_if_none:0|stringformat:"d" }}``: a count the import
    saved, 0 when it saved none."""
    if key not in summary:
        return ""
    value = summary[key]
    return _whole(0 if value is None else value)


@register.simple_tag
def import_done_rows(batch):
    """An import that has been confirmed or discarded: when, by whom and what it added."""
    rows = [
        summary_row("Uploaded", format_date(batch.uploaded_at, "j F Y, H:i")),
        summary_row("Uploaded by", batch.uploaded_by or "Command line"),
    ]
    if batch.status == "imported":
        summary = batch.summary
        rows += [
            summary_row("Imported", format_date(batch.imported_at, "j F Y, H:i")),
            summary_row("Into", batch.review_label),
            summary_row("Recommendations added", _summary_count(summary, "recommendations_new")),
            summary_row("Actions added", _summary_count(summary, "actions")),
            summary_row("Agencies created", _names(summary.get("agencies_created"))),
        ]
    return rows


@register.simple_tag
def column_table(columns, header_row):
    """How each column of the heading row is read (``views._mapping_rows``)."""
    rows = [
        [
            {"text": column["letter"], "header": True},
            truncatechars(column["heading"], 120),
            column["field"],
        ]
        for column in columns
    ]
    return {
        "head": ["Column", "Heading", "Imported as"],
        "rows": rows,
        "caption": f"Columns of row {header_row}",
    }


HEAD = [
    "Row",
    "Recommendation",
    "Agency",
    "Key actions",
    "Lead officer",
    "Timescale",
    "Due date",
    "Checks",
]


@register.simple_tag
def import_preview_table(items, page_obj, show):
    """The rows as they will be stored (``views._display_rows``), one page of them."""
    caption = (
        f"Rows {page_obj.start_index()} to {page_obj.end_index()} of {page_obj.paginator.count}"
    )
    if show == "problems":
        caption += " with warnings or errors"
    rows = [
        {
            "cells": [
                {"text": item["row"], "header": True},
                *(_section_cells(item) if item["section"] else _row_cells(item)),
                _checks(item),
            ],
            "attributes": {"id": f"row-{item['row']}"},
        }
        for item in items
    ]
    return {"head": HEAD, "rows": rows, "caption": caption}


def _text(text):
    return format_html('<span class="app-plan-table__text">{}</span>', text)


def _labelled(label, text):
    return format_html(
        '<span class="app-plan-table__text"><strong>{}:</strong> {}</span>', label, text
    )


def _new_agency(agency):
    return tag("New agency", "yellow") if agency.created else ""


def _section_cells(item):
    agency = item.get("section_agency")
    if agency:
        if item.get("section_imr"):
            below = f"Below: recommendations from {agency.name}'s IMR, with actions it owns."
        else:
            below = f"Below: actions owned by {agency.name}."
        about = join(below, _new_agency(agency) or "Matched an agency of the partnership.")
    else:
        kind = "other" if item.get("section_source") == "other" else "overview report"
        about = f"Below: {kind} recommendations."
    heading = format_html("<strong>Heading row: {}</strong> {}", item["section"], _text(about))
    return [{"text": heading, "colspan": 6}]


def _row_cells(item):
    rec, action, agency = item.get("rec"), item.get("action"), item.get("agency")
    if rec:
        number = format_html("<strong>Recommendation {}</strong>", rec.number)
        if item.get("starts"):
            source = item["rec_source"] + (", already in the review" if rec.existing_pk else "")
            outcome = (
                _labelled("Desired outcome", truncatewords(rec.desired_outcome, 25))
                if rec.desired_outcome
                else ""
            )
            recommendation = join(
                number, _text(source), _text(truncatewords(rec.text, 40)), outcome
            )
        else:
            recommendation = join(number, _text("(another action)"))
    elif item.get("as_written"):
        recommendation = f"As written: {item['as_written']}"
    else:
        recommendation = "None"
    agency_cell = join(agency.name, _new_agency(agency)) if agency else ""
    if action:
        key_actions = join(
            linebreaksbr(action.key_actions),
            _labelled("Evidence expected", linebreaksbr(action.evidence_expected))
            if action.evidence_expected
            else "",
            _labelled("Outcome measure", linebreaksbr(action.outcome_measure))
            if action.outcome_measure
            else "",
        )
        due = join(
            action.due_label,
            _text(f"Status: {action.status_label}") if action.already_actioned else "",
        )
    else:
        key_actions = "No action on this row" if rec and not item["errors"] else ""
        due = ""
    return [
        recommendation,
        agency_cell,
        key_actions,
        action.lead_officer if action else "",
        action.timescale if action else "",
        due,
    ]


def _checks(item):
    if not item["errors"] and not item["warnings"]:
        return "None"
    found = [(tag("Error", "red"), error) for error in item["errors"]]
    found += [(tag("Check", "yellow"), warning) for warning in item["warnings"]]
    return format_html_join("", '<p class="govuk-body-s govuk-!-margin-bottom-1">{} {}</p>', found)
