"""The pre-issue check: what a report is about to say that the board manager should know before
it goes to councillors. Recommendations without an assurance statement, actions awaiting a
judgement, overdue actions, exempt items, and text still at its default wording, each with
links to the gap. Built from a report context (no queries of its own); stored with the issued
report as plain data."""

import hashlib
import json
from dataclasses import asdict, dataclass, field

from django.urls import reverse

from assurance.models import ReportKind
from recommendations.models import ActionStatus

from .builders import is_overdue

# Kinds whose documents print each recommendation's implementation assurance (or its level).
STATEMENT_KINDS = frozenset({ReportKind.ASSURANCE, ReportKind.BRIEFING, ReportKind.CROSS_REVIEW})
# The field ids the compose page gives its text fields (crispy-forms: id_<name>).
FIELD_LABELS = {
    "subject": "Subject",
    "purpose": "Purpose",
    "board_recommendations": "Recommendations to the scrutiny board",
    "background": "Background",
    "publication_delay": "Why publication was delayed",
    "contact_officer": "Contact officer",
}


@dataclass
class GapItem:
    text: str
    url: str = ""


@dataclass
class Gap:
    code: str
    title: str
    items: list[GapItem] = field(default_factory=list)


def _action_rows(context):
    for section in context.get("sections", []):
        for rec in section.recommendations:
            for row in rec.actions:
                yield rec.recommendation, row
    for group in context.get("groups", []):
        yield from group.rows


def _action_text(recommendation, row) -> str:
    action = row.action
    when = f", due {action.due_date:%-d %b %Y}" if action.due_date else ""
    return f"{recommendation.label}: {action.agency.name}{when}"


def pre_issue_check(context, *, today, compose_url: str = "") -> list[Gap]:
    """The gaps in the report `context`, worst first. `compose_url` is where the report's text
    is edited (a link to each field still at its default)."""
    report = context["report"]
    options = context["options"]
    gaps: list[Gap] = []

    if report.kind in STATEMENT_KINDS:
        missing = [
            GapItem(
                f"{rec.label}",
                reverse("assurance:statement_edit", args=[rec.recommendation.pk]),
            )
            for section in context.get("sections", [])
            if not section.hidden
            for rec in section.recommendations
            if rec.statement is None or not rec.statement.narrative.strip()
        ]
        if missing:
            gaps.append(
                Gap(
                    "no_statement",
                    _counted(len(missing), "recommendation has", "recommendations have")
                    + " no implementation assurance statement",
                    missing,
                )
            )

    rows = list(_action_rows(context))
    unjudged = [
        GapItem(_action_text(rec, row), reverse("assurance:action_detail", args=[row.action.pk]))
        for rec, row in rows
        if row.action.status == ActionStatus.COMPLETION_CLAIMED
    ]
    if unjudged:
        gaps.append(
            Gap(
                "unjudged",
                _counted(len(unjudged), "action is", "actions are")
                + " reported complete and not yet judged",
                unjudged,
            )
        )
    overdue = [
        GapItem(_action_text(rec, row), reverse("assurance:action_detail", args=[row.action.pk]))
        for rec, row in rows
        if is_overdue(row.action, today)
    ]
    if overdue:
        gaps.append(
            Gap("overdue", _counted(len(overdue), "action is", "actions are") + " overdue", overdue)
        )

    exempt = [review for review in context.get("reviews", []) if review.is_exempt]
    if exempt:
        if options.is_public:
            title = _counted(len(exempt), "exempt review is", "exempt reviews are") + (
                " left out of this public version"
                if options.exempt_handling == "omit"
                else " shown as an exempt item only, with no detail"
            )
        else:
            title = (
                _counted(len(exempt), "exempt review is", "exempt reviews are")
                + " in this exempt version: issue it for the part of the meeting that "
                "excludes the public"
            )
        gaps.append(
            Gap(
                "exempt",
                title,
                [
                    GapItem(
                        f"{review.reference}: {review.title}",
                        reverse("assurance:review_detail", args=[review.pk]),
                    )
                    for review in exempt
                ],
            )
        )

    unchanged = context.get("defaults_unchanged", [])
    if unchanged:
        gaps.append(
            Gap(
                "default_text",
                _counted(len(unchanged), "part of the text is", "parts of the text are")
                + " still as the report first wrote it",
                [
                    GapItem(FIELD_LABELS[name], f"{compose_url}#id_{name}" if compose_url else "")
                    for name in unchanged
                ],
            )
        )
    return gaps


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def check_to_json(gaps: list[Gap]) -> list[dict]:
    return [asdict(gap) for gap in gaps]


def check_digest(gaps: list[Gap]) -> str:
    """A short fingerprint of the check as shown, so issuing can tell whether it changed
    between reading it and confirming it."""
    data = json.dumps([(g.code, [i.text for i in g.items]) for g in gaps], sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()[:16]
