from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from scr_tracker import once
from scr_tracker.access import get_for_user, require_perm
from scr_tracker.breadcrumbs import trail
from scr_tracker.pages import archive_page, history_page, today

from . import services
from .forms import ReviewForm
from .lifecycle import lifecycle_of, stages_for
from .models import Lifecycle, Review, StageRule
from .stage_forms import StageExtendForm, StageRecordForm
from .timeline import timeline_for


@require_http_methods(["GET", "POST"])
def review_create(request):
    require_perm(request, "reviews.add_review")
    form = ReviewForm(request.POST or None, partnership=request.user.partnership)
    if request.method == "POST" and form.is_valid():
        review = services.review_save(
            review=form.save(commit=False),
            actor=request.user,
            themes=form.cleaned_data["themes"],
            related_reviews=form.cleaned_data["related_reviews"],
        )
        messages.success(request, f"Review {review.reference} ({review.title}) has been created.")
        return redirect(review)
    return render(
        request,
        "reviews/review_form.html",
        {"form": form, "title": "Add a review", "breadcrumbs": trail(None, ("Add a review", ""))},
    )


@require_http_methods(["GET", "POST"])
def review_edit(request, pk):
    review = get_for_user(
        request, Review.objects.select_related("partnership"), pk, perm="reviews.change_review"
    )
    form = ReviewForm(request.POST or None, instance=review, partnership=review.partnership)
    if request.method == "POST" and form.is_valid():
        services.review_save(
            review=form.save(commit=False),
            actor=request.user,
            themes=form.cleaned_data["themes"],
            related_reviews=form.cleaned_data["related_reviews"],
            reason=form.cleaned_data.get("change_reason", ""),
        )
        messages.success(request, "The review has been saved.")
        return redirect(review)
    return render(
        request,
        "reviews/review_form.html",
        {
            "form": form,
            "title": f"Edit {review.title}",
            "review": review,
            "breadcrumbs": trail(review, ("Edit", "")),
        },
    )


def review_history(request, pk):
    review = get_for_user(request, Review.objects.all(), pk)
    return history_page(
        request,
        review,
        breadcrumbs=trail(review, ("History", "")),
        title=f"History of review {review.title}",
    )


@require_http_methods(["GET", "POST"])
def review_archive(request, pk):
    review = get_for_user(request, Review.objects.all(), pk, perm="reviews.archive_review")
    return archive_page(
        request,
        review,
        archive=lambda **kw: services.review_archive(review=review, **kw),
        restore=lambda **kw: services.review_restore(review=review, **kw),
        breadcrumbs=trail(review, ("Archive", "")),
        title=("Restore" if review.is_archived else "Archive") + f" review {review.title}",
        done_url=review.get_absolute_url(),
        what="review",
    )


def _stage_page(request, pk, key):
    """The review (in the user's scope, which the user may record stages of) and the stage's
    row on its timeline, or 404."""
    review = get_for_user(
        request, Review.objects.select_related("partnership"), pk, perm="reviews.record_stage"
    )
    row = timeline_for(review, today()).row(key)
    if row is None:
        raise Http404("No such stage")
    return review, row


def _stage_form_page(request, review, row, form, *, template, title, save, success):
    if request.method == "POST" and form.is_valid():
        if not once.spend(request):
            return once.already_done(request, review.get_absolute_url() + "#timeline")
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, success)
            return redirect(review.get_absolute_url() + "#timeline")
    return render(
        request,
        template,
        {
            "form": form,
            "review": review,
            "row": row,
            "title": title,
            "breadcrumbs": trail(review, (title, "")),
        },
    )


@require_http_methods(["GET", "POST"])
def stage_record(request, pk, key):
    """A board manager records the date a stage of the review was done (a decision with its
    reason; a late stage with why), or corrects it with a reason."""
    review, row = _stage_page(request, pk, key)
    if not row.can_record:
        raise Http404("This stage cannot be recorded")
    form = StageRecordForm(
        request.POST or None, spec=row.spec, lifecycle=lifecycle_of(review.kind), record=row.record
    )
    return _stage_form_page(
        request,
        review,
        row,
        form,
        template="reviews/stage_record.html",
        title=f"Record: {row.spec.name}",
        save=lambda data: services.stage_record(
            review=review,
            key=key,
            completed_on=data["completed_on"],
            actor=request.user,
            today=today(),
            late_reason=data.get("late_reason", ""),
            decision=data.get("decision", ""),
            decision_reason=data.get("decision_reason", ""),
            note=data.get("note", ""),
            reason=data.get("reason", ""),
        ),
        success=f"{row.spec.name}: recorded.",
    )


@require_http_methods(["GET", "POST"])
def stage_extend(request, pk, key):
    """A board manager records an agreed extension of a stage's deadline: who agreed it, why."""
    review, row = _stage_page(request, pk, key)
    if not row.can_extend:
        raise Http404("This stage has no running deadline to extend")
    form = StageExtendForm(request.POST or None)
    return _stage_form_page(
        request,
        review,
        row,
        form,
        template="reviews/stage_extend.html",
        title=f"Extend the deadline: {row.spec.name}",
        save=lambda data: services.stage_extend(
            stage=row.record,
            due_date=data["due_date"],
            agreed_by=data["agreed_by"],
            reason=data["reason"],
            actor=request.user,
        ),
        success=f"{row.spec.name}: the extension has been recorded.",
    )


@require_safe
def stage_rules(request):
    """The stages of each kind of review in force for the user's partnership: owners, clock
    rules and where each comes from (the shipped default's source, or the partnership's own
    rule)."""
    require_perm(request, "reviews.list_review")
    rules = list(StageRule.objects.filter(partnership_id=request.user.partnership_id))
    lifecycles = [
        (label, stages_for(request.user.partnership_id, value, rules))
        for value, label in Lifecycle.choices
    ]
    return render(
        request,
        "reviews/stage_rules.html",
        {
            "lifecycles": lifecycles,
            "partnership": request.user.partnership,
            "breadcrumbs": [("Stages and deadlines", "")],
        },
    )
