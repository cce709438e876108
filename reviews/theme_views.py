"""The managed vocabulary of themes, and how often each recurs."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assurance.charts import Bar, bar_chart
from scr_tracker.access import can, require_perm
from scr_tracker.pages import history_page

from . import services
from .models import Theme
from .theme_forms import ThemeForm
from .themes import recurring_themes, repeat_chains


def _crumbs(*tail):
    return [("Themes", reverse("reviews:theme_list")), *tail]


def theme_list(request):
    require_perm(request, "reviews.list_theme")
    return render(
        request,
        "themes/theme_list.html",
        {
            "themes": Theme.objects.order_by("-is_active", "name"),
            "can_add": can(request.user, "reviews.add_theme"),
            "breadcrumbs": [("Themes", "")],
        },
    )


@require_http_methods(["GET", "POST"])
def theme_create(request):
    require_perm(request, "reviews.add_theme")
    return _theme_form(request, Theme(), title="Add a theme")


@require_http_methods(["GET", "POST"])
def theme_edit(request, pk):
    theme = get_object_or_404(Theme, pk=pk)
    require_perm(request, "reviews.change_theme", theme)
    return _theme_form(request, theme, title=f"Edit the theme {theme.name}")


def _theme_form(request, theme, *, title):
    form = ThemeForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        saved = services.theme_save(
            theme=form.save(commit=False),
            actor=request.user,
            reason=form.cleaned_data.get("change_reason", ""),
        )
        messages.success(request, f"The theme {saved.name} has been saved.")
        return redirect("reviews:theme_list")
    return render(
        request,
        "themes/theme_form.html",
        {"form": form, "title": title, "breadcrumbs": _crumbs((title, ""))},
    )


def theme_history(request, pk):
    require_perm(request, "reviews.list_theme")
    theme = get_object_or_404(Theme, pk=pk)
    return history_page(
        request,
        theme,
        breadcrumbs=_crumbs((f"History of {theme.name}", "")),
        title=f"History of the theme {theme.name}",
    )


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
        "themes/recurring.html",
        {
            "recurrence": recurrence,
            "rows": shown,
            "years": years,
            "earlier": bool(earlier),
            "chart": chart,
            "summary": sentence,
            "chains": repeat_chains(request.user),
            "breadcrumbs": _crumbs(("Recurring themes", "")),
        },
    )
