"""Downloads of the filtered review list (the list itself is reviews.views.review_list)."""

from scr_tracker.access import require_perm
from scr_tracker.exports import csv_response, export_rows, xlsx_response
from scr_tracker.pages import today

from .listing import REVIEW_EXPORT_COLUMNS, REVIEW_EXPORT_FIELDS, review_listing


def _rows(request):
    require_perm(request, "reviews.export_review")
    return export_rows(review_listing(request, today()).queryset, REVIEW_EXPORT_FIELDS)


def review_export_csv(request):
    return csv_response(f"reviews-{today():%Y-%m-%d}.csv", REVIEW_EXPORT_COLUMNS, _rows(request))


def review_export_xlsx(request):
    return xlsx_response(
        f"reviews-{today():%Y-%m-%d}.xlsx", "Reviews", REVIEW_EXPORT_COLUMNS, _rows(request)
    )
