"""A review's timeline: its stages in order, each with its dates, owner, clock and rating.

Built from the stages in force for the review's partnership and lifecycle (reviews.lifecycle)
and the review's stage records (ReviewStage). A stage with a record keeps the rule it started
with; a stage not yet started shows the rule in force today. Ratings follow the rules of
actions (recommendations.rag): Red once the deadline has passed, Amber when it falls within the
partnership's "due soon" days (the same threshold as actions), Green otherwise.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format

from scr_tracker.working_days import working_days_between

from .lifecycle import StageSpec, decision_words, due_date, from_record, lifecycle_of, stages_for
from .models import Decision, ReviewStage, StageState

# Row statuses.
DONE = "done"
RUNNING = "running"  # its clock has started and it is not done
WAITING = "waiting"  # not started: the stage its clock waits for is not done yet
SKIPPED = "skipped"  # not needed after a "no review" decision
NOT_RECORDED = "not_recorded"  # a later stage was recorded first

STATUS_WORDS = {
    DONE: "Done",
    RUNNING: "In progress",
    WAITING: "Not started",
    SKIPPED: "Not needed",
    NOT_RECORDED: "Not recorded",
}


@dataclass
class StageRow:
    spec: StageSpec
    record: ReviewStage | None
    status: str
    clock_start: datetime.date | None = None
    due: datetime.date | None = None
    current_due: datetime.date | None = None
    completed_on: datetime.date | None = None
    days_left: int | None = None  # working days; negative when late
    rag: str = ""
    extensions: list = field(default_factory=list)
    is_current: bool = False

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def is_late(self) -> bool:
        if self.status == DONE:
            return bool(
                self.current_due and self.completed_on and self.completed_on > self.current_due
            )
        return self.days_left is not None and self.days_left < 0

    @property
    def status_words(self) -> str:
        if self.status == DONE and self.is_late:
            return "Done late"
        return STATUS_WORDS[self.status]

    @property
    def days_words(self) -> str:
        """ "3 working days left", "Due today", "2 working days late", or ""."""
        if self.days_left is None:
            return ""
        if self.days_left == 0:
            return "Due today"
        count = abs(self.days_left)
        noun = "working day" if count == 1 else "working days"
        return f"{count} {noun} {'left' if self.days_left > 0 else 'late'}"

    def decision_text(self, lifecycle: str) -> str:
        if not self.record or not self.record.decision:
            return ""
        return decision_words(lifecycle, self.record.decision)

    @property
    def can_record(self) -> bool:
        return self.status in (RUNNING, WAITING, DONE)

    @property
    def can_extend(self) -> bool:
        return self.status == RUNNING and self.record is not None and self.current_due is not None


@dataclass
class Timeline:
    rows: list[StageRow]
    lifecycle: str
    nation: str

    @property
    def current(self) -> StageRow | None:
        return next((row for row in self.rows if row.is_current), None)

    @property
    def next_deadline(self) -> StageRow | None:
        running = [r for r in self.rows if r.status == RUNNING and r.current_due]
        return min(running, key=lambda r: (r.current_due, r.spec.position), default=None)

    def row(self, key: str) -> StageRow | None:
        return next((row for row in self.rows if row.key == key), None)

    @property
    def decision(self) -> str:
        return next((r.record.decision for r in self.rows if r.spec.is_decision and r.record), "")


def rag_for(due: datetime.date | None, today: datetime.date, amber_days: int) -> str:
    """The rating of a running stage's deadline, on the same rules as an action's due date."""
    if due is None:
        return ""
    if due < today:
        return "red"
    if due <= today + datetime.timedelta(days=amber_days):
        return "amber"
    return "green"


def build(
    specs: list[StageSpec],
    records: list[ReviewStage],
    *,
    nation: str,
    today: datetime.date,
    amber_days: int,
    lifecycle: str,
) -> Timeline:
    by_key = {record.key: record for record in records}
    decision = next(
        (by_key[s.key].decision for s in specs if s.is_decision and s.key in by_key), ""
    )
    done_dates = {r.key: r.completed_on for r in records if r.state == StageState.DONE}
    last_done = max(
        (
            r.position
            for r in records
            if r.state == StageState.DONE and r.key in {s.key for s in specs}
        ),
        default=-1,
    )
    rows = []
    for spec in specs:
        record = by_key.pop(spec.key, None)
        rows.append(_row(spec, record, decision, done_dates, last_done, nation, today, amber_days))
    # Records of stages no longer in the list (the kind changed, a rule was dropped): kept.
    for record in sorted(by_key.values(), key=lambda r: r.position):
        spec = from_record(
            StageSpec(
                key=record.key, name=record.name, position=record.position, owner=record.owner
            ),
            record,
        )
        rows.append(_row(spec, record, decision, done_dates, last_done, nation, today, amber_days))
    current = next((r for r in rows if r.status in (RUNNING, WAITING)), None)
    if current:
        current.is_current = True
    return Timeline(rows=rows, lifecycle=lifecycle, nation=nation)


def _row(spec, record, decision, done_dates, last_done, nation, today, amber_days) -> StageRow:
    if record is not None:
        spec = from_record(spec, record)
        extensions = list(getattr(record, "loaded_extensions", []))
        if record.state == StageState.DONE:
            return StageRow(
                spec,
                record,
                DONE,
                clock_start=record.clock_started_on,
                due=record.due_date,
                current_due=record.current_due,
                completed_on=record.completed_on,
                extensions=extensions,
            )
        if record.state == StageState.PASSED or spec.position < last_done:
            return StageRow(
                spec,
                record,
                NOT_RECORDED,
                due=record.due_date,
                current_due=record.current_due,
                extensions=extensions,
            )
        if spec.review_only and decision == Decision.NO_REVIEW:
            return StageRow(spec, record, SKIPPED)
        current_due = record.current_due
        return StageRow(
            spec,
            record,
            RUNNING,
            clock_start=record.clock_started_on,
            due=record.due_date,
            current_due=current_due,
            days_left=_days_left(current_due, today, nation),
            rag=rag_for(current_due, today, amber_days),
            extensions=extensions,
        )
    if spec.review_only and decision == Decision.NO_REVIEW:
        return StageRow(spec, None, SKIPPED)
    if spec.position < last_done:
        return StageRow(spec, None, NOT_RECORDED)
    start = done_dates.get(spec.clock_from) if spec.has_clock else None
    if start is None:
        return StageRow(spec, None, WAITING)
    # Its clock has started but no record froze it yet (the rule was added since): today's rule.
    due = due_date(spec, start, nation)
    return StageRow(
        spec,
        None,
        RUNNING,
        clock_start=start,
        due=due,
        current_due=due,
        days_left=_days_left(due, today, nation),
        rag=rag_for(due, today, amber_days),
    )


def _days_left(due, today, nation):
    return None if due is None else working_days_between(today, due, nation)


def timeline_for(review, today: datetime.date, *, rules=None, records=None) -> Timeline:
    """The timeline of a review whose partnership is loaded: three queries (rules, records,
    extensions), fewer when `rules` (the partnership's StageRule rows) or `records` (the
    review's ReviewStage rows, extensions loaded as `loaded_extensions`) are given."""
    partnership = review.partnership
    lifecycle = lifecycle_of(review.kind)
    specs = stages_for(partnership.pk, lifecycle, rules)
    if records is None:
        records = load_records(ReviewStage.objects.filter(review=review))
    return build(
        specs,
        records,
        nation=partnership.nation,
        today=today,
        amber_days=partnership.amber_due_within_days,
        lifecycle=lifecycle,
    )


def load_records(queryset) -> list[ReviewStage]:
    """Stage records with their extensions (oldest first) as `loaded_extensions`."""
    from .models import StageExtension

    records = list(queryset.order_by("position", "id"))
    by_stage: dict[int, list] = {r.pk: [] for r in records}
    if records:
        for extension in (
            StageExtension.objects.filter(stage__in=records)
            .select_related("recorded_by")
            .order_by("created_at", "id")
        ):
            by_stage[extension.stage_id].append(extension)
    for record in records:
        record.loaded_extensions = by_stage[record.pk]
    return records


def format_day(day) -> str:
    return date_format(day, "j F Y") if day else ""
