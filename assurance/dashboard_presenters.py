"""What the dashboard says about its filters: the heading in words ("Police, reviews agreed
2024–2025"), and the links from each figure, bar and row to the list that shows what it
counts, carrying the dashboard's filters plus its own."""

import datetime
import re

from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.http import urlencode

from recommendations.rag import RAG
from reviews.filters import ReviewFilter
from reviews.models import Review, ReviewKind

from .dashboard import applied_filters
from .filters import DashboardFilter

# The dashboard's filters that the Reviews list also has, and their names there.
REVIEW_LIST_FILTERS = {
    "review_kind": "kind",
    "theme": "theme",
    "agreed_after": "agreed_after",
    "agreed_before": "agreed_before",
}
_WIDGET_PART = re.compile(r"^(?P<name>.+)_(?P<part>[0-9])$")


def applied_query(filters: DashboardFilter) -> list[tuple[str, str]]:
    """The query string parameters of the filters applied and valid, as the user typed them
    (a GOV.UK date is three: ``due_after_0``, ``_1``, ``_2``). A filter in error is left out,
    as the dashboard leaves it out."""
    values = applied_filters(filters)
    applied = []
    for key, value in filters.data.lists() if values else ():
        name = key
        match = _WIDGET_PART.match(key)
        if key not in filters.filters and match and match["name"] in filters.filters:
            name = match["name"]
        if name in values:  # set, and valid
            applied.extend((key, v) for v in value if v != "")
    return applied


def _date_parts(name: str, day: datetime.date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


class DashboardLinks:
    """Links to the Actions and Reviews lists showing what a figure counts: the dashboard's
    filters plus the figure's own. A due-date range of the figure's own is met with the one the
    dashboard is filtered by (the later start, the earlier end), as the figure counts both."""

    def __init__(self, filters: DashboardFilter):
        self.filters = filters
        self.query = applied_query(filters)
        self.cleaned = applied_filters(filters)

    def _merge(self, viewname: str, query: list[tuple[str, str]], own: dict) -> str:
        # A filter of the figure's own replaces the dashboard's (all three parts of a date).
        replaced = {_WIDGET_PART.sub(r"\g<name>", k) for k in own}
        kept = [(k, v) for k, v in query if _WIDGET_PART.sub(r"\g<name>", k) not in replaced]
        pairs = kept + [(k, v) for k, v in own.items() if v not in (None, "")]
        url = reverse(viewname)
        return f"{url}?{urlencode(pairs)}" if pairs else url

    def actions(self, *, due_after=None, due_before=None, **own) -> str:
        """The Actions list with the dashboard's filters and these (``due_after`` and
        ``due_before`` as dates, met with the dashboard's own due dates)."""
        if due_after is not None or due_before is not None:
            after, before = self.cleaned.get("due_after"), self.cleaned.get("due_before")
            if due_after is not None:
                after = max(filter(None, (after, due_after)))
            if due_before is not None:
                before = min(filter(None, (before, due_before)))
            for name, day in (("due_after", after), ("due_before", before)):
                if day is not None:
                    own.update(_date_parts(name, day))
        return self._merge("assurance:action_list", self.query, own)

    def reviews(self, **own) -> str:
        """The Reviews list with the dashboard's filters that it has, and these."""
        return self._merge("assurance:review_list", review_list_query(self.filters), own)


def review_list_query(filters: DashboardFilter) -> list[tuple[str, str]]:
    """The applied filters the Reviews list also has, under its names."""
    query = []
    for key, value in applied_query(filters):
        match = _WIDGET_PART.match(key)
        name, suffix = (match["name"], f"_{match['part']}") if match else (key, "")
        if name in REVIEW_LIST_FILTERS:
            query.append((REVIEW_LIST_FILTERS[name] + suffix, value))
    return query


def review_filter_for(request, filters: DashboardFilter) -> ReviewFilter | None:
    """The Reviews list's own filter with the dashboard's filters it shares, for the reviews
    by stage (so each stage's figure is what its link shows); None when none applies."""
    query = review_list_query(filters)
    if not query:
        return None
    return ReviewFilter(dict(query), queryset=Review.objects.none(), request=request)


def not_for_reviews(filters: DashboardFilter) -> list[str]:
    """The labels of applied filters the reviews by stage cannot apply (they choose actions)."""
    return [
        str(filters.filters[name].label).lower()
        for name in applied_filters(filters)
        if name not in REVIEW_LIST_FILTERS
    ]


def _day(day: datetime.date) -> str:
    return format_date(day, "j F Y")


def _between(after, before) -> str:
    """ "2024–2025" for whole calendar years, else the dates."""
    if after and before:
        if (after.month, after.day, before.month, before.day) == (1, 1, 12, 31):
            if after.year == before.year:
                return f"in {after.year}"
            return f"{after.year}–{before.year}"
        return f"{_day(after)} to {_day(before)}"
    if after:
        return f"on or after {_day(after)}"
    return f"on or before {_day(before)}"


def filter_words(filters: DashboardFilter) -> str:
    """What the dashboard is filtered by, in words: "Police, Red actions, Serious Case Reviews
    agreed 2024–2025" ("" when it is not)."""
    data = applied_filters(filters)
    parts = []
    if data.get("agency"):
        parts.append(data["agency"].name)
    if data.get("review"):
        parts.append(f"{data['review'].reference}: {data['review'].title}")
    if data.get("theme"):
        parts.append(f"theme {data['theme'].name}")
    if data.get("lead_officer"):
        parts.append(f"lead officer “{data['lead_officer']}”")
    if data.get("partnership_rag"):
        parts.append(f"{RAG(data['partnership_rag']).label} actions")
    if data.get("nobody_to_act"):
        parts.append("actions no one can update")
    if data.get("due_after") or data.get("due_before"):
        parts.append(f"due {_between(data.get('due_after'), data.get('due_before'))}")
    kind = data.get("review_kind")
    reviews = f"{ReviewKind(kind).label}s" if kind else "reviews"
    if data.get("agreed_after") or data.get("agreed_before"):
        parts.append(
            f"{reviews} agreed {_between(data.get('agreed_after'), data.get('agreed_before'))}"
        )
    elif kind:
        parts.append(reviews)
    words = ", ".join(parts)
    return words[:1].upper() + words[1:]
