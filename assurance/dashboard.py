"""What the board dashboard shows, each figure counted in the database within the user's scope,
in a fixed number of queries whatever the size of the partnership.

The trend of open, overdue and assured actions is rebuilt from the actions' history rows, not
kept as a counter: the state of an action at the end of a month is its latest history row
before that instant. One query reads every history row of the user's actions with the date the
next row replaced it (a window function), puts each row into the months it was current for,
and counts the rows per (status, first month, last month, month it fell overdue); Python adds
those up into the 24 monthly figures. For the whole partnership's users the result is kept in
the cache under the history's version (see `memoised_trend`): rebuilt whenever the history
has moved, read back while it has not.

Every figure can be narrowed by the dashboard's filters (`DashboardFilter`, the Actions list's
own filters): the same filtering is applied to the queryset of each figure, list and the trend,
so the query count does not change with the filters.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from itertools import accumulate

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Q, Window
from django.db.models.functions import Lead
from django.utils import timezone

from recommendations.models import (
    DUE_SOON_DAYS,
    NOT_CLAIMED_STATUSES,
    OPEN_STATUSES,
    Action,
    ActionStatus,
    Recommendation,
)
from recommendations.rag import RAG_ORDER
from reviews.models import Review, ReviewStatus

from .filters import DashboardFilter
from .listing import thresholds_for
from .models import ProgressUpdate

LIST_LENGTH = 10
TREND_MONTHS = 24
TREND_CACHE_SECONDS = 300


def live_actions(user):
    """The user's actions that are not archived, nor on an archived recommendation or review."""
    return (
        Action.objects.for_user(user)
        .active()
        .filter(
            recommendation__archived_at__isnull=True,
            recommendation__review__archived_at__isnull=True,
        )
    )


@dataclass
class RagCounts:
    label: str
    pk: int | None
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def ordered(self) -> list[tuple[str, int]]:
        return [(rag.value, self.counts.get(rag.value, 0)) for rag in RAG_ORDER]


@dataclass
class RagBreakdown:
    totals: dict[str, int]
    agencies: list[RagCounts]
    reviews: list[RagCounts]


def _summary_counts(today: datetime.date, nobody_to_act: bool = False) -> dict:
    """The headline figures, as conditional counts ("total" first); with ``nobody_to_act``
    also the open actions no one can update (the queryset must be `with_active_lead()`)."""
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    impact_pending = Q(status=ActionStatus.ASSURED, impact_recorded_at__isnull=True)
    extra = {}
    if nobody_to_act:
        extra["nobody_to_act"] = Count(
            "pk", filter=Q(status__in=OPEN_STATUSES, has_active_lead=False)
        )
    return {
        "total": Count("pk"),
        "overdue": Count("pk", filter=Q(status__in=NOT_CLAIMED_STATUSES, due_date__lt=today)),
        "due_soon": Count(
            "pk", filter=Q(status__in=NOT_CLAIMED_STATUSES, due_date__gte=today, due_date__lte=soon)
        ),
        "claimed": Count("pk", filter=Q(status=ActionStatus.COMPLETION_CLAIMED)),
        "impact_pending": Count("pk", filter=impact_pending),
        "reaudit_overdue": Count("pk", filter=impact_pending & Q(reaudit_due__lt=today)),
        **extra,
    }


def figures(
    rated_actions,
    today: datetime.date,
    review_limit: int = LIST_LENGTH,
    *,
    nobody_to_act: bool = False,
) -> tuple[dict, RagBreakdown]:
    """The headline figures and the counts by partnership RAG: overall, per agency and per
    review (the reviews with most Red, then Amber, actions). One GROUP BY query over the
    actions, so the rating is worked out once a row and the table is read once."""
    counts = _summary_counts(today, nobody_to_act)
    if nobody_to_act:
        rated_actions = rated_actions.with_active_lead()
    rows = (
        rated_actions.values_list(
            "agency_id",
            "agency__name",
            "recommendation__review_id",
            "recommendation__review__title",
            "partnership_rag",
        )
        .annotate(**counts)
        .order_by()
    )
    summary = dict.fromkeys(counts, 0)
    totals = dict.fromkeys((r.value for r in RAG_ORDER), 0)
    agencies: dict[int, RagCounts] = {}
    reviews: dict[int, RagCounts] = {}
    for agency_pk, agency_name, review_pk, review_title, rag, *row_counts in rows:
        n = row_counts[0]  # "total" comes first
        totals[rag] += n
        for name, count in zip(summary, row_counts, strict=True):
            summary[name] += count
        for groups, pk, label in (
            (agencies, agency_pk, agency_name),
            (reviews, review_pk, review_title),
        ):
            group = groups.get(pk)
            if group is None:
                group = groups[pk] = RagCounts(label, pk, dict.fromkeys(totals, 0))
            group.counts[rag] += n
    by_severity = sorted(
        reviews.values(), key=lambda r: (-r.counts["red"], -r.counts["amber"], r.label)
    )
    return summary, RagBreakdown(
        totals, sorted(agencies.values(), key=lambda a: a.label.lower()), by_severity[:review_limit]
    )


