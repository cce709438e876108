from django import forms

from scr_tracker.forms import GovukModelForm

from .models import AssuranceStatement


class AssuranceStatementForm(GovukModelForm):
    change_reason = forms.CharField(
        required=False,
        max_length=300,
        label="Reason for the change (optional)",
        help_text="Kept in the history.",
    )

    class Meta:
        model = AssuranceStatement
        fields = ["narrative", "level"]
        help_texts = {
            "narrative": "What was done and the evidence that shows it, as it will appear in the "
            "implementation assurance report."
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        levels = list(partnership.assurance_levels)
        if self.instance.level and self.instance.level not in levels:
            levels.append(self.instance.level)
        self.fields["level"] = forms.ChoiceField(
            label="Assurance level",
            choices=[("", "Not yet given")] + [(level, level) for level in levels],
            required=False,
            widget=forms.RadioSelect,
        )
        if not self.instance.pk:
            del self.fields["change_reason"]
