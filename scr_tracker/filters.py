"""What every filtered list shares: the GOV.UK filter form base, free-text matching and the
agency choices of the user's scope. The lists' own filters live with the app that owns the list."""

import datetime

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from .models import Agency, Role


def agencies_for(request):
    user = request.user
    if user.role == Role.AGENCY_LEAD:
        return user.agencies.order_by("name")
    return Agency.objects.filter(partnership_id=user.partnership_id).order_by("name")


def start_of(day: datetime.date) -> datetime.datetime:
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
        # A choice filter may say how its options read (a review as "SCR-1: Baby F").
        for name, filter_ in self.filters.items():
            label = getattr(filter_, "label_from_instance", None)
            if label is not None and name in self.form.fields:
                self.form.fields[name].label_from_instance = label

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
