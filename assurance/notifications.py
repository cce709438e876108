"""Emails of the assurance workflow.

An email names a review by its reference only, never by its title or the child's pseudonym, and
carries no narrative or comment: it says what happened, names the recommendation by number and
the agency, and links to the page (``SITE_URL``), where the reader signs in to see the rest.
Each recipient gets a message of their own, so no one sees another's address.

Services schedule emails with :func:`on_commit`, so nothing is sent for a change that was
rolled back; :func:`suppressed` turns them off (the demo loader uses it)."""

import logging
import smtplib
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger(__name__)
_suppressed: ContextVar[bool] = ContextVar("assurance_emails_suppressed", default=False)


@contextmanager
def suppressed():
    """No workflow email is scheduled inside this block."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def on_commit(function, *args) -> None:
    """Call ``function(*args)`` once the current transaction commits, unless suppressed."""
    if not _suppressed.get():
        transaction.on_commit(lambda: function(*args))


def absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url


def action_reference(action) -> str:
    """ "SCR-BABY-F recommendation 2, Children's social care action": no title, no pseudonym."""
    recommendation = action.recommendation
    return (
        f"{recommendation.review.reference} recommendation {recommendation.number}, "
        f"{action.agency.name} action"
    )


def send(*, users, template: str, context: dict, raise_errors: bool = False) -> int:
    """Render ``email/<template>_subject.txt`` and ``email/<template>.txt`` for each user with
    an email address and send it; returns how many were sent. A failure to send is logged
    (and raised when ``raise_errors``), never lost silently."""
    sent = 0
    for user in users:
        if not user.email or not user.is_active:
            continue
        ctx = {**context, "user": user, "service_name": settings.SERVICE_NAME}
        subject = " ".join(render_to_string(f"assurance/email/{template}_subject.txt", ctx).split())
        body = render_to_string(f"assurance/email/{template}.txt", ctx)
        try:
            sent += EmailMessage(subject, body, to=[user.email]).send()
        except (OSError, smtplib.SMTPException):
            logger.exception("Could not send the %s email to user %s", template, user.pk)
            if raise_errors:
                raise
    return sent


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
