"""Emails of the assurance workflow.

An email names a review by its reference only, never by its title or the child's pseudonym, and
carries no narrative or comment: it says what happened, names the recommendation by number and
the agency, and links to the page (``SITE_URL``), where the reader signs in to see the rest.
Sending, scheduling on commit and suppression are :mod:`scr_tracker.mail`'s (re-exported here)."""

from django.urls import reverse

from scr_tracker import mail
from scr_tracker.mail import absolute as absolute
from scr_tracker.mail import on_commit as on_commit
from scr_tracker.mail import suppressed as suppressed


def action_reference(action) -> str:
    """ "SCR-BABY-F recommendation 2, Children's social care action": no title, no pseudonym."""
    recommendation = action.recommendation
    return (
        f"{recommendation.review.reference} recommendation {recommendation.number}, "
        f"{action.agency.name} action"
    )


def send(*, users, template: str, context: dict, raise_errors: bool = False) -> int:
    """Send ``assurance/email/<template>`` to ``users``; see :func:`scr_tracker.mail.send`."""
    return mail.send(
        users=users,
        template=f"assurance/email/{template}",
        context=context,
        raise_errors=raise_errors,
    )


def board_managers(partnership_id):
    from scr_tracker.models import Role, User

    return User.objects.filter(
        role=Role.BOARD_MANAGER, partnership_id=partnership_id, is_active=True
    ).exclude(email="")


def _update(update_pk):
    from .models import ProgressUpdate

    return (
        ProgressUpdate.objects.select_related(
            "action__recommendation__review", "action__agency", "author"
        )
        .prefetch_related("evidence")
        .get(pk=update_pk)
    )


def _revision(revision_pk):
    from recommendations.models import DueDateRevision

    return DueDateRevision.objects.select_related(
        "action__recommendation__review", "action__agency", "requested_by"
    ).get(pk=revision_pk)


def update_awaiting_judgement(update_pk) -> int:
    """Tell the partnership's board managers that an update entered the review queue."""
    update = _update(update_pk)
    action = update.action
    return send(
        users=board_managers(action.recommendation.review.partnership_id),
        template="queue_update",
        context={
            "reference": action_reference(action),
            "claims_completion": update.claims_completion,
            "evidence_count": len(update.evidence.all()),
            "judge_url": absolute(reverse("assurance:update_judge", args=[update.pk])),
            "queue_url": absolute(reverse("assurance:review_queue")),
        },
    )


def due_date_requested(revision_pk) -> int:
    """Tell the partnership's board managers that a lead asked to move a due date."""
    revision = _revision(revision_pk)
    action = revision.action
    return send(
        users=board_managers(action.recommendation.review.partnership_id),
        template="queue_due_date",
        context={
            "reference": action_reference(action),
            "revision": revision,
            "decide_url": absolute(reverse("assurance:due_date_decide", args=[revision.pk])),
            "queue_url": absolute(reverse("assurance:review_queue")),
        },
    )


def evidence_returned(update_pk) -> int:
    """Tell the lead who posted the update that the board manager returned its evidence."""
    update = _update(update_pk)
    return send(
        users=[update.author],
        template="evidence_returned",
        context={
            "reference": action_reference(update.action),
            "update": update,
            "action_url": absolute(update.get_absolute_url()),
        },
    )


def due_date_decided(revision_pk) -> int:
    """Tell the lead who asked whether the new due date was agreed."""
    revision = _revision(revision_pk)
    if revision.requested_by is None:
        return 0
    return send(
        users=[revision.requested_by],
        template="due_date_decided",
        context={
            "reference": action_reference(revision.action),
            "revision": revision,
            "approved": revision.state == "approved",
            "action_url": absolute(revision.action.get_absolute_url()),
        },
    )


def action_leads(action):
    """Who answers for an action: its lead officer's account and every active agency lead of
    the owning agency, in the action's partnership."""
    from django.db.models import Q

    from scr_tracker.models import Role, User

    return (
        User.objects.filter(
            role=Role.AGENCY_LEAD,
            is_active=True,
            partnership_id=action.recommendation.review.partnership_id,
        )
        .filter(Q(agencies=action.agency_id) | Q(pk=action.lead_officer_user_id))
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def evidence_requested(request_pk) -> int:
    """Tell the agency's leads that the board manager asked for the evidence of a completion
    recorded with none. The email carries no comment: the lead reads it on the action."""
    from .models import EvidenceRequest

    request = EvidenceRequest.objects.select_related(
        "action__recommendation__review", "action__agency"
    ).get(pk=request_pk)
    action = request.action
    return send(
        users=action_leads(action),
        template="evidence_requested",
        context={
            "reference": action_reference(action),
            "action_url": absolute(action.get_absolute_url()),
            "my_actions_url": absolute(reverse("assurance:my_actions")),
        },
    )


def report_issued(report_pk) -> int:
    """Tell the scrutiny members of the board a report was issued to that a report awaits them:
    a link only (no title, no content), to sign in and read it."""
    from scr_tracker.models import Role, User

    from .models import IssuedReport

    report = IssuedReport.objects.without_files().select_related("audience").get(pk=report_pk)
    members = User.objects.filter(
        role=Role.SCRUTINY_MEMBER,
        is_active=True,
        scrutiny_board_id=report.audience_id,
        partnership_id=report.partnership_id,
    ).exclude(email="")
    return send(
        users=members,
        template="report_issued",
        context={
            "board": report.audience.name,
            "report_url": absolute(report.get_absolute_url()),
        },
    )
