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
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.formats import date_format


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
