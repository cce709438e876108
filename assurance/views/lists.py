"""The review, recommendation and action lists: filters in the URL, sortable columns, pages of
50, and CSV/XLSX downloads of exactly what the filters select."""

from django.conf import settings
from django.shortcuts import redirect, render

from recommendations.revisions import with_timescale_history
from scr_tracker.access import can, require_perm
from scr_tracker.exports import csv_response, export_rows, xlsx_response
from scr_tracker.listing import list_context
from scr_tracker.pages import today

from ..jobs import export_is_large, start_action_export
from ..listing import (
    ACTION_EXPORT_COLUMNS,
    ACTION_EXPORT_FIELDS,
    RECOMMENDATION_EXPORT_COLUMNS,
    RECOMMENDATION_EXPORT_FIELDS,
    REVIEW_EXPORT_COLUMNS,
    REVIEW_EXPORT_FIELDS,
    action_listing,
    recommendation_listing,
    review_listing,
)


def _render_list(request, template, listing, *, title, noun, export_csv, export_xlsx, **extra):
    context = list_context(
        request, listing, noun=noun, export_csv=export_csv, export_xlsx=export_xlsx
    )
    return render(
        request, template, {**context, **extra, "title": title, "breadcrumbs": [(title, "")]}
    )


def action_list(request):
    require_perm(request, "recommendations.list_action")
    listing = action_listing(request, today())
    return _render_list(
        request,
        "assurance/action_list.html",
        listing,
        title="Actions",
        noun="action",
        export_csv="assurance:action_export_csv",
        export_xlsx="assurance:action_export_xlsx",
        export_background_after=settings.EXPORT_BACKGROUND_ROWS,
    )


def _action_rows(request):
    require_perm(request, "recommendations.export_action")
    rows = export_rows(action_listing(request, today()).queryset, ACTION_EXPORT_FIELDS)
    return with_timescale_history(rows)


def _large_action_export(request):
    """True when the filtered list is too long to write during the request."""
    require_perm(request, "recommendations.export_action")
    return export_is_large(action_listing(request, today()).queryset)


def action_export_csv(request):
    if _large_action_export(request):  # written by the background worker
        return redirect(start_action_export(request, fmt="csv", today=today()))
    return csv_response(
        f"actions-{today():%Y-%m-%d}.csv", ACTION_EXPORT_COLUMNS, _action_rows(request)
    )


def action_export_xlsx(request):
    if _large_action_export(request):  # written by the background worker
        return redirect(start_action_export(request, fmt="xlsx", today=today()))
    return xlsx_response(
        f"actions-{today():%Y-%m-%d}.xlsx", "Actions", ACTION_EXPORT_COLUMNS, _action_rows(request)
    )


def recommendation_list(request):
    require_perm(request, "recommendations.list_recommendation")
    listing = recommendation_listing(request, today())
    return _render_list(
        request,
        "assurance/recommendation_list.html",
        listing,
        title="Recommendations",
        noun="recommendation",
        export_csv="assurance:recommendation_export_csv",
        export_xlsx="assurance:recommendation_export_xlsx",
    )


def _recommendation_rows(request):
    require_perm(request, "recommendations.export_recommendation")
    return export_rows(
        recommendation_listing(request, today()).queryset, RECOMMENDATION_EXPORT_FIELDS
    )


def recommendation_export_csv(request):
    return csv_response(
        f"recommendations-{today():%Y-%m-%d}.csv",
        RECOMMENDATION_EXPORT_COLUMNS,
        _recommendation_rows(request),
    )


def recommendation_export_xlsx(request):
    return xlsx_response(
        f"recommendations-{today():%Y-%m-%d}.xlsx",
        "Recommendations",
        RECOMMENDATION_EXPORT_COLUMNS,
        _recommendation_rows(request),
    )


def review_list(request):
    require_perm(request, "reviews.list_review")
    listing = review_listing(request, today())
    context = list_context(
        request,
        listing,
        noun="review",
        export_csv="assurance:review_export_csv",
        export_xlsx="assurance:review_export_xlsx",
    )
    context["can_add"] = can(request.user, "reviews.add_review")
    context["title"] = "Reviews"
    return render(request, "assurance/review_list.html", context)


def _review_rows(request):
    require_perm(request, "reviews.export_review")
    return export_rows(review_listing(request, today()).queryset, REVIEW_EXPORT_FIELDS)


def review_export_csv(request):
    return csv_response(
        f"reviews-{today():%Y-%m-%d}.csv", REVIEW_EXPORT_COLUMNS, _review_rows(request)
    )


def review_export_xlsx(request):
    return xlsx_response(
        f"reviews-{today():%Y-%m-%d}.xlsx", "Reviews", REVIEW_EXPORT_COLUMNS, _review_rows(request)
    )
