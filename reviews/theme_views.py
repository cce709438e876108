"""The managed vocabulary of themes (how often each recurs is assurance.views.themes)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from scr_tracker.access import can, require_perm
from scr_tracker.pages import history_page

from . import services
from .models import Theme
from .theme_forms import ThemeForm


def _crumbs(*tail):
    return [("Themes", reverse("reviews:theme_list")), *tail]


def theme_list(request):
    require_perm(request, "reviews.list_theme")
    return render(
        request,
        "reviews/theme_list.html",
        {
            "themes": Theme.objects.for_user(request.user).order_by("-is_active", "name"),
            "can_add": can(request.user, "reviews.add_theme"),
            "breadcrumbs": [("Themes", "")],
        },
    )


@require_http_methods(["GET", "POST"])
def theme_create(request):
    require_perm(request, "reviews.add_theme")
    # A board manager adds to their partnership's themes; an administrator to the national list.
    partnership = None if request.user.is_administrator else request.user.partnership
    return _theme_form(request, Theme(partnership=partnership), title="Add a theme")


@require_http_methods(["GET", "POST"])
def theme_edit(request, pk):
    theme = get_object_or_404(Theme.objects.for_user(request.user), pk=pk)
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
        "reviews/theme_form.html",
        {"form": form, "title": title, "breadcrumbs": _crumbs((title, ""))},
    )


def theme_history(request, pk):
    require_perm(request, "reviews.list_theme")
    theme = get_object_or_404(Theme.objects.for_user(request.user), pk=pk)
    return history_page(
        request,
        theme,
        breadcrumbs=_crumbs((f"History of {theme.name}", "")),
        title=f"History of the theme {theme.name}",
    )
