import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format

from scr_tracker.audit import audited_archive, audited_restore, audited_save

from .lifecycle import due_date, from_record, lifecycle_of, snapshot, stages_for
from .models import (
    Decision,
    Review,
    ReviewKind,
    ReviewStage,
    ReviewStatus,
    StageExtension,
    StageState,
)


def review_save(
    *, review: Review, actor, themes=None, related_reviews=None, reason: str = ""
) -> Review:
    """Create or edit a review in the actor's partnership."""
    created = review.pk is None
    if created:
        review.partnership_id = actor.partnership_id
    m2m = {}
    if themes is not None:
        m2m["themes"] = list(themes)
    if related_reviews is not None:
        m2m["related_reviews"] = [r for r in related_reviews if r.pk != review.pk]
    return audited_save(
        review,
        actor=actor,
        reason=reason or ("Review created" if created else "Review edited"),
        m2m=m2m,
    )


@transaction.atomic
def review_archive(*, review: Review, actor, reason: str) -> Review:
    """Archive a review. Its recommendations and actions stay, hidden with it from all but
    board managers."""
    return audited_archive(review, actor=actor, reason=reason or "Review archived")


@transaction.atomic
def review_restore(*, review: Review, actor, reason: str) -> Review:
    return audited_restore(review, actor=actor, reason=reason or "Review restored")


def theme_save(*, theme, actor, reason: str = ""):
    """Add or edit a theme of the shared vocabulary; every version is kept in its history."""
    created = theme.pk is None
    reason = reason or ("Theme added" if created else "Theme edited")
    return audited_save(theme, actor=actor, reason=reason)


# The lifecycle: recording stages and agreed extensions.

_REVIEW_STATUS_AFTER = {
    # stage key: (the review status it moves the review to, from these statuses)
    "final": (ReviewStatus.AGREED, {ReviewStatus.IN_PROGRESS}),
    "findings": (ReviewStatus.AGREED, {ReviewStatus.IN_PROGRESS}),
    "published": (ReviewStatus.PUBLISHED, {ReviewStatus.IN_PROGRESS, ReviewStatus.AGREED}),
    "closed": (
        ReviewStatus.CLOSED,
        {ReviewStatus.IN_PROGRESS, ReviewStatus.AGREED, ReviewStatus.PUBLISHED},
    ),
}


def _day(day) -> str:
    return date_format(day, "j F Y")


def _records(review) -> dict[str, ReviewStage]:
    return {r.key: r for r in ReviewStage.objects.select_for_update().filter(review=review)}


@transaction.atomic
def stage_record(
    *,
    review: Review,
    key: str,
    completed_on: datetime.date,
    actor,
    today: datetime.date,
    late_reason: str = "",
    decision: str = "",
    decision_reason: str = "",
    note: str = "",
    reason: str = "",
) -> ReviewStage:
    """Record the date a stage of a review was done (or correct it, with a reason). Checks the
    date against the stages around it and the deadline; starts the clocks of the stages that
    count from this one, each with the rule in force today, which its record keeps. Raises
    ValidationError naming the field."""
    review = Review.objects.select_for_update().select_related("partnership").get(pk=review.pk)
    partnership = review.partnership
    lifecycle = lifecycle_of(review.kind)
    specs = stages_for(partnership.pk, lifecycle)
    spec = next((s for s in specs if s.key == key), None)
    if spec is None:
        raise ValidationError({"completed_on": "This stage is not one of this review's stages."})
    records = _records(review)
    record = records.get(key)
    late_reason, decision_reason, note, reason = (
        late_reason.strip(),
        decision_reason.strip(),
        note.strip(),
        reason.strip(),
    )
    decided = next((r.decision for r in records.values() if r.key != key and r.decision), "")
    if spec.is_decision:
        decided = decision
    errors: dict[str, str] = {}
    if completed_on > today:
        errors["completed_on"] = (
            "Date done must be today or in the past: a stage cannot be recorded as done on a "
            "date in the future."
        )
    if spec.review_only and decided == Decision.NO_REVIEW:
        errors["completed_on"] = (
            f"{spec.name} is not needed: the decision was not to carry out a review. Change "
            "the decision first if that has changed."
        )
    done = [
        (s, records[s.key])
        for s in specs
        if s.key in records and records[s.key].state == StageState.DONE and s.key != key
    ]
    earlier = [(s, r) for s, r in done if s.position < spec.position]
    later = [(s, r) for s, r in done if s.position > spec.position]
    if earlier and "completed_on" not in errors:
        before, before_record = max(earlier, key=lambda pair: pair[0].position)
        if completed_on < before_record.completed_on:
            errors["completed_on"] = (
                f"The date must be on or after {_day(before_record.completed_on)}, when the "
                f"previous stage ({before.name}) was done."
            )
    if later and "completed_on" not in errors:
        after, after_record = min(later, key=lambda pair: pair[0].position)
        if completed_on > after_record.completed_on:
            errors["completed_on"] = (
                f"The date must be on or before {_day(after_record.completed_on)}, when the "
                f"next stage ({after.name}) was done."
            )
    if spec.is_decision:
        if decision not in Decision.values:
            errors["decision"] = "Select the decision."
        if not decision_reason:
            errors["decision_reason"] = "Enter the reason for the decision."
    if record is not None and record.state == StageState.DONE and not reason:
        errors["reason"] = (
            f"This stage was recorded as done on {_day(record.completed_on)}. Enter why the "
            "record is being changed."
        )
    # The deadline: the record's (frozen when the clock started), or today's rule.
    if record is not None and record.clock_started_on:
        deadline = record.current_due
    else:
        start = (
            records[spec.clock_from].completed_on
            if spec.clock_from in records and records[spec.clock_from].state == StageState.DONE
            else None
        )
        deadline = due_date(spec, start, partnership.nation)
    if deadline and completed_on > deadline and not late_reason and "completed_on" not in errors:
        errors["late_reason"] = (
            f"This stage was done after its deadline of {_day(deadline)}. Enter why it was late."
        )
    if errors:
        raise ValidationError(errors)

    if record is None:
        start = (
            records[spec.clock_from].completed_on
            if spec.clock_from in records and records[spec.clock_from].state == StageState.DONE
            else None
        )
        due = due_date(spec, start, partnership.nation)
        record = ReviewStage(
            review=review,
            key=key,
            clock_started_on=start if spec.has_clock else None,
            due_date=due,
            current_due=due,
            **snapshot(spec),
        )
    was_done = record.state == StageState.DONE
    record.state = StageState.DONE
    record.completed_on = completed_on
    record.late_reason = late_reason if record.is_late else ""
    if spec.is_decision:
        record.decision, record.decision_reason = decision, decision_reason
    if note:
        record.note = note
    verb = "corrected" if was_done else "recorded"
    audited_save(record, actor=actor, reason=reason or f"{spec.name}: {verb} as done")
    records[key] = record

    # Stages left behind: a later stage was recorded first, so their clocks stop.
    for other in specs:
        behind = records.get(other.key)
        if (
            other.position < spec.position
            and behind is not None
            and behind.state == StageState.RUNNING
        ):
            behind.state = StageState.PASSED
            audited_save(
                behind, actor=actor, reason=f"Not recorded: {spec.name} was recorded first"
            )

    _start_clocks(review, spec, specs, records, actor, partnership.nation, decided)
    _sync_review(review, spec, record, actor)
    return record


