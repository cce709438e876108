"""The partnership's RAG rating of an action, derived by one documented set of rules.

The agency reports its own rating with each update; the partnership rating is what the board is
assured of, and is never typed in. Rules, first match wins:

1. Assured by the board                          -> Blue
2. Closed as not implemented                     -> Not implemented (grey)
3. Completion claimed, awaiting judgement        -> Green
4. Past its due date and not complete            -> Red
5. The agency reports it off track (Red)         -> Red
6. The agency reports it at risk (Amber)         -> Amber
7. Due within N days, no update for M days       -> Amber   (N, M are partnership settings)
8. Otherwise: on track                           -> Green

`derive_partnership_rag` applies them to one action in Python (with a sentence saying why);
`partnership_rag_expression` applies the same rules in the database for filtering and counting.
A test checks the two agree on a table of cases.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format

from scr_tracker.text import count_noun


class RAG(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"
    CLOSED = "closed", "Not implemented"

    @classmethod
    def agency_choices(cls):
        """Agencies rate their own work Red, Amber or Green; only the board gives Blue."""
        return [(c.value, c.label) for c in (cls.RED, cls.AMBER, cls.GREEN)]


# Worst first: the order a board reads ratings in (dashboards, sorting by rating, reports).
RAG_ORDER = [RAG.RED, RAG.AMBER, RAG.GREEN, RAG.BLUE, RAG.CLOSED]

RAG_MEANINGS = {
    RAG.RED: "off track or overdue",
    RAG.AMBER: "at risk",
    RAG.GREEN: "on track",
    RAG.BLUE: "complete and assured",
    RAG.CLOSED: "closed without being implemented",
}


@dataclass(frozen=True)
class Thresholds:
    amber_due_within_days: int = 30
    amber_no_update_days: int = 60

    @classmethod
    def for_partnership(cls, partnership) -> "Thresholds":
        return cls(partnership.amber_due_within_days, partnership.amber_no_update_days)


@dataclass(frozen=True)
class Rating:
    rag: str
    reason: str

    @property
    def label(self) -> str:
        return RAG(self.rag).label


def _stale_cutoff(today: datetime.date, thresholds: Thresholds) -> datetime.datetime:
    day = today - datetime.timedelta(days=thresholds.amber_no_update_days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def derive_partnership_rag(
    *,
    status: str,
    due_date: datetime.date | None,
    agency_rag: str,
    last_update_at: datetime.datetime | None,
    today: datetime.date,
    thresholds: Thresholds,
) -> Rating:
    """Rate one action by the rules in this module's docstring, with the reason in words."""
    if status == "assured":
        return Rating(
            RAG.BLUE, "Blue: the board has accepted the evidence and assured this action."
        )
    if status == "not_implemented":
        return Rating(RAG.CLOSED, "Closed as not implemented, with a recorded reason.")
    if status == "claimed":
        return Rating(
            RAG.GREEN,
            "Green: the agency reports it complete; the board has still to judge the evidence.",
        )
    if due_date is not None and due_date < today:
        return Rating(
            RAG.RED, f"Red: it was due on {date_format(due_date, 'j F Y')} and is not complete."
        )
    if agency_rag == RAG.RED:
        return Rating(RAG.RED, "Red: the agency's latest update reports it off track.")
    if agency_rag == RAG.AMBER:
        return Rating(RAG.AMBER, "Amber: the agency's latest update reports it at risk.")
    due_soon = due_date is not None and due_date <= today + datetime.timedelta(
        days=thresholds.amber_due_within_days
    )
    stale = last_update_at is None or last_update_at < _stale_cutoff(today, thresholds)
    if due_soon and stale:
        return Rating(
            RAG.AMBER,
            f"Amber: it is due within {thresholds.amber_due_within_days} days and has had no "
            f"update for {thresholds.amber_no_update_days} days.",
        )
    return Rating(RAG.GREEN, "Green: on track.")