def reviews_by_stage(reviews) -> list[tuple[str, str, int]]:
    """Reviews (the user's, narrowed as the dashboard's filters allow) per stage."""
    counts = dict(reviews.active().values_list("status").annotate(n=Count("pk")).order_by())
    return [(status.value, status.label, counts.get(status.value, 0)) for status in ReviewStatus]


@dataclass
class Month:
    first_day: datetime.date
    instant: datetime.datetime  # the end of the month (now, for the current month)
    day: datetime.date  # the last day of the month counted (today, for the current month)

    @property
    def label(self) -> str:
        return self.first_day.strftime("%b %Y")


def trend_months(now: datetime.datetime, count: int = TREND_MONTHS) -> list[Month]:
    today = timezone.localdate(now)
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        next_year, next_month = (year, month + 1) if month < 12 else (year + 1, 1)
        end = timezone.make_aware(datetime.datetime(next_year, next_month, 1))
        if end > now:
            months.append(Month(datetime.date(year, month, 1), now, today))
        else:
            months.append(
                Month(datetime.date(year, month, 1), end, end.date() - datetime.timedelta(days=1))
            )
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


@dataclass
class Trend:
    months: list[Month]
    open: list[int] = field(default_factory=list)
    overdue: list[int] = field(default_factory=list)
    assured: list[int] = field(default_factory=list)

    def rows(self):
        return list(zip(self.months, self.open, self.overdue, self.assured, strict=True))


def _first_index(column: str, bounds: list) -> tuple[str, list]:
    """SQL for the index of the first of the ascending `bounds` that `column` is below, or
    len(bounds) if none is (or the column is NULL): nested CASEs searching by halves, so a row
    costs about log2(n) comparisons, not n. Returns the SQL and its parameters, in order."""

    def search(lo: int, hi: int) -> tuple[str, list]:
        if lo == hi:
            return str(lo), []
        mid = (lo + hi) // 2
        below, below_params = search(lo, mid)
        above, above_params = search(mid + 1, hi)
        return (
            f"CASE WHEN {column} < %s THEN {below} ELSE {above} END",
            [bounds[mid], *below_params, *above_params],
        )

    return search(0, len(bounds))


