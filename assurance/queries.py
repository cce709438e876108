"""Read-side queries for the workflow pages: everything a page shows, loaded where the list is
built, in a fixed number of queries whatever the number of rows."""

import datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)

from recommendations.models import (
    DUE_SOON_DAYS,
    OPEN_STATUSES,
    Action,
    ActionStatus,
    DueDateRevision,
    RevisionState,
)
from recommendations.rag import Thresholds

from .models import AccessLog, Evidence, EvidenceRequest, Judgement, ProgressUpdate

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


def claim_evidence_awaiting():
    """Active evidence of a completion claim awaiting judgement, on the outer action."""
    return Evidence.objects.active().filter(
        action=OuterRef("pk"),
        update__claims_completion=True,
        update__judgement=Judgement.AWAITING,
        update__archived_at__isnull=True,
    )


def open_evidence_request():
    """The outer action's open request for evidence."""
    return EvidenceRequest.objects.open().filter(action=OuterRef("pk"))


def completion_without_evidence(actions):
    """Of ``actions``, the live ones reported complete with no evidence awaiting judgement (no
    update at all, or none with evidence): the "Already actioned" timescale, an import or an
    edit recorded the completion. Annotated ``evidence_asked_at`` (the open request's date,
    or None). Nobody could clear these before; now the review queue lists them."""
    return (
        actions.active()
        .filter(status=ActionStatus.COMPLETION_CLAIMED)
        .filter(~Exists(claim_evidence_awaiting()))
        .annotate(evidence_asked_at=Subquery(open_evidence_request().values("requested_at")[:1]))
    )