def partnership_rag_expression(today: datetime.date, thresholds: Thresholds):
    """The same rules as `derive_partnership_rag`, as a database expression on Action."""
    due_soon_day = today + datetime.timedelta(days=thresholds.amber_due_within_days)
    stale = Q(last_update_at__isnull=True) | Q(last_update_at__lt=_stale_cutoff(today, thresholds))
    return Case(
        When(status="assured", then=Value(RAG.BLUE.value)),
        When(status="not_implemented", then=Value(RAG.CLOSED.value)),
        When(status="claimed", then=Value(RAG.GREEN.value)),
        When(due_date__lt=today, then=Value(RAG.RED.value)),
        When(agency_rag=RAG.RED.value, then=Value(RAG.RED.value)),
        When(agency_rag=RAG.AMBER.value, then=Value(RAG.AMBER.value)),
        When(Q(due_date__lte=due_soon_day) & stale, then=Value(RAG.AMBER.value)),
        default=Value(RAG.GREEN.value),
        output_field=models.CharField(),
    )


def rating_for(action, today: datetime.date) -> Rating:
    """Rate a loaded Action (its recommendation's review's partnership must be loaded)."""
    return derive_partnership_rag(
        status=action.status,
        due_date=action.due_date,
        agency_rag=action.agency_rag,
        last_update_at=action.last_update_at,
        today=today,
        thresholds=Thresholds.for_partnership(action.recommendation.review.partnership),
    )


# --- A recommendation's roll-up ----------------------------------------------------------------
#
# A recommendation has no rating of its own: it is rolled up from its actions' partnership
# ratings. Archived actions do not count, and neither do actions the reader may not see (an
# agency lead's roll-up is of their agencies' actions). Rules, first match wins:
#
# 1. No actions                                   -> No actions (said in words, no colour)
# 2. Any action open (not assured, not closed)    -> the worst open rating: Red, Amber or Green
# 3. Every action assured                         -> Blue
# 4. Every action closed as not implemented       -> Not implemented (grey)
# 5. All closed, some assured, some not implemented -> Partly implemented (grey): never Blue,
#    which would claim the whole recommendation was implemented and assured.
#
# `derive_recommendation_rating` applies them to a list of action ratings in Python;
# `rollup_annotations` applies them in the database, per recommendation, for filtering,
# sorting and counting. tests/recommendations/test_rollup.py checks the two agree.


class RollupRating(models.TextChoices):
    RED = RAG.RED.value, RAG.RED.label
    AMBER = RAG.AMBER.value, RAG.AMBER.label
    GREEN = RAG.GREEN.value, RAG.GREEN.label
    BLUE = RAG.BLUE.value, RAG.BLUE.label
    PARTLY = "partly", "Partly implemented"
    CLOSED = RAG.CLOSED.value, RAG.CLOSED.label
    NO_ACTIONS = "none", "No actions"


# Open ratings worst first, then the closed ones from most to least implemented, then none:
# the order of the Rating column and of every roll-up table.
ROLLUP_ORDER = [
    RollupRating.RED,
    RollupRating.AMBER,
    RollupRating.GREEN,
    RollupRating.BLUE,
    RollupRating.PARTLY,
    RollupRating.CLOSED,
    RollupRating.NO_ACTIONS,
]

ROLLUP_MEANINGS = {
    RollupRating.RED: "an open action is off track or overdue",
    RollupRating.AMBER: "an open action is at risk, none off track",
    RollupRating.GREEN: "every open action is on track",
    RollupRating.BLUE: "every action is complete and assured",
    RollupRating.PARTLY: "every action is closed: some assured, some not implemented",
    RollupRating.CLOSED: "every action was closed without being implemented",
    RollupRating.NO_ACTIONS: "no actions have been agreed",
}

_OPEN_RAGS = (RAG.RED, RAG.AMBER, RAG.GREEN)


