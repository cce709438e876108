"""The board dashboard and the search page."""

import datetime
from urllib.parse import urlencode

from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from recommendations.models import DUE_SOON_DAYS
from recommendations.rag import RAG_ORDER
from scr_tracker.access import require_perm
from scr_tracker.text import count_noun

from . import charts
from .dashboard import dashboard_for
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


def _rag_chart(board):
    total = board.summary["total"]
    bars = [charts.Bar(RAG_WORDS[r.value], board.summary[r.value], r.value) for r in RAG_ORDER]
    largest = max(bars, key=lambda b: b.value)
    sentence = (
        f"Of {count_noun(total, 'live action')}: {board.summary['red']:,} Red and "
        f"{board.summary['amber']:,} Amber; the largest group is {largest.label} "
        f"({round(100 * largest.value / total) if total else 0}%)."
    )
    svg = charts.bar_chart("chart-rag", "Actions by partnership RAG rating", sentence, bars)
    table = render_to_string(
        "assurance/dashboard/_table_rag.html",
        {"bars": bars, "total": total, "actions_url": reverse("assurance:action_list")},
    )
    return {"svg": svg, "summary": sentence, "table": table}


def _agency_chart(board):
    rows = [
        (a.label, [charts.Segment(RAG_WORDS[k], v, k) for k, v in a.ordered()])
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


def _stage_chart(board):
    bars = [charts.Bar(label, n, STAGE_COLOURS[value]) for value, label, n in board.stages]
    total = sum(b.value for b in bars)
    sentence = (
        f"{count_noun(total, 'review')}: "
        + ", ".join(f"{b.value:,} {b.label.lower()}" for b in bars)
        + "."
    )
    svg = charts.bar_chart("chart-stages", "Reviews by stage", sentence, bars)
    table = render_to_string("assurance/dashboard/_table_stages.html", {"stages": board.stages})
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


def dashboard(request):
    require_perm(request, "assurance.view_dashboard")
    board = dashboard_for(request.user)
    actions_url = reverse("assurance:action_list")
    soon = board.today + datetime.timedelta(days=DUE_SOON_DAYS)
    due_soon = {"to_do": "on", "sort": "due"}
    for name, day in (("due_after", board.today), ("due_before", soon)):
        due_soon.update({f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year})
    return render(
        request,
        "assurance/dashboard/dashboard.html",
        {
            "board": board,
            "rag": _rag_chart(board),
            "agency_chart": _agency_chart(board),
            "stage_chart": _stage_chart(board),
            "trend_chart": _trend_chart(board),
            "actions_url": actions_url,
            "due_soon_url": f"{actions_url}?{urlencode(due_soon)}",
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
