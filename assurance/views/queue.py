"""The board manager's review queue: evidence and completion claims to judge, due date
requests to decide."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recommendations.models import DueDateRevision, RevisionState
from scr_tracker import once
from scr_tracker.access import can, get_for_user, require_perm
from scr_tracker.breadcrumbs import crumb, trail

from .. import queries, services
from ..evidence_files import ALLOWED_TYPES_TEXT, max_upload_text
from ..forms import BoardEvidenceForm, DueDateDecisionForm, EvidenceRequestForm, JudgementForm
from ..models import Judgement, ProgressUpdate
from .common import actions, add_service_errors

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
    unevidenced = queries.queue_completion_without_evidence_for(request.user)
    unevidenced_shown = list(unevidenced[:QUEUE_PAGE])
    unevidenced_count = (
        len(unevidenced_shown) if len(unevidenced_shown) < QUEUE_PAGE else unevidenced.count()
    )
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
            "unevidenced": unevidenced_shown,
            "unevidenced_count": unevidenced_count,
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
    earlier = [u for u in queries.updates_for_action(action) if u.pk != update.pk]
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
            "earlier": earlier,
            "previews": [item for item in update.evidence.all() if item.preview_kind],
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


def _completion_form_page(request, action, form, *, template, title, save, error_field, done):
    """A form on a completion recorded with no evidence: acts once (one-time token, and the
    service checks the action's state on the locked row); ``done(result)`` says where to go."""
    if request.method == "POST" and form.is_valid():
        if not once.spend(request):
            return once.already_done(request, action)
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error, field=error_field)
        else:
            return done(result)
    return render(
        request,
        template,
        {
            "form": form,
            "action": action,
            "title": title,
            "allowed_types": ALLOWED_TYPES_TEXT,
            "max_upload": max_upload_text(),
            "breadcrumbs": [crumb("Review queue", "assurance:review_queue"), (title, "")],
            "action_crumbs": trail(action),
        },
    )


@require_http_methods(["GET", "POST"])
def evidence_ask(request, action_pk):
    """Ask the agency for the evidence of a completion recorded with none."""
    action = get_for_user(request, actions(), action_pk, perm="assurance.ask_for_evidence")

    def done(_request):
        messages.success(
            request,
            f"{action.agency.name} has been asked for the evidence. Its leads have been emailed "
            "a link to the action.",
        )
        return redirect("assurance:review_queue")

    return _completion_form_page(
        request,
        action,
        EvidenceRequestForm(request.POST or None),
        template="assurance/evidence_ask.html",
        title="Ask the agency for the evidence",
        save=lambda data: services.evidence_request(
            action=action, actor=request.user, comment=data["comment"]
        ),
        error_field="comment",
        done=done,
    )


@require_http_methods(["GET", "POST"])
def board_evidence(request, action_pk):
    """Record the evidence the board has seen of a completion recorded with none, then judge it
    as any other evidence."""
    action = get_for_user(request, actions(), action_pk, perm="assurance.record_board_evidence")

    def done(update):
        messages.success(
            request,
            "The evidence the board has seen has been recorded. Accept it to assure the action.",
        )
        return redirect("assurance:update_judge", pk=update.pk)

    return _completion_form_page(
        request,
        action,
        BoardEvidenceForm(request.POST or None, request.FILES or None),
        template="assurance/board_evidence.html",
        title="Record the evidence the board has seen",
        save=lambda data: services.board_evidence_record(
            action=action, actor=request.user, note=data["note"], files=data["files"]
        ),
        error_field="note",
        done=done,
    )
