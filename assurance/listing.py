"""The filtered, sorted review, recommendation and action lists and their exports: one query
function per list, used by the page and by both downloads so they always agree."""

import datetime
from operator import itemgetter

from django.db.models import Case, F, IntegerField, Value, When

from recommendations.models import (
    NOT_SHARED_REPEAT,
    Action,
    ActionStatus,
    Recommendation,
    RecommendationScope,
    RecommendationSource,
)
from recommendations.queries import review_list_for, rollup_prefetch
from recommendations.rag import (
    RAG,
    RAG_ORDER,
    Rollup,
    RollupRating,
    Thresholds,
    rollup_rank_expression,
)
from reviews.filters import ReviewFilter
from reviews.models import ReviewKind, ReviewStatus
from reviews.queries import with_next_due
from scr_tracker.exports import ExportColumn, choice_label
from scr_tracker.listing import Column, Listing, Sorting

from .filters import ActionFilter, RecommendationFilter


def _rag_rank(field: str):
    return Case(
        *[When(**{field: value}, then=Value(rank)) for rank, value in enumerate(RAG_ORDER)],
        default=Value(len(RAG_ORDER)),
        output_field=IntegerField(),
    )


def thresholds_for(user) -> Thresholds:
    return Thresholds.for_partnership(user.partnership) if user.partnership_id else Thresholds()


ACTION_COLUMNS = [
    Column("review", "Action", ("recommendation__review__reference", "recommendation__position")),
    Column("agency", "Agency", ("agency__name",)),
    Column("due", "Due date", ("due_date",)),
    Column("status", "Status", ("status",)),
    Column("partnership_rag", "Partnership RAG", (F("partnership_rag_rank").asc(),)),
    Column("agency_rag", "Agency RAG", (F("agency_rag_rank").asc(),)),
    Column("updated", "Last update", ("last_update_at",)),
]


def action_listing(request, today: datetime.date) -> Listing:
    """The user's actions, rated, filtered by the query string and sorted; everything the
    list's rows read is loaded in the same query."""
    user = request.user
    queryset = (
        Action.objects.for_user(user)
        .with_partnership_rag(today, thresholds_for(user))
        .select_related("recommendation__review", "agency")
    )
    filterset = ActionFilter(request.GET, queryset=queryset, request=request, today=today)
    sorting = Sorting(request.GET, ACTION_COLUMNS, default="due")
    queryset = filterset.qs
    if sorting.key == "partnership_rag":
        queryset = queryset.annotate(partnership_rag_rank=_rag_rank("partnership_rag"))
    if sorting.key == "agency_rag":
        queryset = queryset.annotate(agency_rag_rank=_rag_rank("agency_rag"))
    return Listing(filterset, sorting, sorting.apply(queryset))


_status = choice_label(ActionStatus.choices)
_rag = choice_label([*RAG.choices, ("", "Not rated")])
_source = choice_label(RecommendationSource.choices)
_scope = choice_label(RecommendationScope.choices)

# The action-plan columns, as the templates in practice have them, with both ratings.
ACTION_EXPORT_FIELDS = [
    "pk",
    "recommendation__review__reference",
    "recommendation__review__title",
    "recommendation__number",
    "recommendation__text",
    "recommendation__source",
    "recommendation__scope",
    "recommendation__desired_outcome",
    "agency__name",
    "key_actions",
    "lead_officer",
    "timescale",
    "due_date",
    "evidence_expected",
    "outcome_measure",
    "status",
    "partnership_rag",
    "agency_rag",
    "last_update_at",
    "completion_claimed_at",
    "assured_at",
    "not_implemented_reason",
    "reaudit_due",
    "impact_result",
    "impact_recorded_at",
    "archived_at",
]
ACTION_EXPORT_COLUMNS = [
    ExportColumn("Action ID", itemgetter("pk")),
    ExportColumn("Review reference", itemgetter("recommendation__review__reference")),
    ExportColumn("Review", itemgetter("recommendation__review__title")),
    ExportColumn("Recommendation", itemgetter("recommendation__number")),
    ExportColumn("What is the recommendation?", itemgetter("recommendation__text")),
    ExportColumn("Source", lambda r: _source(r["recommendation__source"])),
    ExportColumn("Scope", lambda r: _scope(r["recommendation__scope"])),
    ExportColumn("Desired aim or outcome", itemgetter("recommendation__desired_outcome")),
    ExportColumn("Agency", itemgetter("agency__name")),
    ExportColumn("Key actions", itemgetter("key_actions")),
    ExportColumn("Lead officer", itemgetter("lead_officer")),
    ExportColumn("Timescale", itemgetter("timescale")),
    ExportColumn("Due date", itemgetter("due_date")),
    ExportColumn("Every timescale (original and revisions)", itemgetter("timescale_history")),
    ExportColumn("Evidence expected", itemgetter("evidence_expected")),
    ExportColumn("Outcome measure", itemgetter("outcome_measure")),
    ExportColumn("Status", lambda r: _status(r["status"])),
    ExportColumn("Partnership RAG", lambda r: _rag(r["partnership_rag"])),
    ExportColumn("Agency RAG", lambda r: _rag(r["agency_rag"])),
    ExportColumn("Last update", itemgetter("last_update_at")),
    ExportColumn("Reported complete", itemgetter("completion_claimed_at")),
    ExportColumn("Assured", itemgetter("assured_at")),
    ExportColumn("Reason not implemented", itemgetter("not_implemented_reason")),
    ExportColumn("Re-audit date", itemgetter("reaudit_due")),
    ExportColumn("Re-audit result", itemgetter("impact_result")),
    ExportColumn("Impact recorded", itemgetter("impact_recorded_at")),
    ExportColumn("Archived", itemgetter("archived_at")),
]


