"""The filters of the action and recommendation lists (and their exports). Every choice offered
comes from the user's own scope; the querysets filtered are already scoped by `for_user`."""

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from recommendations.models import (
    NOT_CLAIMED_STATUSES,
    OPEN_STATUSES,
    Action,
    ActionStatus,
    Recommendation,
    RecommendationScope,
    RecommendationSource,
)
from recommendations.rag import RAG, RollupRating
from reviews.filters import ReviewChoiceFilter, themes_for
from reviews.models import ReviewKind
from scr_tracker.filters import ListFilterSet, agencies_for, start_of, text_query
from scr_tracker.forms import GovukForm

from .models import Judgement, ProgressUpdate


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
        queryset=themes_for,
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
    agreed_after = filters.DateFilter(
        field_name="recommendation__review__recommendations_agreed_date",
        lookup_expr="gte",
        label="Review agreed on or after",
    )
    agreed_before = filters.DateFilter(
        field_name="recommendation__review__recommendations_agreed_date",
        lookup_expr="lte",
        label="Review agreed on or before",
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
    nobody_to_act = filters.BooleanFilter(
        method="filter_nobody_to_act",
        label="No one can update (the agency has no active lead)",
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
        return queryset.filter(last_update_at__gte=start_of(value))

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
        awaiting = ProgressUpdate.objects.filter(
            action=OuterRef("pk"), judgement=Judgement.AWAITING, archived_at__isnull=True
        )
        return queryset.filter(Exists(awaiting))

    def filter_nobody_to_act(self, queryset, name, value):
        return queryset.nobody_to_act() if value else queryset


# The Actions list's filters that choose which actions a dashboard counts, in the order the
# dashboard's form shows them (status, overdue and the like are what its figures break down by).
DASHBOARD_FILTERS = (
    "review",
    "review_kind",
    "agency",
    "theme",
    "lead_officer",
    "partnership_rag",
    "due_after",
    "due_before",
    "agreed_after",
    "agreed_before",
    "nobody_to_act",
)


class DashboardFilter(ActionFilter):
    """The dashboard's filters: the Actions list's own (same names, choices and rules), so a
    dashboard URL's query string is also an Actions list query string."""

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        return {name: filters[name] for name in DASHBOARD_FILTERS}


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
        queryset=themes_for,
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
    rating = filters.ChoiceFilter(
        choices=RollupRating.choices,
        label="Rating",
        empty_label="Any rating",
        method="filter_rating",
        help_text="Rolled up from its actions: the worst open rating, or how they closed",
    )
    open_actions = filters.BooleanFilter(
        method="filter_open_actions", label="With open actions", widget=forms.CheckboxInput
    )
    overdue_actions = filters.BooleanFilter(
        method="filter_overdue_actions", label="With overdue actions", widget=forms.CheckboxInput
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
        return queryset.filter(
            Exists(
                Action.objects.filter(
                    recommendation=OuterRef("pk"),
                    status__in=OPEN_STATUSES,
                    archived_at__isnull=True,
                )
            )
        )

    def filter_rating(self, queryset, name, value):
        """The queryset carries the roll-up (`with_rollup`, as the list annotates it)."""
        return queryset.filter(rollup_rating=value)

    def filter_overdue_actions(self, queryset, name, value):
        return queryset.filter(rollup_overdue__gt=0) if value else queryset

    def filter_repeats(self, queryset, name, value):
        return queryset.filter(repeats__isnull=False) if value else queryset
