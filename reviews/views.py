from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from scr_tracker.access import can, get_for_user, require_perm
from scr_tracker.listing import list_context
from scr_tracker.pages import archive_page, history_page, today

from . import services
from .forms import ReviewForm
from .listing import review_listing
from .models import Review
from .queries import action_plan_for, group_by_agency


def _crumbs(review=None, *tail):
    items = [("Reviews", "/reviews/")]
    if review is not None:
        items.append((review.title, review.get_absolute_url()))
    return items + list(tail)


def review_list(request):
    require_perm(request, "reviews.list_review")
    listing = review_listing(request, today())
    context = list_context(
        request, listing, export_csv="reviews:export_csv", export_xlsx="reviews:export_xlsx"
    )
    context["can_add"] = can(request.user, "reviews.add_review")
    context["title"] = "Reviews"
    return render(request, "reviews/review_list.html", context)


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
        {"form": form, "title": "Add a review", "breadcrumbs": _crumbs(None, ("Add a review", ""))},
    )


def review_detail(request, pk):
    review = get_for_user(request, Review.objects.select_related("partnership"), pk)
    recommendations = action_plan_for(review, request.user, today())
    group = "agency" if request.GET.get("group") == "agency" else "recommendation"
    return render(
        request,
        "reviews/review_detail.html",
        {
            "review": review,
            "recommendations": recommendations,
            "agency_groups": group_by_agency(recommendations) if group == "agency" else None,
            "group": group,
            "themes": list(review.themes.all()),
            "related_reviews": list(
                Review.objects.for_user(request.user).filter(related_reviews=review)
            ),
            "can_change": can(request.user, "reviews.change_review", review),
            "can_add_recommendation": can(
                request.user, "recommendations.add_recommendation", review
            ),
            "can_add_action": can(request.user, "reviews.change_review", review),
            "breadcrumbs": _crumbs(None, (review.title, "")),
        },
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
            "breadcrumbs": _crumbs(review, ("Edit", "")),
        },
    )


def review_history(request, pk):
    review = get_for_user(request, Review.objects.all(), pk)
    return history_page(
        request,
        review,
        breadcrumbs=_crumbs(review, ("History", "")),
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
        breadcrumbs=_crumbs(review, ("Archive", "")),
        title=("Restore" if review.is_archived else "Archive") + f" review {review.title}",
        done_url=review.get_absolute_url(),
        what="review",
    )
