"""How often each theme recurs across the user's reviews and recommendations, and the chains
of recommendations that repeat earlier ones."""

from django.shortcuts import render

from scr_tracker.access import require_perm
from scr_tracker.breadcrumbs import crumb

from ..charts import Bar, bar_chart
from ..themes import recurring_themes, repeat_chains


def recurring(request):
    require_perm(request, "reviews.list_theme")
    recurrence = recurring_themes(request.user)
    shown = [row for row in recurrence.rows if row.recommendations or row.reviews]
    top = shown[0] if shown else None
    sentence = (
        f"{top.theme.name} recurs most: in {top.recommendations:,} recommendations "
        f"of {top.reviews:,} reviews."
        if top
        else "No recommendation carries a theme yet."
    )
    chart = bar_chart(
        "chart-themes",
        "Recommendations by theme",
        sentence,
        [Bar(row.theme.name, row.recommendations, "blue") for row in shown],
        shares=False,
    )
    years, earlier = recurrence.years[-8:], set(recurrence.years[:-8])
    for row in shown:
        row.shown_years = row.years(years)
        row.earlier_total = sum(n for year, n in row.by_year.items() if year in earlier)
    return render(
        request,
        "assurance/recurring_themes.html",
        {
            "recurrence": recurrence,
            "rows": shown,
            "years": years,
            "earlier": bool(earlier),
            "chart": chart,
            "summary": sentence,
            "chains": repeat_chains(request.user),
            "breadcrumbs": [crumb("Themes", "reviews:theme_list"), crumb("Recurring themes")],
        },
    )
