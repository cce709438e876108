"""The filtered, sorted review list and its downloads."""

import datetime

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
    ExportColumn("Review ID", lambda r: r["pk"]),
    ExportColumn("Reference", lambda r: r["reference"]),
    ExportColumn("Title", lambda r: r["title"]),
    ExportColumn("Kind", lambda r: _kind(r["kind"])),
    ExportColumn("Status", lambda r: _status(r["status"])),
    ExportColumn("Exempt", lambda r: "Yes" if r["is_exempt"] else "No"),
    ExportColumn("Independent author or chair", lambda r: r["author"]),
    ExportColumn("Incident", lambda r: r["incident_date"]),
    ExportColumn("Decision to review", lambda r: r["decision_date"]),
    ExportColumn("Commissioned", lambda r: r["commissioned_date"]),
    ExportColumn("Recommendations agreed", lambda r: r["recommendations_agreed_date"]),
    ExportColumn("Published", lambda r: r["published_date"]),
    ExportColumn("Recommendations", lambda r: r["recommendation_count"]),
    ExportColumn("Actions", lambda r: r["action_count"]),
    ExportColumn("Overdue actions", lambda r: r["overdue_count"]),
    ExportColumn("Archived", lambda r: r["archived_at"]),
]
