from django import forms

from scr_tracker.forms import GovukModelForm

from .models import Theme


class ThemeForm(GovukModelForm):
    change_reason = forms.CharField(
        required=False,
        max_length=300,
        label="Reason for the change (optional)",
        help_text="Kept in the history of this theme.",
    )

    class Meta:
        model = Theme
        fields = ["name", "description", "source", "is_active"]
        labels = {"is_active": "Offer this theme when recording reviews and recommendations"}