def trend(
    user,
    now: datetime.datetime | None = None,
    count: int = TREND_MONTHS,
    *,
    actions=None,
) -> Trend:
    """Open, overdue and assured actions at the end of each of the last `count` months, as
    their history records them: of the user's actions, or of `actions` (the user's actions
    narrowed by the dashboard's filters). One query."""
    now = now or timezone.now()
    months = trend_months(now, count)
    never = len(months)
    history = Action.history.model
    if actions is None:
        actions = Action.objects.for_user(user)
    rows = (
        history.objects.filter(id__in=actions.values("pk"), history_date__lt=now)
        .exclude(history_type="-")
        .annotate(
            valid_to=Window(
                Lead("history_date"),
                partition_by=[F("id")],
                order_by=[F("history_date").asc(), F("history_id").asc()],
            )
        )
        .values("status", "archived_at", "history_date", "due_date", "valid_to")
        .order_by()  # the historical model's default ordering would add a useless sort
    )
    inner, inner_params = rows.query.sql_with_params()
    # Worked out outside the window query, where each WHEN would repeat the window function.
    # Only column names are formatted into the SQL; every value is a parameter.
    status, history_date, due_date, valid_to, archived = map(
        connection.ops.quote_name, ("status", "history_date", "due_date", "valid_to", "archived_at")
    )
    ops = connection.ops
    instants = [ops.adapt_datetimefield_value(m.instant) for m in months]
    # A row is the action's state at the end of month i from month start_k on, until month
    # end_k, the first month that ends after the next row replaced it ...
    start_k, start_params = _first_index(history_date, instants)
    end_k, end_params = _first_index(valid_to, instants)
    # ... and overdue from month due_k on, if not reported complete. Only open and assured
    # rows count, and only those still current when the first month ended (most history is
    # older: a row replaced before then would count in no month): the others are left out
    # before the CASEs and the grouping, which cost most.
    due_k, due_params = _first_index(due_date, [ops.adapt_datefield_value(m.day) for m in months])
    counted = [*OPEN_STATUSES, ActionStatus.ASSURED]
    sql = (
        f"SELECT {status}, {start_k}, {end_k}, "  # noqa: S608
        f"CASE WHEN {status} IN (%s, %s) THEN {due_k} ELSE {never} END, COUNT(*) "
        f"FROM ({inner}) trend_rows WHERE {archived} IS NULL "
        f"AND {status} IN ({', '.join(['%s'] * len(counted))}) "
        f"AND ({valid_to} IS NULL OR {valid_to} >= %s) GROUP BY 1, 2, 3, 4"
    )
    params = (
        *start_params,
        *end_params,
        *NOT_CLAIMED_STATUSES,
        *due_params,
        *inner_params,
        *counted,
        instants[0],
    )
    # A group counts from month `first` up to (not including) month `last`, and is overdue
    # from month `due` on: added up with difference arrays in one pass over the groups.
    series = {key: [0] * (never + 1) for key in ("open", "overdue", "assured")}

    def count_in(key, first, last, n):
        if first < last:
            series[key][first] += n
            series[key][last] -= n

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for state, first, last, due, n in cursor.fetchall():
            if state == ActionStatus.ASSURED:
                count_in("assured", first, last, n)
            else:
                count_in("open", first, last, n)
                count_in("overdue", max(first, due), last, n)
    return Trend(months, *(list(accumulate(series[key]))[:never] for key in series))


