"""Presenters for the reviews app's pages, as rows of the GOV.UK components
(scr_tracker/components.py). Load with ``{% load reviews_rows %}``."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from scr_tracker.components import join, link, status_tag

register = template.Library()


@register.simple_tag
def theme_table(themes, can_edit=False):
    """The themes vocabulary: each theme, where it came from, whether it is in use, and its
    links (Edit only for those who may change it)."""
    rows = []
    for theme in themes:
        description = (
            format_html(
                '<span class="govuk-hint govuk-!-margin-bottom-0">{}</span>', theme.description
            )
            if theme.description
            else ""
        )
        in_use = (
            status_tag("published", "In use")
            if theme.is_active
            else status_tag("closed", "Retired")
        )
        history = link(
            reverse("reviews:theme_history", args=[theme.pk]), "History", f" of {theme.name}"
        )
        if can_edit:
            edit = link(reverse("reviews:theme_edit", args=[theme.pk]), "Edit", f" {theme.name}")
            history = format_html("{} · {}", edit, history)
        rows.append(
            [
                {"text": join(theme.name, description), "header": True},
                theme.source or "Not recorded",
                in_use,
                history,
            ]
        )
    links = {"text": format_html('<span class="govuk-visually-hidden">{}</span>', "Links")}
    return {"head": ["Theme", "Where it came from", "In use", links], "rows": rows}
