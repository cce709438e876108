"""What agency leads do with their actions (My actions, progress updates, due date requests)
and what the board manager does to an action directly (close it as not implemented, record
its impact check)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.views.decorators.http import require_http_methods

from recommendations import services as action_services
from scr_tracker import once
from scr_tracker.access import get_for_user, require_perm
from scr_tracker.breadcrumbs import trail
from scr_tracker.pages import paginate, today

from .. import queries, services
from ..evidence_files import ALLOWED_TYPES_TEXT, max_upload_text
from ..forms import CloseNotImplementedForm, DueDateRequestForm, ImpactCheckForm, ProgressUpdateForm
from ..models import Judgement, ProgressUpdate
from .common import actions, add_service_errors


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
    _since, attention = queries.needs_attention(request, request.user, today(), timezone.now())
    return render(
        request,
        "assurance/my_actions.html",
        {
            "page_obj": page,
            "groups": groups,
            "counts": [(queries.GROUP_LABELS[g], n) for g, n in counts.items()],
            "total": sum(counts.values()),
            "attention": attention,
            "breadcrumbs": [("My actions", "")],
        },
    )


def _action_form_page(
    request, action, form, *, template, title, save, error_field, success, crumb=None, **context
):
    """What every form page on one action does: on a valid POST, `save` the cleaned data
    through a service; the service's ValidationError goes back on the form (on `error_field`
    when it names no field), success redirects to the action with the `success` message (or
    the message a function of the data gives). Otherwise, or after errors, the form again.
    The form acts once: a second POST of it does nothing and goes back to the action."""
    if request.method == "POST" and form.is_valid():
        if not once.spend(request):
            return once.already_done(request, action)
        data = form.cleaned_data
        try:
            save(data)
        except ValidationError as error:
            add_service_errors(form, error, field=error_field)
        else:
            messages.success(request, success(data) if callable(success) else success)
            return redirect(action)
    return render(
        request,
        template,
        {
            "form": form,
            "action": action,
            "title": title,
            "breadcrumbs": trail(action, (crumb or title, "")),
            **context,
        },
    )


def _update_posted(data) -> str:
    if data["claims_completion"]:
        return (
            "Your update has been posted. The board manager will judge the evidence "
            "before the action is assured."
        )
    return "Your update has been posted."


def _responding_to(request, action) -> tuple[dict, dict | None]:
    """A new update started from the action's "Respond" button: answering returned evidence
    (``?respond=<update id>``) ticks that update's evidence to carry forward and, when it
    claimed completion, the claim again; answering a request for evidence (``?respond=
    evidence``) ticks the claim. Nothing is decided for the lead: they can untick it all.
    Returns the form's initial data and what the board said (to quote above the form)."""
    respond = request.GET.get("respond", "")
    if respond == "evidence":
        asked = queries.open_evidence_request_for(action)
        if asked is None:
            return {}, None
        return {"claims_completion": True}, {
            "heading": "The board manager asks for the evidence that this action is complete:",
            "comment": asked.comment,
        }
    if not respond.isdigit():
        return {}, None
    returned = (
        ProgressUpdate.objects.active()
        .filter(action=action, pk=int(respond), judgement=Judgement.RETURNED)
        .prefetch_related(queries.active_evidence())
        .first()
    )
    if returned is None:
        return {}, None
    initial = {
        "claims_completion": returned.claims_completion,
        "carried": [item.carried_from_id or item.pk for item in returned.evidence.all()],
    }
    return initial, {
        "heading": "The board manager returned the evidence of the update of "
        f"{date_format(localtime(returned.created_at), 'j F Y')}: more is needed.",
        "comment": returned.judgement_comment,
    }


@require_http_methods(["GET", "POST"])
def update_create(request, action_pk):
    """Post a progress update, with evidence and optionally a claim that the action is done."""
    action = get_for_user(request, actions(), action_pk, perm="assurance.post_update")
    initial, responding = _responding_to(request, action)
    form = ProgressUpdateForm(
        request.POST or None, request.FILES or None, action=action, initial=initial
    )
    return _action_form_page(
        request,
        action,
        form,
        template="assurance/update_form.html",
        title="Post a progress update",
        save=lambda data: services.progress_update_post(
            action=action,
            actor=request.user,
            narrative=data["narrative"],
            rag=data["rag"],
            rag_reason=data["rag_reason"],
            claims_completion=data["claims_completion"],
            files=data["files"],
            artefact=data["artefact"],
            carried=data.get("carried") or (),
        ),
        error_field="files",
        success=_update_posted,
        allowed_types=ALLOWED_TYPES_TEXT,
        max_upload=max_upload_text(),
        responding=responding,
    )


@require_http_methods(["GET", "POST"])
def due_date_request(request, action_pk):
    """An agency lead asks the board manager to move the action's due date."""
    action = get_for_user(request, actions(), action_pk, perm="assurance.request_due_date_change")
    return _action_form_page(
        request,
        action,
        DueDateRequestForm(request.POST or None),
        template="assurance/due_date_request.html",
        title="Ask to change the due date",
        save=lambda data: services.due_date_request(
            action=action, actor=request.user, due_date=data["due_date"], reason=data["reason"]
        ),
        error_field="due_date",
        success="Your request has been sent to the board manager, who will agree or decline it.",
    )


@require_http_methods(["GET", "POST"])
def action_close(request, action_pk):
    """The board manager closes an action as not implemented, with the reason."""
    action = get_for_user(request, actions(), action_pk, perm="recommendations.close_action")
    return _action_form_page(
        request,
        action,
        CloseNotImplementedForm(request.POST or None),
        template="assurance/action_close.html",
        title="Close the action as not implemented",
        crumb="Close as not implemented",
        save=lambda data: action_services.action_close_not_implemented(
            action=action, actor=request.user, reason=data["reason"]
        ),
        error_field="reason",
        success="The action has been closed as not implemented.",
    )


@require_http_methods(["GET", "POST"])
def action_impact(request, action_pk):
    """The board manager sets the re-audit date of the impact check, and later its result."""
    action = get_for_user(request, actions(), action_pk, perm="recommendations.record_impact")
    return _action_form_page(
        request,
        action,
        ImpactCheckForm(
            request.POST or None,
            initial={"reaudit_due": action.reaudit_due, "impact_result": action.impact_result},
        ),
        template="assurance/action_impact.html",
        title="Impact check",
        save=lambda data: action_services.action_impact_record(
            action=action,
            actor=request.user,
            reaudit_due=data["reaudit_due"],
            impact_result=data["impact_result"],
        ),
        error_field="reaudit_due",
        success="The impact check has been saved.",
    )
