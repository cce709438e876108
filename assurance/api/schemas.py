"""What the API answers: one schema per kind of record, every field documented in the
OpenAPI description (/api/v1/openapi.json)."""

import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from recommendations.models import ActionStatus, RecommendationScope, RecommendationSource
from recommendations.rag import RAG, RollupRating
from reviews.models import ReviewKind, ReviewStatus

from ..models import Judgement

RagValue = Literal[tuple(RAG.values)]
AgencyRagValue = Literal[tuple(value for value, _ in RAG.agency_choices())]


class Problem(Schema):
    """A refusal (RFC 9457 problem details)."""

    type: str = Field(description='What kind of problem: a stable URI, or "about:blank".')
    title: str
    status: int
    detail: str
    instance: str | None = None
    parameter: str | None = Field(None, description="The query parameter at fault.")


class Page(Schema):
    count: int = Field(description="How many results match, on every page together.")
    next: str | None = Field(description="The next page's address, or null on the last page.")


class Review(Schema):
    id: int
    reference: str
    title: str
    kind: Literal[tuple(ReviewKind.values)]
    kind_label: str
    status: Literal[tuple(ReviewStatus.values)]
    status_label: str
    is_exempt: bool = Field(description="Exempt (Schedule 12A): not for publication.")
    author: str
    summary: str
    incident_date: datetime.date | None
    decision_date: datetime.date | None
    commissioned_date: datetime.date | None
    recommendations_agreed_date: datetime.date | None
    published_date: datetime.date | None
    theme_ids: list[int]
    recommendation_count: int = Field(description="Recommendations you can see.")
    action_count: int = Field(description="Actions you can see.")
    overdue_count: int = Field(description="Of those, overdue.")
    recommendations_by_rating: dict[Literal[tuple(RollupRating.values)], int] = Field(
        description="Its unarchived recommendations you can see, by rolled-up rating (see "
        "Recommendation.rating); every rating is present."
    )
    actions_by_rating: dict[RagValue, int] = Field(
        description="Their unarchived actions you can see, by partnership rating; every rating "
        "is present."
    )
    created_at: datetime.datetime
    updated_at: datetime.datetime
    archived_at: datetime.datetime | None


class Recommendation(Schema):
    id: int
    review_id: int
    review_reference: str
    review_title: str
    number: str = Field(description="Exactly as numbered in the report.")
    label: str = Field(description='As reports write it: "Child F Recommendation 1".')
    text: str
    source: Literal[tuple(RecommendationSource.values)]
    source_agency_id: int | None
    source_agency_name: str | None
    scope: Literal[tuple(RecommendationScope.values)]
    addressed_agency_id: int | None
    addressed_agency_name: str | None
    desired_outcome: str
    repeats_id: int | None = Field(description="An earlier recommendation this repeats.")
    theme_ids: list[int]
    position: int
    action_count: int = Field(description="Actions you can see, archived ones left out.")
    open_count: int
    overdue_count: int
    rating: Literal[tuple(RollupRating.values)] = Field(
        description="Rolled up from the actions counted (rules in docs/workflow.md): the worst "
        'open partnership rating; "blue" when all are assured; "closed" when all were closed '
        'as not implemented; "partly" when all are closed, some assured and some not; "none" '
        "with no actions."
    )
    rating_label: str = Field(description='The rating in words: "Partly implemented".')
    progress: str = Field(description='"3 of 4 actions assured, 1 overdue".')
    assured_count: int = Field(description="Actions assured.")
    not_implemented_count: int = Field(description="Actions closed as not implemented.")
    assurance_level: str | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    archived_at: datetime.datetime | None


class Timescale(Schema):
    """One timescale the action has had: the original, then each requested revision."""

    id: int
    label: str = Field(description='"Original", "1st revision", "Requested, declined"...')
    state: str
    timescale: str
    due_date: datetime.date | None
    reason: str
    requested_by: str | None
    requested_at: datetime.datetime
    decided_by: str | None
    decided_at: datetime.datetime | None
    decision_comment: str


class Action(Schema):
    id: int
    review_id: int
    review_reference: str
    review_title: str
    recommendation_id: int
    recommendation_number: str
    agency_id: int
    agency_name: str
    key_actions: str
    lead_officer: str
    lead_officer_user: str | None
    timescale: str = Field(description="As written in the plan.")
    due_date: datetime.date | None
    evidence_expected: str
    outcome_measure: str
    status: Literal[tuple(ActionStatus.values)]
    status_label: str
    partnership_rag: RagValue = Field(
        description="The partnership's rating, derived by the rules in the README."
    )
    agency_rag: AgencyRagValue | None = Field(
        description="The agency's own rating from its latest update; null if not rated."
    )
    last_update_at: datetime.datetime | None
    completion_claimed_at: datetime.datetime | None
    assured_at: datetime.datetime | None
    not_implemented_reason: str
    reaudit_due: datetime.date | None
    impact_result: str
    impact_recorded_at: datetime.datetime | None
    position: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    archived_at: datetime.datetime | None
    timescales: list[Timescale] = Field(description="Every timescale, oldest first.")


class Evidence(Schema):
    """Evidence, described: the file itself is downloaded only from the action's page."""

    id: int
    description: str
    has_file: bool
    original_filename: str
    content_type: str
    size: int | None
    sha256: str
    judgement: Literal[tuple(Judgement.values)]
    judged_at: datetime.datetime | None
    judgement_comment: str
    created_at: datetime.datetime


class ProgressUpdate(Schema):
    id: int
    action_id: int
    author: str
    created_at: datetime.datetime
    narrative: str
    rag: AgencyRagValue
    rag_reason: str
    claims_completion: bool
    judgement: Literal[tuple(Judgement.values)]
    judged_by: str | None
    judged_at: datetime.datetime | None
    judgement_comment: str
    evidence: list[Evidence]


class AssuranceStatement(Schema):
    id: int
    recommendation_id: int
    review_id: int
    narrative: str
    level: str
    updated_at: datetime.datetime


class Theme(Schema):
    id: int
    name: str
    description: str
    source: str
    is_active: bool


class ReviewPage(Page):
    results: list[Review]


class RecommendationPage(Page):
    results: list[Recommendation]


class ActionPage(Page):
    results: list[Action]


class ProgressUpdatePage(Page):
    results: list[ProgressUpdate]


class AssuranceStatementPage(Page):
    results: list[AssuranceStatement]


class ThemePage(Page):
    results: list[Theme]


class RagCount(Schema):
    id: int | None
    name: str
    total: int
    counts: dict[str, int] = Field(description="Actions by partnership rating.")


class ListedAction(Schema):
    id: int
    review_id: int
    review_title: str
    agency_name: str
    due_date: datetime.date | None


class Stage(Schema):
    status: str
    label: str
    count: int


class TrendMonth(Schema):
    month: str = Field(description="YYYY-MM")
    open: int
    overdue: int
    assured: int


class Dashboard(Schema):
    today: datetime.date
    summary: dict[str, int] = Field(
        description="total, overdue, due_soon, claimed, impact_pending, reaudit_overdue, "
        "and the count of each partnership rating."
    )
    awaiting_judgement: int
    agencies: list[RagCount]
    reviews: list[RagCount] = Field(description="The reviews with most Red, then Amber.")
    overdue: list[ListedAction] = Field(description="Longest overdue first (10 at most).")
    due_soon: list[ListedAction] = Field(description="Due within 30 days (10 at most).")
    stages: list[Stage]
    trend: list[TrendMonth] = Field(description="The last 24 months, oldest first.")
