"""The action and recommendation lists: filters in the URL, sortable columns, pages of 50, and
CSV/XLSX downloads of exactly what the filters select."""

from django.shortcuts import render

from scr_tracker.access import require_perm
from scr_tracker.exports import csv_response, export_rows, xlsx_response
from scr_tracker.listing import list_context
from scr_tracker.pages import today

from .listing import (
    ACTION_EXPORT_COLUMNS,
    ACTION_EXPORT_FIELDS,
    RECOMMENDATION_EXPORT_COLUMNS,
    RECOMMENDATION_EXPORT_FIELDS,
    action_listing,
    recommendation_listing,
)
from .revisions import with_timescale_history


def _render_list(request, template, listing, *, title, export_csv, export_xlsx):
    context = list_context(request, listing, export_csv=export_csv, export_xlsx=export_xlsx)
    return render(request, template, {**context, "title": title, "breadcrumbs": [(title, "")]})


def action_list(request):
    require_perm(request, "recommendations.list_action")
    listing = action_listing(request, today())
    return _render_list(
        request,
        "lists/action_list.html",
        listing,
        title="Actions",
        export_csv="recommendations:action_export_csv",
        export_xlsx="recommendations:action_export_xlsx",
    )


def _action_rows(request):
    require_perm(request, "recommendations.export_action")
    rows = export_rows(action_listing(request, today()).queryset, ACTION_EXPORT_FIELDS)
    return with_timescale_history(rows)


def action_export_csv(request):
    return csv_response(
        f"actions-{today():%Y-%m-%d}.csv", ACTION_EXPORT_COLUMNS, _action_rows(request)
    )


def action_export_xlsx(request):
    return xlsx_response(
        f"actions-{today():%Y-%m-%d}.xlsx", "Actions", ACTION_EXPORT_COLUMNS, _action_rows(request)
    )


def recommendation_list(request):
    require_perm(request, "recommendations.list_recommendation")
    listing = recommendation_listing(request, today())
    return _render_list(
        request,
        "lists/recommendation_list.html",
        listing,
        title="Recommendations",
        export_csv="recommendations:recommendation_export_csv",
        export_xlsx="recommendations:recommendation_export_xlsx",
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
