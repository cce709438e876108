from django.db import transaction
from django.db.models import Max

from scr_tracker.audit import audited_archive, audited_restore, audited_save

from .models import Action, ActionStatus, DueDateRevision, Recommendation, RevisionState
from .timescale import Timescale, read_timescale


def recommendation_save(
    *, recommendation: Recommendation, actor, themes=None, reason: str = ""
) -> Recommendation:
    """Create or edit a recommendation. New ones go to the end of their review's order."""
    created = recommendation.pk is None
    if created and not recommendation.position:
        last = Recommendation.objects.filter(review_id=recommendation.review_id).aggregate(
            m=Max("position")
        )["m"]
        recommendation.position = (last or 0) + 1
    m2m = {"themes": list(themes)} if themes is not None else None
    return audited_save(
        recommendation,
        actor=actor,
        reason=reason or ("Recommendation created" if created else "Recommendation edited"),
        m2m=m2m,
    )


def apply_timescale(action: Action, *, derive_due_date: bool) -> Timescale:
    """Read the action's timescale text. When asked, set the due date from it; "Already
    actioned" marks a not-started action as reported complete."""
    reading = read_timescale(action.timescale)
    if derive_due_date and reading.due_date is not None:
        action.due_date = reading.due_date
    if reading.already_actioned and action.status in (
        ActionStatus.NOT_STARTED,
        ActionStatus.IN_PROGRESS,
    ):
        action.status = ActionStatus.COMPLETION_CLAIMED
    return reading


@transaction.atomic
def action_save(
    *, action: Action, actor, reason: str = "", derive_due_date: bool = True
) -> tuple[Action, Timescale]:
    """Create or edit an action. Returns the action and what the timescale reader made of its
    timescale, so the caller can tell the user. Every change of timescale or due date is kept
    as a DueDateRevision: the first is the original, later ones are agreed revisions."""
    created = action.pk is None
    previous = None if created else Action.objects.get(pk=action.pk)
    reading = apply_timescale(action, derive_due_date=derive_due_date)
    if created and not action.position:
        last = Action.objects.filter(recommendation_id=action.recommendation_id).aggregate(
            m=Max("position")
        )["m"]
        action.position = (last or 0) + 1
    audited_save(
        action, actor=actor, reason=reason or ("Action created" if created else "Action edited")
    )
    if created:
        DueDateRevision.objects.create(
            action=action,
            timescale=action.timescale,
            due_date=action.due_date,
            state=RevisionState.ORIGINAL,
            requested_by=actor,
            reason="Original timescale",
        )
    elif (previous.timescale, previous.due_date) != (action.timescale, action.due_date):
        DueDateRevision.objects.create(
            action=action,
            timescale=action.timescale,
            due_date=action.due_date,
            state=RevisionState.APPROVED,
            requested_by=actor,
            decided_by=actor,
            decided_at=action.updated_at,
            reason=reason or "Changed on the action form by the board manager",
        )
    return action, reading


def recommendation_archive(*, recommendation: Recommendation, actor, reason: str) -> Recommendation:
    return audited_archive(recommendation, actor=actor, reason=reason or "Recommendation archived")


def recommendation_restore(*, recommendation: Recommendation, actor, reason: str) -> Recommendation:
    return audited_restore(recommendation, actor=actor, reason=reason or "Recommendation restored")


def action_archive(*, action: Action, actor, reason: str) -> Action:
    return audited_archive(action, actor=actor, reason=reason or "Action archived")


def action_restore(*, action: Action, actor, reason: str) -> Action:
    return audited_restore(action, actor=actor, reason=reason or "Action restored")
