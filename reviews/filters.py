"""The filters of the review list (and its downloads)."""

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef

from scr_tracker.filters import ListFilterSet, text_query
from scr_tracker.forms import GovukForm
from scr_tracker.working_days import Nation, add_working_days

from .models import Review, ReviewKind, ReviewStage, ReviewStatus, StageState, Theme


def reviews_for(request):
    return (
        Review.objects.for_user(request.user).only("id", "reference", "title").order_by("reference")
    )


def _review_label(review):
    return f"{review.reference}: {review.title}"


def themes_for(request):
    """The themes a list may be filtered by: the national list and the user's partnership's."""
    return Theme.objects.for_user(request.user).order_by("name")


class ReviewChoiceFilter(filters.ModelChoiceFilter):
    """A choice of the user's reviews, each read as "SCR-2016-01: Baby F": a plain select
    that JavaScript turns into an autocomplete (a partnership has hundreds of reviews)."""

    label_from_instance = staticmethod(_review_label)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", reviews_for)
        kwargs.setdefault("empty_label", "Any review")
        kwargs.setdefault("widget", forms.Select(attrs={"data-module": "app-autocomplete"}))
        super().__init__(*args, **kwargs)


class ReviewFilter(ListFilterSet):
    q = filters.CharFilter(
        label="Text", method="filter_text", help_text="Words in the reference, title or summary"
    )
    kind = filters.ChoiceFilter(
        choices=ReviewKind.choices, label="Kind of review", empty_label="Any kind"
    )
    status = filters.ChoiceFilter(
        choices=ReviewStatus.choices, label="Stage", empty_label="Any stage"
    )
    theme = filters.ModelChoiceFilter(
        queryset=themes_for,
        label="Theme",
        empty_label="Any theme",
        method="filter_theme",
    )
    agreed_after = filters.DateFilter(
        field_name="recommendations_agreed_date", lookup_expr="gte", label="Agreed on or after"
    )
    agreed_before = filters.DateFilter(
        field_name="recommendations_agreed_date", lookup_expr="lte", label="Agreed on or before"
    )
    # The lifecycle's deadlines: a stage in progress whose deadline is near, or has passed.
    deadline_soon = filters.BooleanFilter(
        method="filter_deadline_soon",
        label="Deadline within 10 working days",
        widget=forms.CheckboxInput,
    )
    late = filters.BooleanFilter(
        method="filter_late", label="Late: a stage past its deadline", widget=forms.CheckboxInput
    )
    exempt = filters.BooleanFilter(
        field_name="is_exempt",
        label="Exempt (unpublished) only",
        widget=forms.CheckboxInput,
        method="filter_exempt",
    )

    class Meta:
        form = GovukForm
        fields = []

    def filter_text(self, queryset, name, value):
        return queryset.filter(text_query(value, ["reference", "title", "summary", "author"]))

    def filter_theme(self, queryset, name, value):
        return queryset.filter(
            pk__in=Review.themes.through.objects.filter(theme=value).values("review_id")
        )

    def filter_exempt(self, queryset, name, value):
        return queryset.filter(is_exempt=True) if value else queryset

    def filter_deadline_soon(self, queryset, name, value):
        if not value:
            return queryset
        partnership = getattr(getattr(self.request, "user", None), "partnership", None)
        nation = partnership.nation if partnership else Nation.ENGLAND
        horizon = add_working_days(self.today, DEADLINE_SOON_WORKING_DAYS, nation)
        return queryset.filter(
            Exists(running_stages().filter(current_due__gte=self.today, current_due__lte=horizon))
        )

    def filter_late(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(running_stages().filter(current_due__lt=self.today)))


# "Deadline within 10 working days" on the reviews list.
DEADLINE_SOON_WORKING_DAYS = 10


def running_stages():
    """The stages of the outer review whose clock is running."""
    return ReviewStage.objects.filter(
        review=OuterRef("pk"), state=StageState.RUNNING, current_due__isnull=False
    )
