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
    ]
    if summary.get("agencies_unmatched"):
        rows.append(summary_row("Agencies not matched", _names(summary["agencies_unmatched"])))
    rows.append(summary_row("Rows", rows_line))
    return rows


@register.simple_tag
def import_agency_table(agency_rows):
    """Each agency name as the file writes it, the agency it will be stored as, and how."""
    head = [{"text": "In the file"}, {"text": "Agency"}, {"text": "How"}, {"text": "First row"}]
    rows = []
    for agency in agency_rows:
        if agency.get("unmatched"):
            marker = tag("Not matched", "red")
        elif agency.get("created"):
            marker = tag("New agency", "yellow")
        else:
            marker = ""
        rows.append(
            [
                {"text": agency["written"], "header": True},
                join(marker, agency.get("matched") or ""),
                agency.get("how", ""),
                agency.get("row", ""),
            ]
        )
    return {"head": head, "rows": rows}


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
    if agency.created:
        return tag("New agency", "yellow")
    if getattr(agency, "unmatched", False):
        return tag("Not matched", "red")
    return ""


def _agency_match(agency):
    """How the file's name for the agency was matched, when it was not simply the same name."""
    if agency.created or getattr(agency, "unmatched", False):
        return _new_agency(agency)
    names = getattr(agency, "file_names", None)
    how = getattr(agency, "how", "")
    if names and how != "same name":
        written = " or ".join(f"“{name}”" for name in names)
        return _text(f"Written {written}: {how}")
    if not names and how:
        return _text(how)
    return ""


def _numbered(actions, value):
    """One line per action; numbered when a row split into several."""
    several = len(actions) > 1
    return join(
        *(_text(f"{n}: {value(a)}" if several else value(a)) for n, a in enumerate(actions, 1))
    )


def _section_cells(item):
    agency = item.get("section_agency")
    if agency:
        if item.get("section_imr"):
            below = f"Below: recommendations from {agency.name}'s IMR, with actions it owns."
        else:
            below = f"Below: actions owned by {agency.name}."
        matched = f"Matched an agency of the partnership ({agency.how})."
        about = join(below, _new_agency(agency) or matched)
    else:
        kind = "other" if item.get("section_source") == "other" else "overview report"
        about = f"Below: {kind} recommendations."
    heading = format_html("<strong>Heading row: {}</strong> {}", item["section"], _text(about))
    return [{"text": heading, "colspan": 6}]


def _row_cells(item):
    rec, agency = item.get("rec"), item.get("agency")
    actions = item.get("actions") or ([item["action"]] if item.get("action") else [])
    scope_change = _labelled("From here", item["scope_change"]) if item.get("scope_change") else ""
    if rec:
        number = format_html("<strong>{}</strong>", getattr(rec, "scope", "") or rec.number)
        if item.get("starts"):
            source = "Source: " + item["rec_source"]
            source += ", already in the review" if rec.existing_pk else ""
            outcome = (
                _labelled("Desired outcome", truncatewords(rec.desired_outcome, 25))
                if rec.desired_outcome
                else ""
            )
            recommendation = join(
                scope_change, number, _text(source), _text(truncatewords(rec.text, 40)), outcome
            )
        else:
            recommendation = join(scope_change, number, _text("(another action)"))
    elif item.get("as_written"):
        recommendation = join(scope_change, f"As written: {item['as_written']}")
    else:
        recommendation = join(scope_change, "None") if scope_change else "None"
    agency_cell = join(agency.name, _agency_match(agency)) if agency else ""
    if actions:
        several = len(actions) > 1
        parts = []
        for n, action in enumerate(actions, 1):
            parts += [
                format_html("<strong>Action {} of {}</strong>", n, len(actions)) if several else "",
                _text(linebreaksbr(action.key_actions)),
                _labelled("Taken from", action.key_actions_from)
                if getattr(action, "key_actions_from", "")
                else "",
                _labelled("Evidence expected", linebreaksbr(action.evidence_expected))
                if action.evidence_expected
                else "",
                _labelled("Outcome measure", linebreaksbr(action.outcome_measure))
                if action.outcome_measure
                else "",
            ]
        key_actions = join(*parts)
        due = join(
            *(
                join(
                    _text(f"{n}: {a.due_label}" if several else a.due_label),
                    _text(f"Status: {a.status_label}") if a.already_actioned else "",
                )
                for n, a in enumerate(actions, 1)
            )
        )
        lead = _numbered(actions, lambda a: a.lead_officer)
        timescale = _numbered(actions, lambda a: a.timescale)
    else:
        key_actions = "No action on this row" if rec and not item["errors"] else ""
        due = lead = timescale = ""
    return [recommendation, agency_cell, key_actions, lead, timescale, due]


def _checks(item):
    if not item["errors"] and not item["warnings"]:
        return "None"
    found = [(tag("Error", "red"), error) for error in item["errors"]]
    found += [(tag("Check", "yellow"), warning) for warning in item["warnings"]]
    return format_html_join("", '<p class="govuk-body-s govuk-!-margin-bottom-1">{} {}</p>', found)