RECOMMENDATION_COLUMNS = [
    Column("review", "Review", ("review__reference", "position")),
    Column("number", "Number", ("position",)),
    Column("text", "Recommendation"),
    Column("source", "Source", ("source", "source_agency__name")),
    Column("rating", "Rating", (F("rollup_rank").asc(), F("rollup_overdue").desc())),
    Column("actions", "Actions", ("action_count",), numeric=True),
    Column("overdue", "Overdue", ("overdue_count",), numeric=True),
    Column("assurance", "Assurance level", ("assurance_statement__level",)),
]


def recommendations_rolled_up(user, today: datetime.date):
    """The user's recommendations with their roll-up (`with_rollup`) of the actions the user
    may see, and the list's counts from it: `action_count`, `open_count`, `overdue_count`."""
    return (
        Recommendation.objects.for_user(user)
        .with_rollup(
            today,
            thresholds_for(user),
            actions=Action.objects.under_readable_recommendation(user),
        )
        .annotate(
            action_count=F("rollup_red")
            + F("rollup_amber")
            + F("rollup_green")
            + F("rollup_assured")
            + F("rollup_not_implemented"),
            open_count=F("rollup_red") + F("rollup_amber") + F("rollup_green"),
            overdue_count=F("rollup_overdue"),
        )
    )


def recommendation_listing(request, today: datetime.date) -> Listing:
    """The user's recommendations, rolled up from the actions the user may see (archived
    actions never count), filtered and sorted."""
    queryset = (
        recommendations_rolled_up(request.user, today)
        .select_related("review", "source_agency", "assurance_statement")
        .with_readable_repeats(request.user)
    )
    filterset = RecommendationFilter(request.GET, queryset=queryset, request=request, today=today)
    sorting = Sorting(request.GET, RECOMMENDATION_COLUMNS, default="review")
    queryset = filterset.qs
    if sorting.key == "rating":
        queryset = queryset.annotate(rollup_rank=rollup_rank_expression())
    return Listing(filterset, sorting, sorting.apply(queryset))


_rollup = choice_label(RollupRating.choices)


def _rollup_text(row) -> str:
    """ "3 of 4 actions assured, 1 overdue", as the pages say it."""
    return Rollup(
        rating=row["rollup_rating"],
        red=row["rollup_red"],
        amber=row["rollup_amber"],
        green=row["rollup_green"],
        assured=row["rollup_assured"],
        not_implemented=row["rollup_not_implemented"],
        overdue=row["overdue_count"],
    ).text


