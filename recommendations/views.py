from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from reviews.models import Review
from scr_tracker.access import get_for_user
from scr_tracker.breadcrumbs import trail
from scr_tracker.concurrency import EditConflict, conflict_page
from scr_tracker.pages import archive_page, history_page

from . import services
from .forms import ActionForm, RecommendationForm
from .models import Action, Recommendation


def _timescale_message(request, reading):
    if reading.message:
        messages.warning(request, reading.message)


@require_http_methods(["GET", "POST"])
def recommendation_create(request, review_pk):
    review = get_for_user(
        request,
        Review.objects.select_related("partnership"),
        review_pk,
        perm="recommendations.add_recommendation",
    )
    form = RecommendationForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        recommendation = services.recommendation_save(
            recommendation=form.save(commit=False),
            actor=request.user,
            themes=form.cleaned_data["themes"],
        )
        messages.success(request, f"Recommendation {recommendation.number} has been added.")
        if "add_another" in request.POST:
            return redirect("recommendations:create", review_pk=review.pk)
        return redirect(recommendation)
    return render(
        request,
        "recommendations/recommendation_form.html",
        {
            "form": form,
            "review": review,
            "title": f"Add a recommendation to {review.title}",
            "breadcrumbs": trail(review, ("Add a recommendation", "")),
            "add_another": True,
        },
    )


@require_http_methods(["GET", "POST"])
def recommendation_edit(request, pk):
    recommendation = get_for_user(
        request, Recommendation.objects.for_page(), pk, perm="recommendations.change_recommendation"
    )
    review = recommendation.review
    form = RecommendationForm(request.POST or None, instance=recommendation, review=review)
    if request.method == "POST" and form.is_valid():
        services.recommendation_save(
            recommendation=form.save(commit=False),
            actor=request.user,
            themes=form.cleaned_data["themes"],
            reason=form.cleaned_data.get("change_reason", ""),
        )
        messages.success(request, f"Recommendation {recommendation.number} has been saved.")
        return redirect(recommendation)
    return render(
        request,
        "recommendations/recommendation_form.html",
        {
            "form": form,
            "review": review,
            "recommendation": recommendation,
            "title": f"Edit recommendation {recommendation.number}",
            "breadcrumbs": trail(recommendation, ("Edit", "")),
        },
    )


def recommendation_history(request, pk):
    recommendation = get_for_user(request, Recommendation.objects.for_page(), pk)
    return history_page(
        request,
        recommendation,
        breadcrumbs=trail(recommendation, ("History", "")),
        title=f"History of {recommendation.review.title} recommendation {recommendation.number}",
    )


@require_http_methods(["GET", "POST"])
def recommendation_archive(request, pk):
    recommendation = get_for_user(
        request,
        Recommendation.objects.for_page(),
        pk,
        perm="recommendations.archive_recommendation",
    )
    return archive_page(
        request,
        recommendation,
        archive=lambda **kw: services.recommendation_archive(recommendation=recommendation, **kw),
        restore=lambda **kw: services.recommendation_restore(recommendation=recommendation, **kw),
        breadcrumbs=trail(recommendation, ("Archive", "")),
        title=("Restore" if recommendation.is_archived else "Archive")
        + f" recommendation {recommendation.number}",
        done_url=recommendation.get_absolute_url(),
        what="recommendation",
    )


def _derive_due_date(form) -> bool:
    """Take the due date from the timescale when none is typed or only the timescale changed."""
    if not form.cleaned_data.get("due_date"):
        return True
    return "timescale" in form.changed_data and "due_date" not in form.changed_data


@require_http_methods(["GET", "POST"])
def action_create(request, recommendation_pk):
    recommendation = get_for_user(
        request,
        Recommendation.objects.for_page(),
        recommendation_pk,
        perm="recommendations.add_action",
    )
    form = ActionForm(request.POST or None, recommendation=recommendation)
    if request.method == "POST" and form.is_valid():
        action, reading = services.action_save(
            action=form.save(commit=False),
            actor=request.user,
            derive_due_date=_derive_due_date(form),
        )
        messages.success(request, f"The {action.agency.name} action has been added.")
        _timescale_message(request, reading)
        if "add_another" in request.POST:
            return redirect("recommendations:action_create", recommendation_pk=recommendation.pk)
        return redirect(recommendation)
    return render(
        request,
        "recommendations/action_form.html",
        {
            "form": form,
            "recommendation": recommendation,
            "title": f"Add an action to recommendation {recommendation.number}",
            "breadcrumbs": trail(recommendation, ("Add an action", "")),
            "add_another": True,
        },
    )


@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    action = get_for_user(
        request, Action.objects.for_page(), pk, perm="recommendations.change_action"
    )
    recommendation = action.recommendation
    form = ActionForm(request.POST or None, instance=action, recommendation=recommendation)
    if request.method == "POST" and form.is_valid():
        try:
            _, reading = services.action_save(
                action=form.save(commit=False),
                actor=request.user,
                reason=form.cleaned_data.get("change_reason", ""),
                derive_due_date=_derive_due_date(form),
                loaded_version=form.cleaned_data.get("loaded_version"),
                edited_fields=form.edited_fields,
            )
        except EditConflict as conflict:
            return conflict_page(
                request,
                conflict,
                what="action",
                edit_url=reverse("recommendations:action_edit", args=[action.pk]),
                back_url=action.get_absolute_url(),
                breadcrumbs=trail(action, ("Not saved", "")),
            )
        messages.success(request, "The action has been saved.")
        _timescale_message(request, reading)
        return redirect(action)
    return render(
        request,
        "recommendations/action_form.html",
        {
            "form": form,
            "recommendation": recommendation,
            "action": action,
            "title": f"Edit the {action.agency.name} action",
            "breadcrumbs": trail(action, ("Edit", "")),
        },
    )


def action_history(request, pk):
    action = get_for_user(request, Action.objects.for_page(), pk)
    return history_page(
        request,
        action,
        breadcrumbs=trail(action, ("History", "")),
        title=f"History of the {action.agency.name} action on recommendation "
        f"{action.recommendation.number}",
    )


@require_http_methods(["GET", "POST"])
def action_archive(request, pk):
    action = get_for_user(
        request, Action.objects.for_page(), pk, perm="recommendations.archive_action"
    )
    return archive_page(
        request,
        action,
        archive=lambda **kw: services.action_archive(action=action, **kw),
        restore=lambda **kw: services.action_restore(action=action, **kw),
        breadcrumbs=trail(action, ("Archive", "")),
        title=("Restore" if action.is_archived else "Archive")
        + f" the {action.agency.name} action",
        done_url=action.get_absolute_url(),
        what="action",
    )
