from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from scr_tracker import mail
from scr_tracker.access import can
from scr_tracker.audit import audited_archive, audited_restore, audited_save
from scr_tracker.concurrency import guard_against_lost_update

from .models import (
    OPEN_STATUSES,
    Action,
    ActionStatus,
    DueDateRevision,
    Recommendation,
    RevisionState,
)
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
    *,
    action: Action,
    actor,
    reason: str = "",
    derive_due_date: bool = True,
    loaded_version: int | None = None,
    edited_fields=(),
    revision: DueDateRevision | None = None,
) -> tuple[Action, Timescale]:
    """Create or edit an action. Returns the action and what the timescale reader made of its
    timescale, so the caller can tell the user. Every change of timescale or due date is kept
    as a DueDateRevision: the first is the original, later ones are agreed revisions; when
    the change carries out an agreed `revision` (a lead's request), that one is the record and
    no other is added.

    From a form, pass the `loaded_version` it was loaded with and its `edited_fields`: if
    someone saved any of those fields meanwhile, EditConflict is raised and nothing is saved."""
    created = action.pk is None
    previous = None if created else Action.objects.select_for_update().get(pk=action.pk)
    if previous is not None:
        guard_against_lost_update(
            action, loaded_version=loaded_version, fields=edited_fields, current=previous
        )
    reading = apply_timescale(action, derive_due_date=derive_due_date)
    if created and not action.position:
        last = Action.objects.filter(recommendation_id=action.recommendation_id).aggregate(
            m=Max("position")
        )["m"]
        action.position = (last or 0) + 1
    audited_save(
        action, actor=actor, reason=reason or ("Action created" if created else "Action edited")
    )
    if action.lead_officer_user_id and (
        created or previous.lead_officer_user_id != action.lead_officer_user_id
    ):
        mail.on_commit(action_assigned_email, action.pk, action.lead_officer_user_id)
    if created:
        DueDateRevision.objects.create(
            action=action,
            timescale=action.timescale,
            due_date=action.due_date,
            state=RevisionState.ORIGINAL,
            requested_by=actor,
            reason="Original timescale",
        )
    elif (previous.timescale, previous.due_date) != (
        action.timescale,
        action.due_date,
    ) and revision is None:
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


def action_assigned_email(action_pk, user_pk) -> int:
    """Tell the lead officer an action has been assigned to them (created with them as its
    lead, or its lead changed to them): the review's reference, the recommendation's number and
    the agency, and a link; no title, no text. Not sent if the lead changed again meanwhile."""

    action = Action.objects.select_related(
        "recommendation__review", "agency", "lead_officer_user"
    ).get(pk=action_pk)
    if action.lead_officer_user_id != user_pk:
        return 0
    recommendation = action.recommendation
    return mail.send(
        users=[action.lead_officer_user],
        template="recommendations/email/action_assigned",
        context={
            "reference": f"{recommendation.review.reference} recommendation "
            f"{recommendation.number}, {action.agency.name} action",
            "action_url": mail.absolute(action.get_absolute_url()),
        },
    )


def recommendation_archive(*, recommendation: Recommendation, actor, reason: str) -> Recommendation:
    return audited_archive(recommendation, actor=actor, reason=reason or "Recommendation archived")


def recommendation_restore(*, recommendation: Recommendation, actor, reason: str) -> Recommendation:
    return audited_restore(recommendation, actor=actor, reason=reason or "Recommendation restored")


def action_archive(*, action: Action, actor, reason: str) -> Action:
    return audited_archive(action, actor=actor, reason=reason or "Action archived")


def action_restore(*, action: Action, actor, reason: str) -> Action:
    return audited_restore(action, actor=actor, reason=reason or "Action restored")


def _locked(action: Action) -> Action:
    """The action's row, locked until the transaction ends, so concurrent changes queue."""
    return (
        Action.objects.select_for_update(of=("self",))
        .select_related("recommendation__review", "agency")
        .get(pk=action.pk)
    )


def _require(actor, perm: str, obj):
    from django.core.exceptions import PermissionDenied

    if not can(actor, perm, obj):
        raise PermissionDenied(f"{actor} may not {perm.split('.')[-1].replace('_', ' ')}.")


@transaction.atomic
def action_close_not_implemented(*, action: Action, actor, reason: str) -> Action:
    """Close an open action as not implemented. The reason is mandatory: reviews must report
    why a recommendation was not implemented."""
    action = _locked(action)
    _require(actor, "recommendations.close_action", action)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason this action was not implemented."})
    if action.status not in OPEN_STATUSES:
        raise ValidationError(
            f"This action is already closed ({action.get_status_display().lower()})."
        )
    action.status = ActionStatus.NOT_IMPLEMENTED
    action.not_implemented_reason = reason.strip()
    return audited_save(action, actor=actor, reason="Closed as not implemented")


@transaction.atomic
def action_impact_record(*, action: Action, actor, reaudit_due, impact_result: str = "") -> Action:
    """Set the impact check's re-audit date and, once the action is assured, its result. Until
    a result is recorded an assured action reads "Completed, impact not yet evidenced"."""
    action = _locked(action)
    _require(actor, "recommendations.record_impact", action)
    result = impact_result.strip()
    if result and action.status != ActionStatus.ASSURED:
        raise ValidationError(
            {"impact_result": "Record the re-audit result once the board has assured the action."}
        )
    if reaudit_due is None and not result:
        raise ValidationError({"reaudit_due": "Enter the re-audit date, or the re-audit result."})
    if reaudit_due is not None:
        action.reaudit_due = reaudit_due
    if result:
        action.impact_result = result
        action.impact_recorded_at = timezone.now()
        why = "Re-audit result recorded"
    else:
        why = "Re-audit date set"
    return audited_save(action, actor=actor, reason=why)