def derive_recommendation_rating(ratings) -> str:
    """A recommendation's rating from its counted actions' partnership ratings, by the rules
    above."""
    ratings = [str(r) for r in ratings]
    open_ratings = [r for r in ratings if r in _OPEN_RAGS]
    if open_ratings:
        return min(open_ratings, key=RAG_ORDER.index)
    if not ratings:
        return RollupRating.NO_ACTIONS.value
    if all(r == RAG.BLUE for r in ratings):
        return RollupRating.BLUE.value
    if all(r == RAG.CLOSED for r in ratings):
        return RollupRating.CLOSED.value
    return RollupRating.PARTLY.value


@dataclass(frozen=True)
class Rollup:
    """Where a recommendation stands: its rating and its counted actions by rating."""

    rating: str
    red: int = 0
    amber: int = 0
    green: int = 0
    assured: int = 0
    not_implemented: int = 0
    overdue: int = 0

    @property
    def actions(self) -> int:
        return self.red + self.amber + self.green + self.assured + self.not_implemented

    @property
    def open(self) -> int:
        return self.red + self.amber + self.green

    @property
    def label(self) -> str:
        return RollupRating(self.rating).label

    @property
    def meaning(self) -> str:
        return ROLLUP_MEANINGS[RollupRating(self.rating)]

    def by_rating(self) -> dict[str, int]:
        """Counted actions by partnership rating, in RAG_ORDER."""
        return {
            RAG.RED.value: self.red,
            RAG.AMBER.value: self.amber,
            RAG.GREEN.value: self.green,
            RAG.BLUE.value: self.assured,
            RAG.CLOSED.value: self.not_implemented,
        }

    @property
    def text(self) -> str:
        """ "3 of 4 actions assured, 1 overdue"."""
        if not self.actions:
            return "No actions agreed"
        parts = [f"{self.assured:,} of {count_noun(self.actions, 'action')} assured"]
        if self.overdue:
            parts.append(f"{self.overdue:,} overdue")
        if self.not_implemented:
            parts.append(f"{self.not_implemented:,} not implemented")
        return ", ".join(parts)


def _is_overdue(status: str, due_date: datetime.date | None, today: datetime.date) -> bool:
    """Not started or in progress, and past its due date (as ActionQuerySet.overdue)."""
    return status in ("not_started", "in_progress") and due_date is not None and due_date < today


def derive_rollup(actions, today: datetime.date) -> Rollup:
    """The roll-up of (status, partnership rating, due date) triples: the counted actions."""
    actions = list(actions)
    ratings = [str(rag) for _status, rag, _due in actions]
    return Rollup(
        rating=derive_recommendation_rating(ratings),
        red=ratings.count(RAG.RED),
        amber=ratings.count(RAG.AMBER),
        green=ratings.count(RAG.GREEN),
        assured=ratings.count(RAG.BLUE),
        not_implemented=ratings.count(RAG.CLOSED),
        overdue=sum(_is_overdue(status, due, today) for status, _rag, due in actions),
    )


def rollup_of(actions, today: datetime.date) -> Rollup:
    """The roll-up of loaded actions with `partnership_rag` annotated; archived ones are left
    out here, so a page can pass every action it shows."""
    return derive_rollup(
        (
            (action.status, action.partnership_rag, action.due_date)
            for action in actions
            if action.archived_at is None
        ),
        today,
    )


def rollup_from_row(row) -> Rollup:
    """The roll-up a recommendation was annotated with by `rollup_annotations`."""
    return Rollup(
        rating=row.rollup_rating,
        red=row.rollup_red,
        amber=row.rollup_amber,
        green=row.rollup_green,
        assured=row.rollup_assured,
        not_implemented=row.rollup_not_implemented,
        overdue=row.rollup_overdue,
    )