def _start_clocks(review, spec, specs, records, actor, nation, decided) -> None:
    """Start (or, after a corrected date, move) the clocks that count from `spec`. A record
    keeps the rule it started with; a stage already done is never touched."""
    start = records[spec.key].completed_on
    for other in specs:
        if other.clock_from != spec.key or not other.has_clock:
            continue
        record = records.get(other.key)
        if record is not None and record.state != StageState.RUNNING:
            continue
        if other.review_only and decided == Decision.NO_REVIEW:
            if record is not None:
                record.state = StageState.PASSED
                audited_save(record, actor=actor, reason="Not needed: no review was decided")
            continue
        if record is None:
            due = due_date(other, start, nation)
            record = ReviewStage(
                review=review,
                key=other.key,
                state=StageState.RUNNING,
                clock_started_on=start,
                due_date=due,
                current_due=due,
                **snapshot(other),
            )
            audited_save(record, actor=actor, reason=f"Clock started by: {spec.name}")
        elif record.clock_started_on != start:
            frozen = from_record(other, record)
            record.clock_started_on = start
            record.due_date = due_date(frozen, start, nation)
            extended = record.extensions.order_by("-created_at", "-id").first()
            record.current_due = extended.due_date if extended else record.due_date
            audited_save(record, actor=actor, reason=f"Clock moved: {spec.name} date corrected")
        records[other.key] = record


def _sync_review(review, spec, record, actor) -> None:
    """Copy the stage's date to the review's own date field, move its status on, and turn a
    rapid review into a local review when that is the decision: one record, one timeline."""
    changes = []
    if spec.review_field and getattr(review, spec.review_field) != record.completed_on:
        setattr(review, spec.review_field, record.completed_on)
        changes.append(spec.review_field)
    status, from_statuses = _REVIEW_STATUS_AFTER.get(spec.key, (None, set()))
    if status and review.status in from_statuses:
        review.status = status
        changes.append("status")
    if spec.is_decision and record.decision == Decision.REVIEW and review.kind == ReviewKind.RAPID:
        review.kind = ReviewKind.LCSPR
        changes.append("kind")
    if changes:
        audited_save(review, actor=actor, reason=f"Stage recorded: {spec.name}")


@transaction.atomic
def stage_extend(
    *, stage: ReviewStage, due_date: datetime.date, agreed_by: str, reason: str, actor
) -> StageExtension:
    """Record an agreed extension of a running stage's deadline: who agreed it and why. The
    earlier deadline stays on the stage (`due_date`) and on the extension before it."""
    stage = ReviewStage.objects.select_for_update().get(pk=stage.pk)
    errors = {}
    if stage.state != StageState.RUNNING or stage.current_due is None:
        raise ValidationError(
            {"due_date": "Only a stage in progress with a deadline can be extended."}
        )
    if due_date <= stage.current_due:
        errors["due_date"] = (
            f"The new deadline must be after the current one, {_day(stage.current_due)}."
        )
    if not agreed_by.strip():
        errors["agreed_by"] = "Enter who agreed the extension."
    if not reason.strip():
        errors["reason"] = "Enter why the extension was agreed."
    if errors:
        raise ValidationError(errors)
    extension = StageExtension(
        stage=stage,
        previous_due=stage.current_due,
        due_date=due_date,
        agreed_by=agreed_by.strip(),
        reason=reason.strip(),
        recorded_by=actor,
    )
    audited_save(extension, actor=actor, reason="Extension agreed")
    stage.current_due = due_date
    audited_save(
        stage,
        actor=actor,
        reason=f"Deadline extended to {_day(due_date)}, agreed by {extension.agreed_by}: "
        f"{extension.reason}",
    )
    return extension
