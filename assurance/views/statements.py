"""The board's implementation assurance statement for a recommendation."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from recommendations.models import Action, Recommendation
from recommendations.rag import Thresholds
from scr_tracker import once
from scr_tracker.access import get_for_user
from scr_tracker.breadcrumbs import trail
from scr_tracker.concurrency import EditConflict, conflict_page
from scr_tracker.pages import history_page, today

from .. import services
from ..forms import AssuranceStatementForm
from ..models import AssuranceStatement, Evidence, Judgement, level_meanings


def _recommendation(request, pk, perm=None):
    return get_for_user(
        request,
        Recommendation.objects.select_related("review__partnership", "assurance_statement"),
        pk,
        perm=perm,
    )


@require_http_methods(["GET", "POST"])
def statement_edit(request, recommendation_pk):
    recommendation = _recommendation(
        request, recommendation_pk, perm="assurance.change_assurancestatement"
    )
    statement = getattr(recommendation, "assurance_statement", None) or AssuranceStatement(
        recommendation=recommendation
    )
    form = AssuranceStatementForm(
        request.POST or None, instance=statement, partnership=recommendation.review.partnership
    )
    if request.method == "POST" and form.is_valid():
        if not once.spend(request):
            return once.already_done(request, recommendation)
        try:
            services.assurance_statement_save(
                statement=form.save(commit=False),
                actor=request.user,
                reason=form.cleaned_data.get("change_reason", ""),
                loaded_version=form.cleaned_data.get("loaded_version"),
                edited_fields=form.edited_fields,
            )
        except EditConflict as conflict:
            return conflict_page(
                request,
                conflict,
                what="assurance statement",
                edit_url=reverse("assurance:statement_edit", args=[recommendation.pk]),
                back_url=recommendation.get_absolute_url(),
                breadcrumbs=trail(recommendation, ("Not saved", "")),
            )
        messages.success(
            request,
            f"The assurance statement for recommendation {recommendation.number} has been saved.",
        )
        return redirect(recommendation)
    partnership = recommendation.review.partnership
    actions = list(
        Action.objects.for_user(request.user)
        .active()
        .filter(recommendation=recommendation)
        .select_related("agency", "recommendation__review")
        .with_partnership_rag(today(), Thresholds.for_partnership(partnership))
        .order_by("position", "id")
    )
    accepted: dict[int, list] = {}
    for item in (
        Evidence.objects.active()
        .filter(action__in=actions, judgement=Judgement.ACCEPTED)
        .order_by("created_at", "id")
    ):
        accepted.setdefault(item.action_id, []).append(item)
    for action in actions:
        action.accepted_evidence = accepted.get(action.pk, [])
    return render(
        request,
        "assurance/statement_form.html",
        {
            "form": form,
            "recommendation": recommendation,
            "actions": actions,
            "meanings": level_meanings(partnership),
            "title": f"Implementation assurance for recommendation {recommendation.number}",
            "breadcrumbs": trail(recommendation, ("Implementation assurance", "")),
        },
    )


def statement_history(request, recommendation_pk):
    recommendation = _recommendation(request, recommendation_pk)
    statement = getattr(recommendation, "assurance_statement", None)
    if statement is None:
        raise Http404("No assurance statement has been written yet.")
    return history_page(
        request,
        statement,
        breadcrumbs=trail(recommendation, ("Assurance history", "")),
        title=f"History of the assurance statement for recommendation {recommendation.number}",
    )
