"""The URL of a record's page without running the URL resolver for each record: a list page
links to a hundred actions, and ``reverse()`` was a tenth of the review page's time.

``pk_url("assurance:action_detail", pk)`` is ``reverse("assurance:action_detail", args=[pk])``:
the view's URL is reversed once (per URL configuration and script prefix) with a marker for
the key, and later keys are put in its place."""

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_MARKER = "987654321"
_templates: dict = {}


def pk_url(viewname: str, pk) -> str:
    if type(pk) is not int:
        return reverse(viewname, args=[pk])
    key = (viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    template = _templates.get(key)
    if template is None:
        url = reverse(viewname, args=[int(_MARKER)])
        if url.count(_MARKER) != 1:
            return reverse(viewname, args=[pk])
        template = _templates[key] = tuple(url.split(_MARKER))
    return f"{template[0]}{pk}{template[1]}"
