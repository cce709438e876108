"""Breadcrumbs, built one way for every page: the trail from the Reviews list down to the object
a page is about (a review, a recommendation, an action), then the page's own steps.

An object takes part by having `breadcrumb_label`, `breadcrumb_parent` (None at the top) and
`get_absolute_url()`. URLs come from `reverse()`, never written by hand."""

from django.urls import reverse

# Where every record trail starts. A URL name, not an import: the list belongs to a higher layer.
ROOT_LABEL = "Reviews"
ROOT_URL_NAME = "assurance:review_list"


def crumb(label: str, url_name: str = "", *args) -> tuple[str, str]:
    """One step: (label, url). Without a URL name the step is the current page (not a link)."""
    return (label, reverse(url_name, args=args) if url_name else "")


def trail(obj=None, *tail: tuple[str, str]) -> list[tuple[str, str]]:
    """[("Reviews", url), (review, url), (recommendation, url), ..., *tail]."""
    items = []
    while obj is not None:
        items.append((obj.breadcrumb_label, obj.get_absolute_url()))
        obj = obj.breadcrumb_parent
    items.append(crumb(ROOT_LABEL, ROOT_URL_NAME))
    return [*reversed(items), *tail]
