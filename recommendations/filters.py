"""The filters of the action and recommendation lists (and their exports). Every choice offered
comes from the user's own scope; the querysets filtered are already scoped by `for_user`."""

import datetime

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from reviews.models import Agency, Review, ReviewKind, Theme
from scr_tracker.forms import GovukForm
from scr_tracker.models import Role

from .models import (
    NOT_CLAIMED_STATUSES,
    OPEN_STATUSES,
    ActionStatus,
    Recommendation,
    RecommendationScope,
    RecommendationSource,
)
from .rag import RAG


def reviews_for(request):
    return (
        Review.objects.for_user(request.user).only("id", "reference", "title").order_by("reference")
    )


def agencies_for(request):
    user = request.user
    if user.role == Role.AGENCY_LEAD:
        return user.agencies.order_by("name")
    return Agency.objects.filter(partnership_id=user.partnership_id).order_by("name")


class ReviewChoiceFilter(filters.ModelChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", reviews_for)
        kwargs.setdefault("empty_label", "Any review")
        super().__init__(*args, **kwargs)


def _review_label(review):
    return f"{review.reference}: {review.title}"


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def text_query(words: str, fields: list[str]) -> Q:
    """Every word must appear in at least one of the fields (case-insensitive)."""
    query = Q()
    for word in words.split()[:10]:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        query &= any_field
    return query


class ListFilterSet(filters.FilterSet):
    """Base for the lists' filters: GOV.UK form rendering, today's date for date rules, and
    the current sort order carried through the form (the list's Sorting applies it)."""

    sort = filters.CharFilter(widget=forms.HiddenInput, method="keep_queryset")

    def __init__(self, data=None, *args, today: datetime.date | None = None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(data, *args, **kwargs)
        for name in ("review",):
            if name in self.form.fields:
                self.form.fields[name].label_from_instance = _review_label

    @property
    def active_count(self) -> int:
        """How many filters the user has set (shown beside the filter form's heading)."""
        if not self.is_bound or not self.form.is_valid():
            return 0
        return sum(
            1
            for name, value in self.form.cleaned_data.items()
            if name != "sort" and value not in (None, "", False, [], ())
        )

    def keep_queryset(self, queryset, name, value):
        return queryset


class ActionFilter(ListFilterSet):
    q = filters.CharFilter(
        label="Text",
        method="filter_text",
        help_text="Words in the action, recommendation or review",
    )
    review = ReviewChoiceFilter(field_name="recommendation__review", label="Review")
    review_kind = filters.ChoiceFilter(
        field_name="recommendation__review__kind",
        choices=ReviewKind.choices,
        label="Kind of review",
        empty_label="Any kind",
    )
    agency = filters.ModelChoiceFilter(
        queryset=agencies_for, label="Agency", empty_label="Any agency"
    )
    lead_officer = filters.CharFilter(method="filter_lead_officer", label="Lead officer")
    status = filters.ChoiceFilter(
        choices=ActionStatus.choices, label="Status", empty_label="Any status"
    )
    partnership_rag = filters.ChoiceFilter(
        choices=RAG.choices,
        label="Partnership RAG",
        empty_label="Any rating",
        method="filter_partnership_rag",
    )
    agency_rag = filters.ChoiceFilter(
        choices=[*RAG.agency_choices(), ("none", "Not rated")],
        label="Agency RAG",
        empty_label="Any rating",
        method="filter_agency_rag",
    )
    theme = filters.ModelChoiceFilter(
        queryset=Theme.objects.order_by("name"),
        label="Theme",
        empty_label="Any theme",
        method="filter_theme",
    )
    due_after = filters.DateFilter(
        field_name="due_date", lookup_expr="gte", label="Due on or after"
    )
    due_before = filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label="Due on or before"
    )
    updated_since = filters.DateFilter(method="filter_updated_since", label="Updated since")
    to_do = filters.BooleanFilter(
        method="filter_to_do", label="Not started or in progress", widget=forms.CheckboxInput
    )
    impact = filters.ChoiceFilter(
        choices=[("pending", "Assured, impact not yet evidenced"), ("recorded", "Impact recorded")],
        label="Impact",
        empty_label="Any",
        method="filter_impact",
    )
    overdue = filters.BooleanFilter(
        method="filter_overdue", label="Overdue only", widget=forms.CheckboxInput
    )
    awaiting_judgement = filters.BooleanFilter(
        method="filter_awaiting_judgement",
        label="Update awaiting judgement",
        widget=forms.CheckboxInput,
    )

    class Meta:
        form = GovukForm
        fields = []

    def filter_text(self, queryset, name, value):
        fields = [
            "key_actions",
            "lead_officer",
            "evidence_expected",
            "outcome_measure",
            "agency__name",
            "recommendation__text",
            "recommendation__review__title",
            "recommendation__review__reference",
        ]
        return queryset.filter(text_query(value, fields))

    def filter_lead_officer(self, queryset, name, value):
        return queryset.filter(
            Q(lead_officer__icontains=value)
            | Q(lead_officer_user__first_name__icontains=value)
            | Q(lead_officer_user__last_name__icontains=value)
        )

    def filter_partnership_rag(self, queryset, name, value):
        return queryset.filter(partnership_rag=value)

    def filter_agency_rag(self, queryset, name, value):
        return queryset.filter(agency_rag="" if value == "none" else value)

    def filter_theme(self, queryset, name, value):
        return queryset.filter(recommendation__themes=value)

    def filter_updated_since(self, queryset, name, value):
        return queryset.filter(last_update_at__gte=_start_of(value))

    def filter_to_do(self, queryset, name, value):
        return queryset.filter(status__in=NOT_CLAIMED_STATUSES) if value else queryset

    def filter_impact(self, queryset, name, value):
        if value == "pending":
            return queryset.filter(status=ActionStatus.ASSURED, impact_recorded_at__isnull=True)
        return queryset.filter(impact_recorded_at__isnull=False)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(self.today) if value else queryset

    def filter_awaiting_judgement(self, queryset, name, value):
        if not value:
            return queryset
        from assurance.models import Judgement, ProgressUpdate

        awaiting = ProgressUpdate.objects.filter(
            action=OuterRef("pk"), judgement=Judgement.AWAITING, archived_at__isnull=True
        )
        return queryset.filter(Exists(awaiting))


class RecommendationFilter(ListFilterSet):
    q = filters.CharFilter(
        label="Text", method="filter_text", help_text="Words in the recommendation or review"
    )
    review = ReviewChoiceFilter(field_name="review", label="Review")
    review_kind = filters.ChoiceFilter(
        field_name="review__kind",
        choices=ReviewKind.choices,
        label="Kind of review",
        empty_label="Any kind",
    )
    source = filters.ChoiceFilter(
        choices=RecommendationSource.choices, label="Source", empty_label="Any source"
    )
    scope = filters.ChoiceFilter(
        choices=RecommendationScope.choices, label="Scope", empty_label="Any scope"
    )
    agency = filters.ModelChoiceFilter(
        queryset=agencies_for,
        label="Agency with an action",
        empty_label="Any agency",
        method="filter_agency",
    )
    theme = filters.ModelChoiceFilter(
        queryset=Theme.objects.order_by("name"),
        label="Theme",
        empty_label="Any theme",
        method="filter_theme",
    )
    agreed_after = filters.DateFilter(
        field_name="review__recommendations_agreed_date",
        lookup_expr="gte",
        label="Agreed on or after",
    )
    agreed_before = filters.DateFilter(
        field_name="review__recommendations_agreed_date",
        lookup_expr="lte",
        label="Agreed on or before",
    )
    open_actions = filters.BooleanFilter(
        method="filter_open_actions", label="With open actions", widget=forms.CheckboxInput
    )
    repeats = filters.BooleanFilter(
        method="filter_repeats",
        label="Repeats an earlier recommendation",
        widget=forms.CheckboxInput,
    )

    class Meta:
        form = GovukForm
        fields = []

    def filter_text(self, queryset, name, value):
        fields = ["number", "text", "desired_outcome", "review__title", "review__reference"]
        return queryset.filter(text_query(value, fields))

    def filter_agency(self, queryset, name, value):
        from .models import Action

        return queryset.filter(
            Exists(
                Action.objects.filter(
                    recommendation=OuterRef("pk"), agency=value, archived_at__isnull=True
                )
            )
        )

    def filter_theme(self, queryset, name, value):
        return queryset.filter(
            Exists(
                Recommendation.themes.through.objects.filter(
                    recommendation=OuterRef("pk"), theme=value
                )
            )
        )

    def filter_open_actions(self, queryset, name, value):
        if not value:
            return queryset
        from .models import Action

        return queryset.filter(
            Exists(
                Action.objects.filter(
                    recommendation=OuterRef("pk"),
                    status__in=OPEN_STATUSES,
                    archived_at__isnull=True,
                )
            )
        )

    def filter_repeats(self, queryset, name, value):
        return queryset.filter(repeats__isnull=False) if value else queryset
