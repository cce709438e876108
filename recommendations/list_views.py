"""The action and recommendation lists: filters in the URL, sortable columns, pages of 50, and
CSV/XLSX downloads of exactly what the filters select."""

from django.shortcuts import render
from django.urls import reverse

from scr_tracker.access import require_perm
from scr_tracker.exports import csv_response, export_rows, xlsx_response
from scr_tracker.pages import paginate, today

from .listing import (
    ACTION_EXPORT_COLUMNS,
    ACTION_EXPORT_FIELDS,
    RECOMMENDATION_EXPORT_COLUMNS,
    RECOMMENDATION_EXPORT_FIELDS,
    action_listing,
    recommendation_listing,
)


def _query(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _render_list(request, template, listing, *, title, export_csv, export_xlsx, **extra):
    page = paginate(request, listing.queryset)
    query = _query(request)
    suffix = f"?{query}" if query else ""
    return render(
        request,
        template,
        {
            "title": title,
            "page_obj": page,
            "filter": listing.filterset,
            "form": listing.filterset.form,
            "headers": listing.sorting.headers(),
            "sort": listing.sorting.value,
            "query": query,
            "csv_url": reverse(export_csv) + suffix,
            "xlsx_url": reverse(export_xlsx) + suffix,
            "breadcrumbs": [(title, "")],
            **extra,
        },
    )


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
    return export_rows(action_listing(request, today()).queryset, ACTION_EXPORT_FIELDS)


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