def history_version() -> tuple:
    """The newest history row of actions, recommendations and reviews, in one query. Every
    change to an action (status, dates, agency, archiving) and every archiving of a
    recommendation or review adds a row, so this moves whenever a trend could change."""
    tables = [model.history.model._meta.db_table for model in (Action, Recommendation, Review)]
    columns = ", ".join(
        f"(SELECT MAX(history_id) FROM {connection.ops.quote_name(table)})"  # noqa: S608
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        return tuple(cursor.fetchone())


# Filters whose matches only change when an action, recommendation or review history row is
# written (or with the day, or the thresholds, which are in the key). The others also read
# user accounts (a lead officer's name, whether an agency has an active lead), which the history
# version does not follow: trends filtered by them are always rebuilt.
VERSIONED_FILTERS = {
    "review",
    "review_kind",
    "agency",
    "theme",
    "partnership_rag",
    "due_after",
    "due_before",
    "agreed_after",
    "agreed_before",
}


def applied_filters(filters: DashboardFilter | None) -> dict:
    """The filters set and valid (one in error is left out; the form reports it)."""
    if filters is None or not filters.is_bound:
        return {}
    filters.form.is_valid()
    return {
        name: value
        for name, value in filters.form.cleaned_data.items()
        if value not in (None, "", False)
    }


def filter_key(filters: DashboardFilter | None, thresholds=None) -> str | None:
    """The filters applied, as a short stable string for the trend's cache key: "" for none,
    None when a filter applied is one the history version does not follow."""
    applied = sorted(
        (name, getattr(value, "pk", value)) for name, value in applied_filters(filters).items()
    )
    if not applied:
        return ""
    if any(name not in VERSIONED_FILTERS for name, _value in applied):
        return None
    if any(name == "partnership_rag" for name, _value in applied):
        applied.append(("thresholds", repr(thresholds)))
    return hashlib.sha256(repr(applied).encode()).hexdigest()[:32]


def memoised_trend(
    user,
    now: datetime.datetime,
    *,
    actions=None,
    filters: DashboardFilter | None = None,
    thresholds=None,
) -> Trend:
    """The trend, for users who see the whole partnership remembered for as long as it cannot
    have changed: the key holds the partnership, the role (which decides whether archived
    plans count), the day (overdue and the months move with it), the filters applied (see
    `filter_key`) and the history version, so any change to the history means a fresh
    rebuild. Rows written by a transaction that commits after a later one are the only ones
    the version can miss (ids are handed out at insert, not at commit): TREND_CACHE_SECONDS
    bounds how long. Agency leads' trends, scoped by their agencies, are small and always
    rebuilt; so are trends filtered by what the history version does not follow."""
    filtered = filter_key(filters, thresholds)
    if not user.reads_whole_partnership or filtered is None:
        return trend(user, now, actions=actions)
    version = "-".join(str(v or 0) for v in history_version())
    key = (
        f"dashboard-trend:{user.partnership_id}:{user.role}:"
        f"{timezone.localdate(now).isoformat()}:{TREND_MONTHS}:{filtered}:{version}"
    )
    result = cache.get(key)
    if result is None:
        result = trend(user, now, actions=actions)
        cache.set(key, result, TREND_CACHE_SECONDS)
    return result


def awaiting_judgement_count(user, actions=None) -> int:
    """Progress updates awaiting judgement: on the user's actions, or on `actions` (the
    user's, filtered). Read from the partnership's own updates awaiting judgement (a partial
    index), not from every partnership's."""
    if actions is None:
        return ProgressUpdate.objects.for_user(user).awaiting_judgement().count()
    return (
        ProgressUpdate.objects.awaiting_judgement()
        .filter(partnership_id=user.partnership_id, action__in=actions.order_by())
        .count()
    )


@dataclass
class Dashboard:
    today: datetime.date
    summary: dict
    agencies: list[RagCounts]
    reviews: list[RagCounts]
    overdue: list
    due_soon: list
    awaiting_judgement: int
    stages: list[tuple[str, str, int]]
    trend: Trend
    # Counted for users who see the whole partnership (an agency lead is their agencies' lead).
    shows_nobody_to_act: bool = False


def _narrowed(filters: DashboardFilter | None):
    """A function narrowing an actions queryset by the dashboard's filters (none: as it is)."""
    return filters.filter_queryset if applied_filters(filters) else None


def dashboard_for(
    user,
    now: datetime.datetime | None = None,
    *,
    filters: DashboardFilter | None = None,
    reviews=None,
) -> Dashboard:
    """Everything the dashboard shows, for the actions and reviews the user may see, narrowed
    by the dashboard's `filters` (the actions) and `reviews` (the reviews by stage; default
    the user's)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    thresholds = thresholds_for(user)
    narrow = _narrowed(filters)
    actions = live_actions(user).with_partnership_rag(today, thresholds)
    if narrow:
        actions = narrow(actions)
    shows_nobody_to_act = user.reads_whole_partnership
    summary, breakdown = figures(actions, today, nobody_to_act=shows_nobody_to_act)
    listed = actions.select_related("recommendation__review", "agency")
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    overdue = list(listed.overdue(today).order_by("due_date", "pk")[:LIST_LENGTH])
    for action in overdue:
        action.days_overdue = (today - action.due_date).days
    due_soon = listed.filter(
        status__in=NOT_CLAIMED_STATUSES, due_date__gte=today, due_date__lte=soon
    )
    trend_actions = None
    if narrow:
        everything = Action.objects.for_user(user).with_partnership_rag(today, thresholds)
        trend_actions = narrow(everything)
    return Dashboard(
        today=today,
        summary={**summary, **breakdown.totals},
        agencies=breakdown.agencies,
        reviews=breakdown.reviews,
        overdue=overdue,
        due_soon=list(due_soon.order_by("due_date", "pk")[:LIST_LENGTH]),
        awaiting_judgement=awaiting_judgement_count(user, actions if narrow else None),
        stages=reviews_by_stage(Review.objects.for_user(user) if reviews is None else reviews),
        trend=memoised_trend(
            user, now, actions=trend_actions, filters=filters, thresholds=thresholds
        ),
        shows_nobody_to_act=shows_nobody_to_act,
    )
