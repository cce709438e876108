"""What an import will write, row by row: built by `rows.interpret`, shown on the preview page,
stored as JSON on the ImportBatch until the user confirms, and written by `services`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from recommendations.models import ActionStatus, RecommendationSource

__all__ = ["PlannedAction", "PlannedAgency", "PlannedRecommendation", "Preview", "PreviewRow"]


@dataclass
class PlannedAgency:
    name: str  # the partnership's name for it when matched, else as the file writes it
    pk: int | None  # None: to be created (create) or not matched yet
    row: int  # the first row that names it
    create: bool = False  # the user chose to create it
    how: str = ""  # how it was matched: "same name", "short form", "chosen by you"...
    file_names: list[str] = field(default_factory=list)  # as the file writes it
    suggested: list[int] = field(default_factory=list)  # pks that may be it, when unmatched

    @property
    def created(self) -> bool:
        return self.pk is None and self.create

    @property
    def unmatched(self) -> bool:
        return self.pk is None and not self.create


@dataclass
class PlannedRecommendation:
    number: str
    text: str
    source: str
    source_agency: int | None  # index into Preview.agencies
    row: int
    desired_outcome: str = ""
    existing_pk: int | None = None  # already in the review: actions are added to it
    number_from_text: bool = False
    auto_number: bool = False
    scope: str = ""  # how the preview names it: "Police 1", "Overview report 3"


@dataclass
class PlannedAction:
    agency: int  # index into Preview.agencies
    key_actions: str
    lead_officer: str = ""
    timescale: str = ""
    due_date: str | None = None  # ISO date
    explicit_due_date: bool = False  # from a due date column rather than read from the timescale
    already_actioned: bool = False
    ongoing: bool = False
    evidence_expected: str = ""
    outcome_measure: str = ""
    # Where key_actions came from when the Key actions cell is empty ("" when it is filled).
    key_actions_from: str = ""
    line: int = 0  # for an action split from a cell of several lines: its line (1-based)

    @property
    def due(self) -> datetime.date | None:
        return datetime.date.fromisoformat(self.due_date) if self.due_date else None

    @property
    def due_label(self) -> str:
        """The due date as the preview shows it: a date, "already actioned" or "no date"."""
        if self.due_date:
            due = self.due
            return f"{due.day} {due:%B %Y}"
        if self.already_actioned:
            return "already actioned"
        if self.ongoing:
            return "no date (ongoing)"
        return "no date"

    @property
    def status_label(self) -> str:
        status = (
            ActionStatus.COMPLETION_CLAIMED if self.already_actioned else ActionStatus.NOT_STARTED
        )
        return str(status.label)


@dataclass
class PreviewRow:
    row: int  # as the spreadsheet numbers it
    section: str = ""  # the heading, for a section row
    section_source: str = ""  # what the heading means for the rows below it
    section_agency: int | None = None  # index into Preview.agencies
    recommendation: int | None = None  # index into Preview.recommendations
    starts_recommendation: bool = False
    action: PlannedAction | None = None
    # More actions on the same row: one per line of cells holding several lines each.
    more_actions: list[PlannedAction] = field(default_factory=list)
    # Scope of a recommendation set by this row's Agency or Source cell, as a heading would.
    scope_change: str = ""
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def all_actions(self) -> list[PlannedAction]:
        return ([self.action] if self.action is not None else []) + list(self.more_actions)


def _row_json(row: PreviewRow) -> dict:
    data = dict(vars(row))
    data["action"] = dict(vars(row.action)) if row.action is not None else None
    data["more_actions"] = [dict(vars(action)) for action in row.more_actions]
    return data


@dataclass
class Preview:
    rows: list[PreviewRow] = field(default_factory=list)
    recommendations: list[PlannedRecommendation] = field(default_factory=list)
    agencies: list[PlannedAgency] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # about the whole file
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    blank_rows: int = 0
    rows_without_agency: int = 0  # actions with no agency column, heading or default agency
    repeated_headings: int = 0  # heading rows typed again below (after page breaks), left out
    # A fingerprint of what the database held when the rows were read (rows.PlanContext):
    # when it is unchanged at the confirmation, the stored preview is written as it is.
    context_hash: str = ""

    # --- reading it ---

    @property
    def ok(self) -> bool:
        return not self.errors and not any(row.errors for row in self.rows)

    @property
    def actions(self) -> list[PlannedAction]:
        return [action for row in self.rows for action in row.all_actions]

    @property
    def unmatched_agencies(self) -> list[PlannedAgency]:
        return [agency for agency in self.agencies if agency.unmatched]

    def all_errors(self) -> list[str]:
        """Every error, each naming its row: for the top of the page and the command line."""
        return self.errors + [
            f"Row {row.row}: {error}" for row in self.rows for error in row.errors
        ]

    def all_warnings(self) -> list[str]:
        return self.warnings + [
            f"Row {row.row}: {warning}" for row in self.rows for warning in row.warnings
        ]

    def source_label(self, recommendation: PlannedRecommendation) -> str:
        if (
            recommendation.source == RecommendationSource.IMR
            and recommendation.source_agency is not None
        ):
            return f"{self.agencies[recommendation.source_agency].name} IMR"
        return str(RecommendationSource(recommendation.source).label)

    def summary(self) -> dict:
        used_agencies = sorted(
            {action.agency for action in self.actions}
            | {r.source_agency for r in self.recommendations if r.source_agency is not None}
        )
        return {
            "recommendations_new": sum(1 for r in self.recommendations if r.existing_pk is None),
            "recommendations_existing": sum(
                1 for r in self.recommendations if r.existing_pk is not None
            ),
            "actions": len(self.actions),
            "agencies_matched": [
                self.agencies[i].name for i in used_agencies if not self.agencies[i].created
            ],
            "agencies_created": [
                self.agencies[i].name for i in used_agencies if self.agencies[i].created
            ],
            "agencies_unmatched": [a.name for a in self.agencies if a.unmatched],
            "agency_matches": [
                {
                    "file_names": a.file_names or [a.name],
                    "agency": a.name,
                    "how": "to be created" if a.created else a.how or "not matched",
                    "row": a.row,
                }
                for a in self.agencies
            ],
            "rows_with_warnings": sum(1 for row in self.rows if row.warnings),
            "rows_with_errors": sum(1 for row in self.rows if row.errors),
            "sections": sum(1 for row in self.rows if row.section),
            "blank_rows": self.blank_rows,
            "repeated_headings": self.repeated_headings,
            "rows_without_agency": self.rows_without_agency,
            "errors": len(self.all_errors()),
        }

    # --- storing it ---

    def to_json(self) -> dict:
        """As dataclasses.asdict, without its deep copies (several times faster)."""
        data = dict(vars(self))
        data["rows"] = [_row_json(row) for row in self.rows]
        data["recommendations"] = [dict(vars(rec)) for rec in self.recommendations]
        data["agencies"] = [dict(vars(agency)) for agency in self.agencies]
        return data

    @classmethod
    def from_json(cls, data: dict) -> Preview:
        rows = []
        for item in data.get("rows", []):
            action = item.get("action")
            more = [PlannedAction(**a) for a in item.get("more_actions", [])]
            rows.append(
                PreviewRow(
                    **{
                        **item,
                        "action": PlannedAction(**action) if action else None,
                        "more_actions": more,
                    }
                )
            )
        return cls(
            rows=rows,
            recommendations=[PlannedRecommendation(**r) for r in data.get("recommendations", [])],
            agencies=[PlannedAgency(**a) for a in data.get("agencies", [])],
            errors=list(data.get("errors", [])),
            warnings=list(data.get("warnings", [])),
            notes=list(data.get("notes", [])),
            blank_rows=data.get("blank_rows", 0),
            rows_without_agency=data.get("rows_without_agency", 0),
            repeated_headings=data.get("repeated_headings", 0),
            context_hash=data.get("context_hash", ""),
        )
