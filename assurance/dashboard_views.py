"""The board dashboard and the search page."""

import datetime

from django.shortcuts import render
from django.template.loader import render_to_string

from recommendations.models import DUE_SOON_DAYS, Action, ActionStatus
from recommendations.rag import RAG_ORDER
from reviews.models import Review
from scr_tracker.access import require_perm
from scr_tracker.pages import today
from scr_tracker.text import count_noun

from . import charts
from .dashboard import dashboard_for
from .dashboard_presenters import (
    DashboardLinks,
    filter_words,
    not_for_reviews,
    review_filter_for,
)
from .filters import DashboardFilter
from .lifecycle_dashboard import lifecycle_section
from .search import search_for

RAG_WORDS = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "blue": "Blue",
    "closed": "Not implemented",
}
STAGE_COLOURS = {
    "in_progress": "purple",
    "agreed": "turquoise",
    "published": "green",
    "closed": "grey",
}


def _rag_chart(board, links):
    total = board.summary["total"]
    bars = [
        charts.Bar(
            RAG_WORDS[r.value],
            board.summary[r.value],
            r.value,
            links.actions(partnership_rag=r.value),
        )
        for r in RAG_ORDER
    ]
    largest = max(bars, key=lambda b: b.value)
    sentence = (
        f"Of {count_noun(total, 'live action')}: {board.summary['red']:,} Red and "
        f"{board.summary['amber']:,} Amber; the largest group is {largest.label} "
        f"({round(100 * largest.value / total) if total else 0}%)."
    )
    svg = charts.bar_chart("chart-rag", "Actions by partnership RAG rating", sentence, bars)
    table = render_to_string(
        "assurance/dashboard/_table_rag.html",
        {"bars": bars, "total": total},
    )
    return {"svg": svg, "summary": sentence, "table": table}


def _agency_chart(board, links):
    rows = [
        (
            a.label,
            [
                charts.Segment(RAG_WORDS[k], v, k, links.actions(agency=a.pk, partnership_rag=k))
                for k, v in a.ordered()
            ],
        )
        for a in board.agencies
    ]
    worst = max(board.agencies, key=lambda a: (a.counts["red"], a.counts["amber"]), default=None)
    sentence = (
        f"{worst.label} has the most Red actions ({worst.counts['red']:,} of {worst.total:,})."
        if worst and worst.counts["red"]
        else "No agency has a Red action."
    )
    svg = charts.stacked_bar_chart(
        "chart-agency", "Actions by agency and partnership RAG", sentence, rows
    )
    return {"svg": svg, "summary": sentence}


def _stage_chart(board, links):
    bars = [
        charts.Bar(label, n, STAGE_COLOURS[value], links.reviews(status=value))
        for value, label, n in board.stages
    ]
    total = sum(b.value for b in bars)
    sentence = (
        f"{count_noun(total, 'review')}: "
        + ", ".join(f"{b.value:,} {b.label.lower()}" for b in bars)
        + "."
    )
    svg = charts.bar_chart("chart-stages", "Reviews by stage", sentence, bars)
    table = render_to_string(
        "assurance/dashboard/_table_stages.html", {"stages": board.stages, "links": links}
    )
    return {"svg": svg, "summary": sentence, "table": table}


def _trend_chart(board):
    trend = board.trend
    labels = [m.label for m in trend.months]
    series = [
        charts.Series("Open", trend.open, "blue"),
        charts.Series("Overdue", trend.overdue, "red", "8 4"),
        charts.Series("Assured", trend.assured, "green", "2 3"),
    ]
    first, last = trend.months[0].label, trend.months[-1].label

    def change(values):
        delta = values[-1] - values[0]
        if not delta:
            return "unchanged"
        return f"{'up' if delta > 0 else 'down'} {abs(delta):,}"

    sentence = (
        f"From {first} to {last}, open actions went {change(trend.open)} to {trend.open[-1]:,}, "
        f"overdue actions {change(trend.overdue)} to {trend.overdue[-1]:,} and assured actions "
        f"{change(trend.assured)} to {trend.assured[-1]:,}."
    )
    svg = charts.line_chart(
        "chart-trend",
        "Open, overdue and assured actions at the end of each month",
        sentence,
        labels,
        series,
    )
    table = render_to_string("assurance/dashboard/_table_trend.html", {"rows": trend.rows()})
    return {"svg": svg, "summary": sentence, "table": table}


def _stages_note(unused: list[str]) -> str:
    """Which filters the reviews by stage do not follow (they choose actions, not reviews)."""
    if not unused:
        return ""
    names = unused[0] if len(unused) == 1 else f"{', '.join(unused[:-1])} and {unused[-1]}"
    return (
        f"Reviews by stage follow the kind of review, theme and agreed dates chosen, "
        f"not the {names} filter{'s' if len(unused) > 1 else ''}."
    )


def _figure_links(board, links):
    """Where each of the "At a glance" figures leads: the Actions list showing what it counts."""
    soon = board.today + datetime.timedelta(days=DUE_SOON_DAYS)
    return {
        "overdue": links.actions(overdue="on", sort="due"),
        "due_soon": links.actions(to_do="on", sort="due", due_after=board.today, due_before=soon),
        "awaiting_judgement": links.actions(awaiting_judgement="on"),
        "claimed": links.actions(status=ActionStatus.COMPLETION_CLAIMED),
        "impact_pending": links.actions(status=ActionStatus.ASSURED, impact="pending"),
        "nobody_to_act": links.actions(nobody_to_act="on"),
        "all": links.actions(),
    }


def dashboard(request):
    require_perm(request, "assurance.view_dashboard")
    day = today()
    filters = DashboardFilter(
        request.GET or None, queryset=Action.objects.none(), request=request, today=day
    )
    review_filters = review_filter_for(request, filters)
    reviews = Review.objects.for_user(request.user)
    if review_filters is not None:
        review_filters.form.is_valid()
        reviews = review_filters.filter_queryset(reviews)
    board = dashboard_for(request.user, filters=filters, reviews=reviews)
    links = DashboardLinks(filters)
    words = filter_words(filters)
    return render(
        request,
        "assurance/dashboard/dashboard.html",
        {
            "board": board,
            "filter": filters,
            "form": filters.form,
            "filtered_by": words,
            "title": f"Dashboard: {words}" if words else "Dashboard",
            "stages_note": _stages_note(not_for_reviews(filters)),
            "rag": _rag_chart(board, links),
            "agency_chart": _agency_chart(board, links),
            "stage_chart": _stage_chart(board, links),
            "trend_chart": _trend_chart(board),
            "links": links,
            "figure_links": _figure_links(board, links),
            "rag_words": RAG_WORDS,
            "scoped_to_agencies": request.user.is_agency_lead,
            "lifecycle": lifecycle_section(request.user, board.today),  # issue 19
            "breadcrumbs": [("Dashboard", "")],
        },
    )


def search(request):
    require_perm(request, "assurance.search")
    query = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    results = search_for(request, query, kind) if query else None
    return render(
        request,
        "assurance/dashboard/search.html",
        {"query": query, "kind": kind, "results": results, "breadcrumbs": [("Search", "")]},
    )
