"""Presenters for the reviews app's pages, as rows of the GOV.UK components
(scr_tracker/components.py). Load with ``{% load reviews_rows %}``."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from scr_tracker.access import can
from scr_tracker.components import join, link, rag_tag, status_tag, summary_row, tag

from ..timeline import DONE, RUNNING, format_day

register = template.Library()


@register.simple_tag
def theme_table(themes, user):
    """The themes the user's partnership may use: each theme (national ones marked), where it
    came from, whether it is in use, and its links (Edit only where the rules let the user
    change that theme: their partnership's own for a board manager, national ones for an
    administrator)."""
    rows = []
    for theme in themes:
        description = (
            format_html(
                '<span class="govuk-hint govuk-!-margin-bottom-0">{}</span>', theme.description
            )
            if theme.description
            else ""
        )
        in_use = (
            status_tag("published", "In use")
            if theme.is_active
            else status_tag("closed", "Retired")
        )
        history = link(
            reverse("reviews:theme_history", args=[theme.pk]), "History", f" of {theme.name}"
        )
        if can(user, "reviews.change_theme", theme):
            edit = link(reverse("reviews:theme_edit", args=[theme.pk]), "Edit", f" {theme.name}")
            history = format_html("{} · {}", edit, history)
        rows.append(
            [
                {
                    "text": join(
                        theme.name,
                        tag("National", "grey") if theme.is_national else "",
                        description,
                    ),
                    "header": True,
                },
                theme.source or "Not recorded",
                in_use,
                history,
            ]
        )
    links = {"text": format_html('<span class="govuk-visually-hidden">{}</span>', "Links")}
    return {"head": ["Theme", "Where it came from", "In use", links], "rows": rows}


def stage_tag(row):
    """The stage's state in words (and colour): a running stage by its deadline's rating."""
    if row.status == RUNNING and row.rag:
        return join(rag_tag(row.rag), tag("Late", "red") if row.rag == "red" else "")
    if row.status == DONE:
        return tag("Done late", "orange") if row.is_late else tag("Done", "green")
    if row.status == RUNNING:
        return tag("In progress", "blue")
    return tag(row.status_words, "grey")


def _hint(text):
    return format_html('<span class="govuk-hint govuk-!-margin-bottom-0">{}</span>', text)


def _deadline(row, names):
    if not row.current_due:
        return row.spec.rule_words(names)
    parts = [format_day(row.current_due)]
    for extension in row.extensions:
        parts.append(
            _hint(
                f"Extended from {format_day(extension.previous_due)} to "
                f"{format_day(extension.due_date)}, agreed by {extension.agreed_by}: "
                f"{extension.reason}"
            )
        )
    return join(*parts)


def _done(row, lifecycle):
    if row.status != DONE:
        return ""
    parts = [format_day(row.completed_on)]
    decision = row.decision_text(lifecycle)
    if decision:
        parts.append(_hint(f"Decision: {decision}. Reason: {row.record.decision_reason}"))
    if row.record and row.record.late_reason:
        parts.append(_hint(f"Late because: {row.record.late_reason}"))
    if row.record and row.record.note:
        parts.append(_hint(f"Note: {row.record.note}"))
    return join(*parts)


@register.simple_tag
def timeline_table(timeline, review, can_record):
    """A review's stages in order: who owns each, when it was done, its deadline (with any
    agreed extensions), working days left or late, its rating, and for a board manager the
    links to record it or extend its deadline."""
    rows = []
    names = {row.key: row.spec.name for row in timeline.rows}
    for row in timeline.rows:
        name = join(
            row.spec.name,
            tag("Current stage", "blue") if row.is_current else "",
            _hint(f"Owner: {row.spec.owner}") if row.spec.owner else "",
        )
        links = []
        if can_record and row.can_record:
            verb = "Change" if row.status == DONE else "Record"
            links.append(
                link(
                    reverse("reviews:stage_record", args=[review.pk, row.key]),
                    verb,
                    f" {row.spec.name}",
                )
            )
        if can_record and row.can_extend:
            links.append(
                link(
                    reverse("reviews:stage_extend", args=[review.pk, row.key]),
                    "Extend",
                    f" the deadline of {row.spec.name}",
                )
            )
        rows.append(
            {
                "cells": [
                    {"text": name, "header": True},
                    _done(row, timeline.lifecycle),
                    _deadline(row, names),
                    row.days_words,
                    stage_tag(row),
                    join(*links) if links else "",
                ],
                "attributes": {"id": f"stage-{row.key}"},
            }
        )
    actions = {"text": format_html('<span class="govuk-visually-hidden">{}</span>', "Actions")}
    return {
        "head": ["Stage", "Done", "Deadline", "Working days", "Status", actions],
        "rows": rows,
        "caption": "Stages of the review",
    }


@register.simple_tag
def stage_facts(row):
    """The stage being recorded or extended: owner, rule and its source, deadline."""
    lifecycle_rows = [
        summary_row("Owner", row.spec.owner),
        summary_row("Deadline rule", row.spec.rule_words()),
        summary_row("Source", row.spec.source),
    ]
    if row.current_due:
        lifecycle_rows.append(
            summary_row(
                "Deadline",
                join(format_day(row.current_due), row.days_words and f"({row.days_words})"),
            )
        )
    if row.status == DONE:
        lifecycle_rows.append(summary_row("Recorded as done", format_day(row.completed_on)))
    return lifecycle_rows


@register.simple_tag
def stage_rules_table(specs):
    """One lifecycle's stages in order: owner, deadline rule and its source."""
    names = {spec.key: spec.name for spec in specs}
    rows = [
        [
            {"text": spec.name, "header": True},
            spec.owner,
            join(
                spec.rule_words(names),
                _hint("Only when a review is carried out") if spec.review_only else "",
            ),
            spec.source,
        ]
        for spec in specs
    ]
    return {"head": ["Stage", "Owner", "Deadline", "Source"], "rows": rows}


def stage_cell(timeline):
    """A list's cell for a review's lifecycle: its current stage, and its next deadline with
    the days left or late and the deadline's rating."""
    current = timeline.current
    parts = [current.spec.name if current else "Every stage done"]
    row = timeline.next_deadline
    if row is not None:
        due = f"{format_day(row.current_due)}, {row.days_words.lower()}"
        text = f"Due {due}" if row is current else f"Next deadline: {row.spec.name}, {due}"
        parts += [_hint(text), stage_tag(row)]
    return join(*parts)
