"""The filtered, sorted review list and its downloads."""

import datetime
from operator import itemgetter

from scr_tracker.exports import ExportColumn, choice_label
from scr_tracker.listing import Column, Listing, Sorting

from .filters import ReviewFilter
from .models import ReviewKind, ReviewStatus
from .queries import review_list_for

REVIEW_COLUMNS = [
    Column("review", "Review", ("title", "reference")),
    Column("kind", "Kind", ("kind",)),
    Column("status", "Status", ("status",)),
    Column("agreed", "Recommendations agreed", ("recommendations_agreed_date",)),
    Column("recommendations", "Recommendations", ("recommendation_count",), numeric=True),
    Column("actions", "Actions", ("action_count",), numeric=True),
    Column("overdue", "Overdue", ("overdue_count",), numeric=True),
]


def review_listing(request, today: datetime.date) -> Listing:
    """The user's reviews with their counts, filtered by the query string and sorted."""
    queryset = review_list_for(request.user, today).select_related("partnership")
    filterset = ReviewFilter(request.GET, queryset=queryset, request=request, today=today)
    sorting = Sorting(request.GET, REVIEW_COLUMNS, default="-agreed")
    return Listing(filterset, sorting, sorting.apply(filterset.qs))


_kind = choice_label(ReviewKind.choices)
_status = choice_label(ReviewStatus.choices)

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
    ExportColumn("Kind", lambda r: _kind(r["kind"])),
    ExportColumn("Status", lambda r: _status(r["status"])),
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
