"""The board manager's review queue: evidence and completion claims to judge, due date
requests to decide."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recommendations.models import DueDateRevision, RevisionState
from scr_tracker.access import can, get_for_user, require_perm
from scr_tracker.breadcrumbs import crumb, trail

from .. import queries, services
from ..forms import DueDateDecisionForm, JudgementForm
from ..models import Judgement, ProgressUpdate
from .common import add_service_errors

QUEUE_PAGE = 50


def review_queue(request):
    """Oldest first, with counts; each list shows its oldest 50, the ones to do next."""
    require_perm(request, "assurance.view_review_queue")
    updates = queries.queue_updates_for(request.user)
    requests = queries.queue_due_date_requests_for(request.user)
    update_count, request_count = updates.count(), requests.count()
    # Usually none or a few: counted by a second query only when the page is full.
    unowned = queries.queue_nobody_to_act_for(request.user)
    unowned_shown = list(unowned[:QUEUE_PAGE])
    unowned_count = len(unowned_shown) if len(unowned_shown) < QUEUE_PAGE else unowned.count()
    return render(
        request,
        "assurance/review_queue.html",
        {
            "updates": list(updates[:QUEUE_PAGE]) if update_count else [],
            "update_count": update_count,
            "requests": list(requests[:QUEUE_PAGE]) if request_count else [],
            "request_count": request_count,
            "unowned": unowned_shown,
            "unowned_count": unowned_count,
            "can_invite": can(request.user, "scr_tracker.invite_user"),
            "shown": QUEUE_PAGE,
            "breadcrumbs": [("Review queue", "")],
        },
    )


@require_http_methods(["GET", "POST"])
def update_judge(request, pk):
    """Accept an update's evidence (assuring the action when it claims completion) or return
    it with a comment."""
    update = get_for_user(
        request,
        ProgressUpdate.objects.select_related(
            "action__recommendation__review__partnership", "action__agency", "author", "judged_by"
        ).prefetch_related(queries.active_evidence()),
        pk,
        perm="assurance.judge_update",
    )
    action = update.action
    awaiting = update.judgement == Judgement.AWAITING
    form = JudgementForm(request.POST or None, claims_completion=update.claims_completion)
    if request.method == "POST" and awaiting and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.update_judge(
                update=update,
                actor=request.user,
                accept=accept,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_service_errors(form, error, field="decision")
        else:
            if accept and update.claims_completion:
                messages.success(request, "The evidence has been accepted and the action assured.")
            elif accept:
                messages.success(request, "The evidence has been accepted.")
            else:
                messages.success(request, "The evidence has been returned. The lead has been told.")
            return redirect("assurance:review_queue")
    return render(
        request,
        "assurance/update_judge.html",
        {
            "form": form,
            "update": update,
            "action": action,
            "awaiting": awaiting,
            "title": "Judge the completion claim"
            if update.claims_completion
            else "Judge the evidence",
            "breadcrumbs": [crumb("Review queue", "assurance:review_queue"), ("Judge", "")],
            "action_crumbs": trail(action),
        },
    )


@require_http_methods(["GET", "POST"])
def due_date_decide(request, pk):
    """Agree or decline a lead's request to move a due date."""
    revision = get_for_user(
        request,
        DueDateRevision.objects.select_related(
            "action__recommendation__review__partnership",
            "action__agency",
            "requested_by",
            "decided_by",
        ),
        pk,
        perm="assurance.decide_due_date",
    )
    pending = revision.state == RevisionState.PENDING
    form = DueDateDecisionForm(request.POST or None)
    if request.method == "POST" and pending and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.due_date_decide(
                revision=revision,
                actor=request.user,
                approve=approve,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_service_errors(form, error, field="decision")
        else:
            messages.success(
                request,
                "The new due date has been agreed. The lead has been told."
                if approve
                else "The request has been declined. The lead has been told.",
            )
            return redirect("assurance:review_queue")
    return render(
        request,
        "assurance/due_date_decide.html",
        {
            "form": form,
            "revision": revision,
            "action": revision.action,
            "pending": pending,
            "title": "Decide a due date request",
            "breadcrumbs": [
                crumb("Review queue", "assurance:review_queue"),
                ("Due date request", ""),
            ],
        },
    )
