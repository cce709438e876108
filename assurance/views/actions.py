"""What agency leads do with their actions (My actions, progress updates, due date requests)
and what the board manager does to an action directly (close it as not implemented, record
its impact check)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recommendations import services as action_services
from scr_tracker.access import get_for_user, require_perm
from scr_tracker.pages import paginate, today

from .. import queries, services
from ..evidence_files import ALLOWED_TYPES_TEXT, max_upload_text
from ..forms import CloseNotImplementedForm, DueDateRequestForm, ImpactCheckForm, ProgressUpdateForm
from .common import action_crumbs, actions, add_service_errors


def my_actions(request):
    """The agency lead's actions across every review: overdue first, then due within 30 days."""
    require_perm(request, "assurance.view_my_actions")
    rows = queries.my_actions_for(request.user, today())
    page = paginate(request, rows)
    groups: list[tuple[str, list]] = []
    for action in page:
        label = queries.GROUP_LABELS[action.group]
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(action)
    counts = queries.group_counts(rows)
    return render(
        request,
        "assurance/my_actions.html",
        {
            "page_obj": page,
            "groups": groups,
            "counts": [(queries.GROUP_LABELS[g], n) for g, n in counts.items()],
            "total": sum(counts.values()),
            "breadcrumbs": [("My actions", "")],
        },
    )


@require_http_methods(["GET", "POST"])
def update_create(request, action_pk):
    """Post a progress update, with evidence and optionally a claim that the action is done."""
    action = get_for_user(request, actions(), action_pk, perm="assurance.post_update")
    form = ProgressUpdateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.progress_update_post(
                action=action,
                actor=request.user,
                narrative=data["narrative"],
                rag=data["rag"],
                rag_reason=data["rag_reason"],
                claims_completion=data["claims_completion"],
                files=data["files"],
                artefact=data["artefact"],
            )
        except ValidationError as error:
            add_service_errors(form, error, field="files")
        else:
            if data["claims_completion"]:
                messages.success(
                    request,
                    "Your update has been posted. The board manager will judge the evidence "
                    "before the action is assured.",
                )
            else:
                messages.success(request, "Your update has been posted.")
            return redirect(action)
    return render(
        request,
        "assurance/update_form.html",
        {
            "form": form,
            "action": action,
            "allowed_types": ALLOWED_TYPES_TEXT,
            "max_upload": max_upload_text(),
            "title": "Post a progress update",
            "breadcrumbs": action_crumbs(action, ("Post a progress update", "")),
        },
    )


@require_http_methods(["GET", "POST"])
def due_date_request(request, action_pk):
    """An agency lead asks the board manager to move the action's due date."""
    action = get_for_user(request, actions(), action_pk, perm="assurance.request_due_date_change")
    form = DueDateRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.due_date_request(
                action=action,
                actor=request.user,
                due_date=form.cleaned_data["due_date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error, field="due_date")
        else:
            messages.success(
                request,
                "Your request has been sent to the board manager, who will agree or decline it.",
            )
            return redirect(action)
    return render(
        request,
        "assurance/due_date_request.html",
        {
            "form": form,
            "action": action,
            "title": "Ask to change the due date",
            "breadcrumbs": action_crumbs(action, ("Ask to change the due date", "")),
        },
    )


@require_http_methods(["GET", "POST"])
def action_close(request, action_pk):
    """The board manager closes an action as not implemented, with the reason."""
    action = get_for_user(request, actions(), action_pk, perm="recommendations.close_action")
    form = CloseNotImplementedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action_services.action_close_not_implemented(
                action=action, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error, field="reason")
        else:
            messages.success(request, "The action has been closed as not implemented.")
            return redirect(action)
    return render(
        request,
        "assurance/action_close.html",
        {
            "form": form,
            "action": action,
            "title": "Close the action as not implemented",
            "breadcrumbs": action_crumbs(action, ("Close as not implemented", "")),
        },
    )


@require_http_methods(["GET", "POST"])
def action_impact(request, action_pk):
    """The board manager sets the re-audit date of the impact check, and later its result."""
    action = get_for_user(request, actions(), action_pk, perm="recommendations.record_impact")
    form = ImpactCheckForm(
        request.POST or None,
        initial={"reaudit_due": action.reaudit_due, "impact_result": action.impact_result},
    )
    if request.method == "POST" and form.is_valid():
        try:
            action_services.action_impact_record(
                action=action,
                actor=request.user,
                reaudit_due=form.cleaned_data["reaudit_due"],
                impact_result=form.cleaned_data["impact_result"],
            )
        except ValidationError as error:
            add_service_errors(form, error, field="reaudit_due")
        else:
            messages.success(request, "The impact check has been saved.")
            return redirect(action)
    return render(
        request,
        "assurance/action_impact.html",
        {
            "form": form,
            "action": action,
            "title": "Impact check",
            "breadcrumbs": action_crumbs(action, ("Impact check", "")),
        },
    )
