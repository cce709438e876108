"""The forms of a review's timeline: recording a stage as done, and an agreed extension."""

from django import forms

from scr_tracker.forms import GovukDateField, GovukForm

from .lifecycle import DECISION_WORDS
from .models import Decision


class StageRecordForm(GovukForm):
    completed_on = GovukDateField(label="Date done", help_text="For example, 27 3 2026")
    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        choices=Decision.choices,
        required=False,
    )
    decision_reason = forms.CharField(
        label="Reason for the decision",
        widget=forms.Textarea,
        required=False,
        help_text="Kept with the decision and shown on the review's timeline.",
    )
    late_reason = forms.CharField(
        label="Reason it was late (if it was)",
        widget=forms.Textarea,
        required=False,
        help_text="Needed when the date is after the stage's deadline.",
    )
    note = forms.CharField(label="Note (optional)", widget=forms.Textarea, required=False)
    reason = forms.CharField(
        label="Why is this record being changed?",
        widget=forms.Textarea,
        required=False,
        help_text="This stage is already recorded; the earlier record stays in its history.",
    )

    def __init__(self, *args, spec, lifecycle, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        if spec.is_decision:
            words = DECISION_WORDS.get(lifecycle, {})
            self.fields["decision"].choices = [
                (value, words.get(value, label)) for value, label in Decision.choices
            ]
        else:
            del self.fields["decision"]
            del self.fields["decision_reason"]
        if record is None or record.state != "done":
            del self.fields["reason"]


class StageExtendForm(GovukForm):
    due_date = GovukDateField(label="New deadline")
    agreed_by = forms.CharField(
        label="Who agreed the extension",
        max_length=200,
        help_text="For example, the independent chair, or the national panel.",
    )
    reason = forms.CharField(label="Why was it agreed?", widget=forms.Textarea)