def rollup_annotations(actions, today: datetime.date, thresholds: Thresholds) -> list[dict]:
    """The roll-up as database expressions on Recommendation, in two steps for two
    `annotate()` calls: the counts (`rollup_red`, ..., `rollup_overdue`), then `rollup_rating`
    from them. `actions` is the Action queryset to count from (the reader's scope); archived
    actions are left out here. Each count is a correlated subquery, so the annotations add no
    join to the recommendations' query and do not multiply its rows."""
    counted = actions.filter(archived_at__isnull=True, recommendation=OuterRef("pk")).annotate(
        partnership_rag=partnership_rag_expression(today, thresholds)
    )

    def count(**where):
        rows = (
            counted.filter(**where)
            .order_by()
            .values("recommendation")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=models.IntegerField()), 0)

    counts = {
        "rollup_red": count(partnership_rag=RAG.RED.value),
        "rollup_amber": count(partnership_rag=RAG.AMBER.value),
        "rollup_green": count(partnership_rag=RAG.GREEN.value),
        "rollup_assured": count(status="assured"),
        "rollup_not_implemented": count(status="not_implemented"),
        "rollup_overdue": count(status__in=["not_started", "in_progress"], due_date__lt=today),
    }
    rating = Case(
        When(rollup_red__gt=0, then=Value(RollupRating.RED.value)),
        When(rollup_amber__gt=0, then=Value(RollupRating.AMBER.value)),
        When(rollup_green__gt=0, then=Value(RollupRating.GREEN.value)),
        When(
            rollup_assured__gt=0,
            rollup_not_implemented__gt=0,
            then=Value(RollupRating.PARTLY.value),
        ),
        When(rollup_assured__gt=0, then=Value(RollupRating.BLUE.value)),
        When(rollup_not_implemented__gt=0, then=Value(RollupRating.CLOSED.value)),
        default=Value(RollupRating.NO_ACTIONS.value),
        output_field=models.CharField(),
    )
    return [counts, {"rollup_rating": rating}]


def rollup_rank_expression(field: str = "rollup_rating"):
    """A rating's place in ROLLUP_ORDER, for sorting worst first."""
    return Case(
        *[
            When(**{field: value.value}, then=Value(rank))
            for rank, value in enumerate(ROLLUP_ORDER)
        ],
        default=Value(len(ROLLUP_ORDER)),
        output_field=models.IntegerField(),
    )


@dataclass(frozen=True)
class ReviewRollup:
    """A review's roll-up: its recommendations by roll-up rating and their counted actions by
    partnership rating. Built from the recommendations' roll-ups (leave archived
    recommendations out before)."""

    recommendations: dict[str, int]
    actions: dict[str, int]

    @classmethod
    def of(cls, rollups) -> "ReviewRollup":
        recommendations = dict.fromkeys((r.value for r in ROLLUP_ORDER), 0)
        actions = dict.fromkeys((r.value for r in RAG_ORDER), 0)
        for rollup in rollups:
            recommendations[rollup.rating] += 1
            for rag, count in rollup.by_rating().items():
                actions[rag] += count
        return cls(recommendations, actions)

    @property
    def recommendation_count(self) -> int:
        return sum(self.recommendations.values())

    @property
    def action_count(self) -> int:
        return sum(self.actions.values())

    def rows(self) -> list[tuple[str, str, int, int | None]]:
        """(rating, label, recommendations, actions) in ROLLUP_ORDER: Red, Amber, Green and
        Blue always, the others when something has them; actions is None for ratings only a
        recommendation can have (partly implemented, no actions)."""
        rows = []
        for rating in ROLLUP_ORDER:
            recs = self.recommendations[rating.value]
            actions = self.actions.get(rating.value)
            if rating in _ALWAYS_SHOWN or recs or actions:
                rows.append((rating.value, rating.label, recs, actions))
        return rows


_ALWAYS_SHOWN = (RollupRating.RED, RollupRating.AMBER, RollupRating.GREEN, RollupRating.BLUE)
