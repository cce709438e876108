"""Search across reviews, recommendations, actions, progress updates and assurance statements,
each searched within the user's `for_user` scope, so nobody finds what they may not read.

On PostgreSQL: full-text search with English stemming (`websearch` syntax: "quoted phrases",
or, -not), ranked by `SearchRank`, with `SearchHeadline` snippets; the vectors are stored
columns with GIN indexes (scr_tracker/search_vectors.py), read, not recomputed, and ranked
only within the user's scope. Elsewhere (SQLite): every word must
appear in one of the same fields (case-insensitive), newest first, with a snippet cut around
the first match. Either way the snippet is escaped before `<mark>` is added around matches.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, TextField, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from recommendations.models import Action, Recommendation
from reviews.models import Review
from scr_tracker.filters import text_query
from scr_tracker.models import Role
from scr_tracker.search_vectors import stored_vector

from .models import AssuranceStatement, ProgressUpdate

CONFIG = "english"
# Markers ts_headline puts around matches; private-use characters that escaping leaves alone.
START, STOP = "\ue000", "\ue001"
PER_KIND = 5
PER_PAGE = 20

# The fields searched per model. The stored `search_vector` columns (migrations
# `*_search_vectors`) are computed from these fields: change both together.
REVIEW_FIELDS = ("reference", "title", "summary", "author")
RECOMMENDATION_FIELDS = ("text", "desired_outcome")
ACTION_FIELDS = (
    "key_actions",
    "lead_officer",
    "evidence_expected",
    "outcome_measure",
    "impact_result",
)
UPDATE_FIELDS = ("narrative", "rag_reason", "judgement_comment")
STATEMENT_FIELDS = ("narrative",)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    fields: tuple[str, ...]
    queryset: Callable
    title: Callable
    url: Callable


def _reviews(user):
    return Review.objects.for_user(user)


def _recommendations(user):
    return Recommendation.objects.for_user(user).select_related("review")


def _actions(user):
    return Action.objects.for_user(user).select_related("recommendation__review", "agency")


def _updates(user):
    updates = ProgressUpdate.objects.for_user(user).select_related(
        "action__recommendation__review", "action__agency"
    )
    return updates if user.role == Role.BOARD_MANAGER else updates.active()


def _statements(user):
    return AssuranceStatement.objects.for_user(user).select_related("recommendation__review")


def _rec_label(rec) -> str:
    return f"{rec.review.title} recommendation {rec.number}"


KINDS = [
    Kind(
        "review",
        "Reviews",
        REVIEW_FIELDS,
        _reviews,
        lambda r: f"{r.reference}: {r.title}",
        lambda r: r.get_absolute_url(),
    ),
    Kind(
        "recommendation",
        "Recommendations",
        RECOMMENDATION_FIELDS,
        _recommendations,
        _rec_label,
        lambda r: r.get_absolute_url(),
    ),
    Kind(
        "action",
        "Actions",
        ACTION_FIELDS,
        _actions,
        lambda a: f"{a.agency.name} action on {_rec_label(a.recommendation)}",
        lambda a: a.get_absolute_url(),
    ),
    Kind(
        "update",
        "Progress updates",
        UPDATE_FIELDS,
        _updates,
        lambda u: (
            f"{u.action.agency.name} update of {date_format(localtime(u.created_at), 'j F Y')} "
            f"on {_rec_label(u.action.recommendation)}"
        ),
        lambda u: u.action.get_absolute_url(),
    ),
    Kind(
        "statement",
        "Assurance statements",
        STATEMENT_FIELDS,
        _statements,
        lambda s: f"Implementation assurance for {_rec_label(s.recommendation)}",
        lambda s: reverse("assurance:recommendation_detail", args=[s.recommendation_id]),
    ),
]
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass
class Hit:
    kind: Kind
    title: str
    url: str
    snippet: SafeString
    archived: bool


@dataclass
class KindResults:
    kind: Kind
    count: int
    hits: list[Hit]


@dataclass
class Results:
    query: str
    full_text: bool
    groups: list[KindResults]
    page_obj: object = None  # a Paginator page of hits, when one kind is chosen

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def _matches(kind: Kind, user, query: str):
    queryset = kind.queryset(user)
    if uses_full_text():
        # The stored vector (scr_tracker.search_vectors): matched through its GIN index and
        # ranked from the column, only for the rows in the user's scope; never recomputed.
        vector = stored_vector(queryset.model)
        search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
        parts = [part for name in kind.fields for part in (F(name), Value(" · "))][:-1]
        document = Concat(*parts, output_field=TextField()) if len(parts) > 1 else parts[0]
        return (
            queryset.annotate(search=vector)
            .filter(search=search_query)
            .annotate(
                rank=SearchRank(F("search"), search_query),
                headline=_headline(document, search_query),
            )
            .order_by("-rank", "-pk")
        )
    return queryset.filter(text_query(query, list(kind.fields))).order_by("-pk")


def _headline(document, search_query):
    """Highlighted fragments; computed by PostgreSQL only for the rows shown."""
    return SearchHeadline(
        document,
        search_query,
        config=CONFIG,
        start_sel=START,
        stop_sel=STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def _hit(kind: Kind, obj, query: str) -> Hit:
    if uses_full_text():
        snippet = _marked(getattr(obj, "headline", ""))
    else:
        snippet = plain_snippet([getattr(obj, name) or "" for name in kind.fields], query)
    return Hit(
        kind, kind.title(obj), kind.url(obj), snippet, getattr(obj, "archived_at", None) is not None
    )


def _marked(headline: str) -> SafeString:
    """Escape the headline, then turn the match markers into <mark> elements."""
    text = escape(headline)
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def plain_snippet(texts: list[str], query: str, width: int = 90) -> SafeString:
    """About `width` characters either side of the first word found, escaped, with every
    word of the query marked."""
    words = [w for w in query.split() if w]
    text = " · ".join(t for t in texts if t)
    lowered = text.lower()
    positions = [lowered.find(w.lower()) for w in words if lowered.find(w.lower()) >= 0]
    start = max(min(positions, default=0) - width, 0)
    end = min(start + 2 * width, len(text))
    piece = text[start:end]
    prefix, suffix = ("… " if start else ""), (" …" if end < len(text) else "")
    if not words:
        return mark_safe(escape(prefix + piece + suffix))  # noqa: S308
    pattern = re.compile(
        "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE
    )
    out, last = [], 0
    for match in pattern.finditer(piece):
        out.append(escape(piece[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(piece[last:]))
    return mark_safe(escape(prefix) + "".join(out) + escape(suffix))  # noqa: S308


def search_for(request, query: str, kind_key: str = "") -> Results:
    """With no kind: a count and the best few hits of every kind (two queries a kind). With a
    kind: a page of its hits (two queries)."""
    user = request.user
    kind = KINDS_BY_KEY.get(kind_key)
    if kind is not None:
        page = Paginator(_matches(kind, user, query), PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = [_hit(kind, obj, query) for obj in page.object_list]
        return Results(
            query,
            uses_full_text(),
            [KindResults(kind, page.paginator.count, page.object_list)],
            page,
        )
    groups = []
    for each in KINDS:
        matches = _matches(each, user, query)
        count = matches.count()
        hits = [_hit(each, obj, query) for obj in matches[:PER_KIND]] if count else []
        groups.append(KindResults(each, count, hits))
    return Results(query, uses_full_text(), groups)
