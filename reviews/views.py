from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from scr_tracker.access import get_for_user, require_perm
from scr_tracker.breadcrumbs import trail
from scr_tracker.pages import archive_page, history_page

from . import services
from .forms import ReviewForm
from .models import Review


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
