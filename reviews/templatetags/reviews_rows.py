"""Presenters for the reviews app's pages, as rows of the GOV.UK components
(scr_tracker/components.py). Load with ``{% load reviews_rows %}``."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from scr_tracker.access import can
from scr_tracker.components import join, link, status_tag, tag

register = template.Library()


@register.simple_tag
def theme_table(themes, user):
    """The themes the user's partnership may use: each theme (national ones marked), where it
    came from, whether it is in use, and its links (Edit only where the rules let the user
    change that theme: their partnership's own for a board manager, national ones for an
    administrator)."""
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
        if can(user, "reviews.change_theme", theme):
            edit = link(reverse("reviews:theme_edit", args=[theme.pk]), "Edit", f" {theme.name}")
            history = format_html("{} · {}", edit, history)
        rows.append(
            [
                {
                    "text": join(
                        theme.name,
                        tag("National", "grey") if theme.is_national else "",
                        description,
                    ),
                    "header": True,
                },
                theme.source or "Not recorded",
                in_use,
                history,
            ]
        )
    links = {"text": format_html('<span class="govuk-visually-hidden">{}</span>', "Links")}
    return {"head": ["Theme", "Where it came from", "In use", links], "rows": rows}
