"""What the board dashboard shows, each figure counted in the database within the user's scope,
in a fixed number of queries whatever the size of the partnership.

The trend of open, overdue and assured actions is rebuilt from the actions' history rows, not
kept as a counter: the state of an action at the end of a month is its latest history row
before that instant. One query reads every history row of the user's actions with the date the
next row replaced it (a window function), puts each row into the months it was current for,
and counts the rows per (status, first month, last month, month it fell overdue); Python adds
those up into the 24 monthly figures.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import Lead
from django.utils import timezone

from recommendations.listing import thresholds_for
from recommendations.models import OPEN_STATUSES, Action, ActionStatus
from recommendations.rag import RAG
from reviews.models import Review, ReviewStatus

from .models import ProgressUpdate

RAG_ORDER = [RAG.RED, RAG.AMBER, RAG.GREEN, RAG.BLUE, RAG.CLOSED]
NOT_CLAIMED = [ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS]
LIST_LENGTH = 10
TREND_MONTHS = 24
DUE_SOON_DAYS = 30


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


def summary(actions, today: datetime.date) -> dict:
    """The headline figures, in one query."""
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return actions.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(status__in=NOT_CLAIMED, due_date__lt=today)),
        due_soon=Count(
            "pk", filter=Q(status__in=NOT_CLAIMED, due_date__gte=today, due_date__lte=soon)
        ),
        claimed=Count("pk", filter=Q(status=ActionStatus.COMPLETION_CLAIMED)),
        impact_pending=Count(
            "pk", filter=Q(status=ActionStatus.ASSURED, impact_recorded_at__isnull=True)
        ),
        reaudit_overdue=Count(
            "pk",
            filter=Q(
                status=ActionStatus.ASSURED, impact_recorded_at__isnull=True, reaudit_due__lt=today
            ),
        ),
    )


@dataclass
class RagBreakdown:
    totals: dict[str, int]
    agencies: list[RagCounts]
    reviews: list[RagCounts]


def rag_breakdown(rated_actions, review_limit: int = LIST_LENGTH) -> RagBreakdown:
    """Counts by partnership RAG: overall, per agency and per review (the reviews with most
    Red, then Amber, actions). One GROUP BY query, so the rating is worked out once a row."""
    rows = (
        rated_actions.values(
            "agency_id",
            "agency__name",
            "recommendation__review_id",
            "recommendation__review__title",
            "partnership_rag",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    totals = dict.fromkeys((r.value for r in RAG_ORDER), 0)
    agencies: dict[int, RagCounts] = {}
    reviews: dict[int, RagCounts] = {}
    for row in rows:
        rag, n = row["partnership_rag"], row["n"]
        totals[rag] += n
        for groups, pk, label in (
            (agencies, row["agency_id"], row["agency__name"]),
            (reviews, row["recommendation__review_id"], row["recommendation__review__title"]),
        ):
            group = groups.setdefault(pk, RagCounts(label, pk, dict.fromkeys(totals, 0)))
            group.counts[rag] += n
    by_severity = sorted(
        reviews.values(), key=lambda r: (-r.counts["red"], -r.counts["amber"], r.label)
    )
    return RagBreakdown(
        totals, sorted(agencies.values(), key=lambda a: a.label.lower()), by_severity[:review_limit]
    )


def reviews_by_stage(user) -> list[tuple[str, str, int]]:
    counts = dict(
        Review.objects.for_user(user)
        .active()
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
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


def _first_index(field_name: str, bounds: list, *, never: int) -> Case:
    """The index of the first bound the field is below: the first month it counts in."""
    return Case(
        *[When(**{f"{field_name}__lt": bound}, then=Value(i)) for i, bound in enumerate(bounds)],
        default=Value(never),
        output_field=IntegerField(),
    )


def trend(user, now: datetime.datetime | None = None, count: int = TREND_MONTHS) -> Trend:
    """Open, overdue and assured actions at the end of each of the last `count` months, as
    their history records them. One query."""
    now = now or timezone.now()
    months = trend_months(now, count)
    instants = [m.instant for m in months]
    never = len(months)
    history = Action.history.model
    rows = (
        history.objects.filter(
            id__in=Action.objects.for_user(user).values("pk"), history_date__lt=now
        )
        .exclude(history_type="-")
        .annotate(
            valid_to=Window(
                Lead("history_date"),
                partition_by=[F("id")],
                order_by=[F("history_date").asc(), F("history_id").asc()],
            )
        )
        .annotate(
            # A row is the action's state at month i's end from month start_k on ...
            start_k=_first_index("history_date", instants, never=never),
            # ... and overdue from month due_k on, if still open and not reported complete.
            due_k=_first_index("due_date", [m.day for m in months], never=never),
        )
        .values("status", "archived_at", "start_k", "due_k", "valid_to")
        .order_by()  # the historical model's default ordering would add a useless sort
    )
    inner, params = rows.query.sql_with_params()
    # ... until month end_k, the first month that ends after the next row replaced it. Worked
    # out outside the window query: inside it, each WHEN would repeat the window function.
    # Only column names are formatted into the SQL; every value is a parameter.
    status, start_k, due_k, valid_to, archived = map(
        connection.ops.quote_name, ("status", "start_k", "due_k", "valid_to", "archived_at")
    )
    whens = " ".join(f"WHEN {valid_to} < %s THEN {i}" for i in range(never))
    end_k = f"CASE WHEN {valid_to} IS NULL THEN {never} {whens} ELSE {never} END"
    sql = (
        f"SELECT {status}, {start_k}, {end_k}, {due_k}, COUNT(*) "  # noqa: S608
        f"FROM ({inner}) trend_rows WHERE {archived} IS NULL GROUP BY 1, 2, 3, 4"
    )
    params = (*[connection.ops.adapt_datetimefield_value(i) for i in instants], *params)
    result = Trend(months, [0] * never, [0] * never, [0] * never)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for state, first, last, due, n in cursor.fetchall():
            for i in range(first, min(last, never)):
                if state in OPEN_STATUSES:
                    result.open[i] += n
                    if state in NOT_CLAIMED and i >= due:
                        result.overdue[i] += n
                elif state == ActionStatus.ASSURED:
                    result.assured[i] += n
    return result


def awaiting_judgement_count(user) -> int:
    return ProgressUpdate.objects.for_user(user).awaiting_judgement().count()


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


def dashboard_for(user, now: datetime.datetime | None = None) -> Dashboard:
    """Everything the dashboard shows, for the actions and reviews the user may see."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    actions = live_actions(user)
    rated = actions.with_partnership_rag(today, thresholds_for(user))
    breakdown = rag_breakdown(rated)
    listed = actions.select_related("recommendation__review", "agency")
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    overdue = list(listed.overdue(today).order_by("due_date", "pk")[:LIST_LENGTH])
    for action in overdue:
        action.days_overdue = (today - action.due_date).days
    due_soon = listed.filter(status__in=NOT_CLAIMED, due_date__gte=today, due_date__lte=soon)
    return Dashboard(
        today=today,
        summary={**summary(actions, today), **breakdown.totals},
        agencies=breakdown.agencies,
        reviews=breakdown.reviews,
        overdue=overdue,
        due_soon=list(due_soon.order_by("due_date", "pk")[:LIST_LENGTH]),
        awaiting_judgement=awaiting_judgement_count(user),
        stages=reviews_by_stage(user),
        trend=trend(user, now),
    )
