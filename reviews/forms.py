from django import forms

from scr_tracker.forms import GovukModelForm

from .models import Review, Theme


class ReviewForm(GovukModelForm):
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    related_reviews = forms.ModelMultipleChoiceField(
        queryset=Review.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Earlier reviews whose lessons this one repeats or builds on.",
    )
    change_reason = forms.CharField(
        required=False,
        max_length=300,
        label="Reason for the change (optional)",
        help_text="Kept in the history of this review.",
    )

    class Meta:
        model = Review
        fields = [
            "reference",
            "title",
            "kind",
            "status",
            "is_exempt",
            "author",
            "recommendation_label",
            "summary",
            # The incident, decision, commissioning and publication dates are recorded as stages
            # on the review's timeline (reviews.services.stage_record), which copies them here.
            "recommendations_agreed_date",
            "themes",
            "related_reviews",
        ]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["reference"].widget.attrs["class"] += " govuk-input--width-20"
        others = Review.objects.filter(partnership=partnership).active()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["related_reviews"].queryset = others
        self.fields["themes"].queryset = Theme.objects.offered_to(partnership.pk).filter(
            is_active=True
        )
        if not self.instance.pk:
            del self.fields["change_reason"]

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        clash = Review.objects.filter(partnership=self.partnership, reference__iexact=reference)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                f"Another review in your partnership already uses the reference {reference}."
            )
        return reference

    def _get_validation_exclusions(self):
        # The partnership is set by the service; the reference check above covers uniqueness.
        exclusions = super()._get_validation_exclusions()
        exclusions.add("partnership")
        return exclusions