def queue_completion_without_evidence_for(user):
    """Completions recorded with no evidence, for the board manager to ask for evidence or to
    record the evidence the board has seen. Not yet asked first, then by due date."""
    return (
        completion_without_evidence(Action.objects.for_user(user))
        .select_related("recommendation__review", "agency")
        .order_by(
            F("evidence_asked_at").asc(nulls_first=True), F("due_date").asc(nulls_last=True), "id"
        )
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


def returned_unanswered(updates):
    """Of an action's updates (newest first, as ``updates_for_action`` gives them), the newest
    returned one that no later update has answered, or None."""
    for update in updates:
        if update.judgement == Judgement.RETURNED:
            answered = any(
                later.created_at > update.judged_at
                for later in updates
                if later.pk != update.pk and update.judged_at
            )
            return None if answered else update
    return None


def lacks_completion_evidence(action, updates) -> bool:
    """The action is reported complete but no evidence of it awaits judgement (read from the
    updates already loaded, evidence prefetched)."""
    if action.status != ActionStatus.COMPLETION_CLAIMED:
        return False
    return not any(
        update.claims_completion
        and update.judgement == Judgement.AWAITING
        and list(update.evidence.all())
        for update in updates
    )


def open_evidence_request_for(action):
    return (
        EvidenceRequest.objects.open().filter(action=action).select_related("requested_by").first()
    )


def attention_banner(action, updates, evidence_request, *, can_respond: bool):
    """What the action's page asks of the agency lead at its top, or None: evidence returned
    with the board's comment (newest unanswered first), else evidence asked for."""
    from django.urls import reverse
    from django.utils.formats import date_format
    from django.utils.timezone import localtime

    def day(moment):
        return date_format(localtime(moment), "j F Y")

    new_update = reverse("assurance:update_create", args=[action.pk])
    returned = returned_unanswered(updates) if action.is_open else None
    if returned is not None:
        return {
            "heading": f"The board manager returned the evidence of the update of "
            f"{day(returned.created_at)}: more is needed.",
            "comment": returned.judgement_comment,
            "who_when": f"Returned by {returned.judged_by} on {day(returned.judged_at)}."
            if returned.judged_by
            else "",
            "respond_url": f"{new_update}?respond={returned.pk}" if can_respond else "",
            "update": returned,
        }
    if evidence_request is not None:
        return {
            "heading": "The board manager asks for the evidence that this action is complete.",
            "comment": evidence_request.comment,
            "who_when": f"Asked by {evidence_request.requested_by} on "
            f"{day(evidence_request.requested_at)}.",
            "respond_url": f"{new_update}?respond=evidence" if can_respond else "",
        }
    return None


# My actions: "Needs your attention".

ATTENTION_SHOWN = 10  # items of each kind listed; the rest are counted
FIRST_VISIT_LOOKBACK = datetime.timedelta(days=30)


def attention_since(request, now) -> datetime.datetime:
    """Since when "assigned" and "decided" items are news to this user: their previous visit to
    My actions (kept for the whole of this session, so the items do not vanish on reload), or
    30 days back on a first visit. Records this visit."""
    from .models import MyActionsVisit

    key = "my_actions_since"
    kept = request.session.get(key)
    if kept:
        return datetime.datetime.fromisoformat(kept)
    visit = MyActionsVisit.objects.filter(user=request.user).first()
    if visit is None:
        since = now - FIRST_VISIT_LOOKBACK
        MyActionsVisit.objects.create(user=request.user, visited_at=now)
    else:
        since = visit.visited_at
        MyActionsVisit.objects.filter(pk=visit.pk).update(visited_at=now)
    request.session[key] = since.isoformat()
    return since


def _limited(queryset):
    rows = list(queryset[: ATTENTION_SHOWN + 1])
    return rows[:ATTENTION_SHOWN], len(rows) > ATTENTION_SHOWN


def _live(prefix=""):
    return {
        f"{prefix}archived_at__isnull": True,
        f"{prefix}recommendation__archived_at__isnull": True,
        f"{prefix}recommendation__review__archived_at__isnull": True,
    }


def returned_for(user):
    """Updates on the user's open actions whose evidence the board returned and that no later
    update has answered, newest first."""
    later = ProgressUpdate.objects.active().filter(
        action=OuterRef("action"), created_at__gt=OuterRef("judged_at")
    )
    return (
        ProgressUpdate.objects.for_user(user)
        .active()
        .filter(judgement=Judgement.RETURNED, action__status__in=OPEN_STATUSES, **_live("action__"))
        .filter(~Exists(later))
        .select_related("action__recommendation__review", "action__agency", "judged_by")
        .order_by("-judged_at", "-id")
    )


def evidence_asked_for(user):
    """Open requests for the evidence of a completion, on the user's actions."""
    return (
        EvidenceRequest.objects.for_user(user)
        .open()
        .filter(action__status=ActionStatus.COMPLETION_CLAIMED, **_live("action__"))
        .select_related("action__recommendation__review", "action__agency", "requested_by")
        .order_by("requested_at", "id")
    )


def dates_decided_for(user, since):
    """Agency leads' requests to move a due date on the user's actions, decided since then."""
    from scr_tracker.models import Role

    return (
        DueDateRevision.objects.for_user(user)
        .filter(
            state__in=[RevisionState.APPROVED, RevisionState.DECLINED],
            decided_at__gt=since,
            requested_by__role=Role.AGENCY_LEAD,
        )
        .select_related("action__recommendation__review", "action__agency", "decided_by")
        .order_by("-decided_at", "-id")
    )


def assigned_since(user, since):
    """Open actions whose lead officer's account is now the user's and was not (or the action
    did not exist) at ``since``: read from the actions' history, in the one query."""
    history = Action.history.model
    before = (
        history.objects.filter(id=OuterRef("pk"), history_date__lte=since)
        .order_by("-history_date", "-history_id")
        .values("lead_officer_user_id")[:1]
    )
    became_mine = history.objects.filter(
        id=OuterRef("pk"), lead_officer_user_id=user.pk, history_date__gt=since
    )
    return (
        Action.objects.for_user(user)
        .open()
        .filter(lead_officer_user=user)
        .annotate(lead_before=Subquery(before))
        .filter(Exists(became_mine))
        .filter(Q(lead_before__isnull=True) | ~Q(lead_before=user.pk))
        .select_related("recommendation__review", "agency")
        .order_by(F("due_date").asc(nulls_last=True), "id")
    )


def needs_attention(request, user, today, now):
    """Everything My actions asks of the lead first, each kind at most ``ATTENTION_SHOWN``
    long (with whether there are more): six queries, whatever the numbers."""
    since = attention_since(request, now)
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    chased = (
        Action.objects.for_user(user)
        .filter(status__in=_CHASED, due_date__isnull=False)
        .select_related("recommendation__review", "agency")
        .order_by("due_date", "id")
    )
    kinds = {
        "returned": _limited(returned_for(user)),
        "asked": _limited(evidence_asked_for(user)),
        "decided": _limited(dates_decided_for(user, since)),
        "assigned": _limited(assigned_since(user, since)),
        "overdue": _limited(chased.filter(due_date__lt=today)),
        "due_soon": _limited(chased.filter(due_date__gte=today, due_date__lte=soon)),
    }
    return since, kinds
