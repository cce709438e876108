"""What an import will write, row by row: built by `rows.interpret`, shown on the preview page,
stored as JSON on the ImportBatch until the user confirms, and written by `services`."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field

from recommendations.models import ActionStatus, RecommendationSource

__all__ = ["PlannedAction", "PlannedAgency", "PlannedRecommendation", "Preview", "PreviewRow"]


@dataclass
class PlannedAgency:
    name: str
    pk: int | None  # None: created by the import
    row: int  # the first row that names it

    @property
    def created(self) -> bool:
        return self.pk is None


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
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


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

    # --- reading it ---

    @property
    def ok(self) -> bool:
        return not self.errors and not any(row.errors for row in self.rows)

    @property
    def actions(self) -> list[PlannedAction]:
        return [row.action for row in self.rows if row.action is not None]

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
            {row.action.agency for row in self.rows if row.action}
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
            "rows_with_warnings": sum(1 for row in self.rows if row.warnings),
            "rows_with_errors": sum(1 for row in self.rows if row.errors),
            "sections": sum(1 for row in self.rows if row.section),
            "blank_rows": self.blank_rows,
            "rows_without_agency": self.rows_without_agency,
            "errors": len(self.all_errors()),
        }

    # --- storing it ---

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Preview:
        rows = []
        for item in data.get("rows", []):
            action = item.get("action")
            rows.append(
                PreviewRow(**{**item, "action": PlannedAction(**action) if action else None})
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
        )
