"""Read-side queries for the workflow pages: everything a page shows, loaded where the list is
built, in a fixed number of queries whatever the number of rows."""

import datetime

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, Value, When

from recommendations.models import DUE_SOON_DAYS, Action, ActionStatus, DueDateRevision
from recommendations.rag import Thresholds

from .models import AccessLog, Evidence, ProgressUpdate

# My actions: overdue first, then due within 30 days, then the rest, then closed ones.
OVERDUE, DUE_SOON, OTHER_OPEN, CLOSED = 0, 1, 2, 3
GROUP_LABELS = {
    OVERDUE: "Overdue",
    DUE_SOON: "Due within 30 days",
    OTHER_OPEN: "Other open actions",
    CLOSED: "Assured or closed",
}
_CHASED = [ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS]


def my_actions_for(user, today: datetime.date):
    """The agency lead's actions across every review, grouped (`group`) and rated
    (`partnership_rag`), overdue first, then due within 30 days, then the rest."""
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return (
        Action.objects.for_user(user)
        .annotate(
            group=Case(
                When(
                    status__in=[ActionStatus.ASSURED, ActionStatus.NOT_IMPLEMENTED],
                    then=Value(CLOSED),
                ),
                When(status__in=_CHASED, due_date__lt=today, then=Value(OVERDUE)),
                When(status__in=_CHASED, due_date__lte=soon, then=Value(DUE_SOON)),
                default=Value(OTHER_OPEN),
                output_field=IntegerField(),
            )
        )
        .with_partnership_rag(today, Thresholds.for_partnership(user.partnership))
        .select_related("recommendation__review", "agency")
        .order_by(
            "group", F("due_date").asc(nulls_last=True), "recommendation__review__reference", "id"
        )
    )


def group_counts(actions) -> dict[int, int]:
    """{group: number of actions} in one query."""
    counts = actions.order_by().aggregate(
        **{f"g{group}": Count("pk", filter=Q(group=group)) for group in GROUP_LABELS}
    )
    return {group: counts[f"g{group}"] for group in GROUP_LABELS}


def active_evidence():
    return Prefetch("evidence", queryset=Evidence.objects.active().order_by("created_at", "id"))


def updates_for_action(action):
    """The action's progress updates, newest first, with their evidence and who judged them."""
    updates = list(
        ProgressUpdate.objects.active()
        .filter(action=action)
        .select_related("author", "judged_by")
        .prefetch_related(active_evidence())
        .order_by("-created_at", "-id")
    )
    for update in updates:
        update.action = action
    return updates


def queue_updates_for(user):
    """Updates awaiting the board manager's judgement, oldest first."""
    return (
        ProgressUpdate.objects.for_user(user)
        .awaiting_judgement()
        .select_related("action__recommendation__review", "action__agency", "author")
        .prefetch_related(active_evidence())
        .order_by("created_at", "id")
    )


def queue_nobody_to_act_for(user):
    """Open actions no one can update (their agency has no active lead), due first."""
    return (
        Action.objects.for_user(user)
        .nobody_to_act()
        .select_related("recommendation__review", "agency")
        .order_by(F("due_date").asc(nulls_last=True), "id")
    )


def queue_due_date_requests_for(user):
    """Requests to move a due date awaiting the board manager's decision, oldest first."""
    return (
        DueDateRevision.objects.for_user(user)
        .pending()
        .select_related("action__recommendation__review", "action__agency", "requested_by")
        .order_by("requested_at", "id")
    )


def access_log_for(user):
    return (
        AccessLog.objects.for_user(user)
        .select_related("user", "partnership")
        .order_by("-at", "-id")
    )