RECOMMENDATION_EXPORT_FIELDS = [
    "pk",
    "review__reference",
    "review__title",
    "number",
    "text",
    "source",
    "source_agency__name",
    "scope",
    "addressed_agency__name",
    "desired_outcome",
    "repeats__review__title",
    "repeats__number",
    "repeats_readable",
    "action_count",
    "open_count",
    "overdue_count",
    "rollup_rating",
    "rollup_assured",
    "rollup_not_implemented",
    "rollup_red",
    "rollup_amber",
    "rollup_green",
    "assurance_statement__level",
    "assurance_statement__narrative",
    "archived_at",
]
RECOMMENDATION_EXPORT_COLUMNS = [
    ExportColumn("Recommendation ID", itemgetter("pk")),
    ExportColumn("Review reference", itemgetter("review__reference")),
    ExportColumn("Review", itemgetter("review__title")),
    ExportColumn("Number", itemgetter("number")),
    ExportColumn("What is the recommendation?", itemgetter("text")),
    ExportColumn("Source", lambda r: _source(r["source"])),
    ExportColumn("IMR agency", itemgetter("source_agency__name")),
    ExportColumn("Scope", lambda r: _scope(r["scope"])),
    ExportColumn("Addressed to", itemgetter("addressed_agency__name")),
    ExportColumn("Desired aim or outcome", itemgetter("desired_outcome")),
    ExportColumn(
        "Repeats",
        lambda r: (
            ""
            if not r["repeats__number"]
            else f"{r['repeats__review__title']} recommendation {r['repeats__number']}"
            if r["repeats_readable"]
            else NOT_SHARED_REPEAT
        ),
    ),
    ExportColumn("Actions", itemgetter("action_count")),
    ExportColumn("Open actions", itemgetter("open_count")),
    ExportColumn("Overdue actions", itemgetter("overdue_count")),
    ExportColumn("Rating", lambda r: _rollup(r["rollup_rating"])),
    ExportColumn("Progress", lambda r: _rollup_text(r)),
    ExportColumn("Assured actions", itemgetter("rollup_assured")),
    ExportColumn("Not implemented actions", itemgetter("rollup_not_implemented")),
    ExportColumn("Assurance level", itemgetter("assurance_statement__level")),
    ExportColumn("Implementation assurance", itemgetter("assurance_statement__narrative")),
    ExportColumn("Archived", itemgetter("archived_at")),
]


REVIEW_COLUMNS = [
    Column("review", "Review", ("title", "reference")),
    Column("kind", "Kind", ("kind",)),
    Column("status", "Status", ("status",)),
    Column("agreed", "Recommendations agreed", ("recommendations_agreed_date",)),
    # The lifecycle (issue 19): the current stage and the next deadline.
    Column("deadline", "Stage and next deadline", (F("next_due").asc(nulls_last=True),)),
    Column("recommendations", "Recommendations", ("recommendation_count",), numeric=True),
    Column("actions", "Actions", ("action_count",), numeric=True),
    Column("overdue", "Overdue", ("overdue_count",), numeric=True),
]


def review_listing(request, today: datetime.date) -> Listing:
    """The user's reviews with their counts, filtered by the query string and sorted."""
    queryset = with_next_due(
        review_list_for(request.user, today)
        .select_related("partnership")
        .prefetch_related(rollup_prefetch(request.user, today))
    )
    filterset = ReviewFilter(request.GET, queryset=queryset, request=request, today=today)
    sorting = Sorting(request.GET, REVIEW_COLUMNS, default="-agreed")
    return Listing(filterset, sorting, sorting.apply(filterset.qs))


_review_kind = choice_label(ReviewKind.choices)
_review_status = choice_label(ReviewStatus.choices)

REVIEW_EXPORT_FIELDS = [
    "pk",
    "reference",
    "title",
    "kind",
    "status",
    "is_exempt",
    "author",
    "incident_date",
    "decision_date",
    "commissioned_date",
    "recommendations_agreed_date",
    "published_date",
    "recommendation_count",
    "action_count",
    "overdue_count",
    "archived_at",
]
REVIEW_EXPORT_COLUMNS = [
    ExportColumn("Review ID", itemgetter("pk")),
    ExportColumn("Reference", itemgetter("reference")),
    ExportColumn("Title", itemgetter("title")),
    ExportColumn("Kind", lambda r: _review_kind(r["kind"])),
    ExportColumn("Status", lambda r: _review_status(r["status"])),
    ExportColumn("Exempt", lambda r: "Yes" if r["is_exempt"] else "No"),
    ExportColumn("Independent author or chair", itemgetter("author")),
    ExportColumn("Incident", itemgetter("incident_date")),
    ExportColumn("Decision to review", itemgetter("decision_date")),
    ExportColumn("Commissioned", itemgetter("commissioned_date")),
    ExportColumn("Recommendations agreed", itemgetter("recommendations_agreed_date")),
    ExportColumn("Published", itemgetter("published_date")),
    ExportColumn("Recommendations", itemgetter("recommendation_count")),
    ExportColumn("Actions", itemgetter("action_count")),
    ExportColumn("Overdue actions", itemgetter("overdue_count")),
    ExportColumn("Archived", itemgetter("archived_at")),
]
