"""Figures of the review lifecycle, for the dashboard and the yearly report extract: how many
notifications, rapid reviews and publications met their deadline; how many rapid reviews (and
other reviews' referrals) became a review; how long from the incident to publication. Each is
counted in one query over the reviews given."""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass

from .lifecycle import lifecycle_of
from .models import Decision, Lifecycle, ReviewStage, StageState

# The deadlines the yearly extract reports on: (stage key, lifecycle, words).
TIMELY_STAGES = [
    ("notification", Lifecycle.CHILD, "Serious incident notifications within 5 working days"),
    ("rapid_review", Lifecycle.CHILD, "Rapid reviews within 15 working days of notification"),
    ("published", Lifecycle.CHILD, "Local reviews published within 6 months of the decision"),
]


@dataclass
class Timeliness:
    label: str
    done: int = 0
    on_time: int = 0
    within_extension: int = 0
    late: int = 0
    no_deadline: int = 0  # recorded before the clocks were kept

    @property
    def percent_on_time(self) -> int | None:
        timed = self.on_time + self.within_extension + self.late
        return round(100 * self.on_time / timed) if timed else None


def timeliness(reviews, start: datetime.date, end: datetime.date) -> list[Timeliness]:
    """For each deadline in TIMELY_STAGES, the stages done between `start` and `end` (both
    included): on time against the deadline the rule gave, within an agreed extension, or
    late. One query."""
    figures = {key: Timeliness(label) for key, _, label in TIMELY_STAGES}
    kinds = {key: lifecycle for key, lifecycle, _ in TIMELY_STAGES}
    stages = ReviewStage.objects.filter(
        review__in=reviews,
        key__in=list(figures),
        state=StageState.DONE,
        completed_on__range=(start, end),
    ).values_list("key", "review__kind", "completed_on", "due_date", "current_due")
    for key, kind, done, due, current in stages:
        if lifecycle_of(kind) != kinds[key]:
            continue
        row = figures[key]
        row.done += 1
        if due is None:
            row.no_deadline += 1
        elif done <= due:
            row.on_time += 1
        elif current and done <= current:
            row.within_extension += 1
        else:
            row.late += 1
    return list(figures.values())


@dataclass
class Conversion:
    year: int
    lifecycle: str
    decided: int
    reviews: int

    @property
    def lifecycle_label(self) -> str:
        return Lifecycle(self.lifecycle).label

    @property
    def percent(self) -> int:
        return round(100 * self.reviews / self.decided) if self.decided else 0


def conversion(reviews) -> list[Conversion]:
    """Per year of the decision and per lifecycle: how many decisions were made and how many
    were to carry out a review (for child cases, rapid reviews that became a local review).
    One query."""
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    decisions = ReviewStage.objects.filter(
        review__in=reviews, state=StageState.DONE, decision__in=Decision.values
    ).values_list("review__kind", "completed_on", "decision")
    for kind, day, decision in decisions:
        row = counts[(day.year, lifecycle_of(kind))]
        row[0] += 1
        row[1] += decision == Decision.REVIEW
    return [
        Conversion(year, lifecycle, decided, made)
        for (year, lifecycle), (decided, made) in sorted(counts.items(), reverse=True)
    ]


@dataclass
class TimeToPublication:
    year: int
    lifecycle: str
    reviews: int
    median_days: int
    longest_days: int

    @property
    def lifecycle_label(self) -> str:
        return Lifecycle(self.lifecycle).label


def time_to_publication(reviews) -> list[TimeToPublication]:
    """Per year of publication and per lifecycle: the median and longest time in days from the
    incident (or referral) to publication. One query."""
    days: dict[tuple, list[int]] = defaultdict(list)
    pairs = reviews.filter(incident_date__isnull=False, published_date__isnull=False).values_list(
        "kind", "incident_date", "published_date"
    )
    for kind, incident, published in pairs:
        days[(published.year, lifecycle_of(kind))].append((published - incident).days)
    return [
        TimeToPublication(
            year, lifecycle, len(values), round(statistics.median(values)), max(values)
        )
        for (year, lifecycle), values in sorted(days.items(), reverse=True)
    ]
