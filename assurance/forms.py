from django import forms

from recommendations.rag import RAG
from scr_tracker.concurrency import VersionedFormMixin
from scr_tracker.forms import GovukDateField, GovukForm, GovukModelForm

from .evidence_files import ALLOWED_TYPES_TEXT, max_upload_text
from .models import AssuranceStatement, Evidence, ProgressUpdate


class AssuranceStatementForm(VersionedFormMixin, GovukModelForm):
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


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more files from one file input."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


class ProgressUpdateForm(GovukModelForm):
    rag = forms.ChoiceField(
        label="Your rating of this action",
        choices=RAG.agency_choices(),
        widget=forms.RadioSelect,
        help_text="Red: off track. Amber: at risk. Green: on track.",
        error_messages={"required": "Choose Red, Amber or Green"},
    )
    files = MultipleFileField(required=False, label="Evidence files (optional)")
    artefact = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Evidence that is not a file (optional)",
        help_text='Describe it, for example "Audit of 40 case files, March 2018: 95% compliant".',
    )

    class Meta:
        model = ProgressUpdate
        fields = ["narrative", "rag", "rag_reason", "claims_completion"]
        labels = {
            "narrative": "What progress has been made?",
            "rag_reason": "Why this rating?",
        }
        help_texts = {
            "claims_completion": "The board manager will judge the evidence before the action is "
            "assured. Attach or describe the evidence that shows it is complete."
        }
        error_messages = {
            "narrative": {"required": "Enter the progress made"},
        }

    field_order = [
        "narrative",
        "rag",
        "rag_reason",
        "carried",
        "files",
        "artefact",
        "claims_completion",
    ]

    def __init__(self, *args, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_earlier_evidence(action)
        self.fields["rag_reason"].required = True
        self.fields["rag_reason"].error_messages["required"] = "Say why you gave this rating"
        self.fields[
            "files"
        ].help_text = (
            f"{ALLOWED_TYPES_TEXT}, up to {max_upload_text()} each. You can choose several."
        )

    def _offer_earlier_evidence(self, action):
        """Earlier evidence of the action, offered to carry forward (referenced again, not
        uploaded again): each file or description once, as first supplied, newest first."""
        earlier = []
        if action is not None and action.pk:
            earlier = list(
                Evidence.objects.active()
                .filter(action=action, carried_from__isnull=True)
                .order_by("-created_at", "-id")
            )
        if not earlier:
            return
        field = forms.ModelMultipleChoiceField(
            queryset=Evidence.objects.filter(pk__in=[item.pk for item in earlier]),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Evidence from earlier updates to include again (optional)",
            help_text="Tick what still applies: it is included with this update without "
            "uploading it again. The earlier updates keep it as it was.",
        )
        field.choices = [(item.pk, _earlier_label(item)) for item in earlier]
        self.fields["carried"] = field
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("claims_completion")
            and not cleaned.get("files")
            and not cleaned.get("carried")
            and not (cleaned.get("artefact") or "").strip()
        ):
            self.add_error(
                "files", "To report the action complete, attach the evidence or describe it."
            )
        return cleaned


def _earlier_label(item) -> str:
    from django.utils.formats import date_format
    from django.utils.text import Truncator
    from django.utils.timezone import localtime

    what = item.original_filename or Truncator(" ".join(item.description.split())).chars(80)
    supplied = date_format(localtime(item.created_at), "j F Y")
    return f"{what} (supplied {supplied}; {item.get_judgement_display().lower()})"


class JudgementForm(GovukForm):
    decision = forms.ChoiceField(
        label="Your judgement",
        widget=forms.RadioSelect,
        choices=[("accept", "Accept the evidence"), ("return", "Return it: more is needed")],
        error_messages={"required": "Choose whether to accept or return the evidence"},
    )
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea,
        label="Comment for the lead",
        help_text="Required when you return the evidence. The lead sees it on the action and is "
        "emailed to read it.",
    )

    def __init__(self, *args, claims_completion: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if claims_completion:
            self.fields["decision"].choices = [
                ("accept", "Accept the evidence and assure the action"),
                ("return", "Return it: more is needed before the action can be assured"),
            ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", "Say what more is needed: the lead sees this comment.")
        return cleaned


class EvidenceRequestForm(GovukForm):
    comment = forms.CharField(
        widget=forms.Textarea,
        label="What evidence should the agency send?",
        help_text="The agency's leads read this on the action. The email they are sent only "
        "tells them evidence is asked for and links to the action.",
        error_messages={"required": "Say what evidence the agency should send"},
    )


class BoardEvidenceForm(GovukForm):
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What evidence has the board seen?",
        help_text='For example "Audit of 40 case files presented to the board on 12 March '
        '2026: 95% compliant". It is kept as evidence recorded by the board, not the agency.',
    )
    files = MultipleFileField(required=False, label="Evidence files (optional)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "files"
        ].help_text = (
            f"{ALLOWED_TYPES_TEXT}, up to {max_upload_text()} each. You can choose several."
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("files") and not (cleaned.get("note") or "").strip():
            self.add_error("note", "Describe the evidence the board has seen, or attach it")
        return cleaned


class DueDateRequestForm(GovukForm):
    due_date = GovukDateField(label="New due date")
    reason = forms.CharField(
        widget=forms.Textarea,
        label="Why does the due date need to move?",
        help_text="The board manager reads this when deciding. It is kept with the timescale.",
        error_messages={"required": "Say why the due date needs to move"},
    )


class DueDateDecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Your decision",
        widget=forms.RadioSelect,
        choices=[("approve", "Agree the new due date"), ("decline", "Decline the request")],
        error_messages={"required": "Choose whether to agree or decline the request"},
    )
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea,
        label="Comment",
        help_text="Required when you decline. Kept with the timescale; the lead is emailed "
        "to read it.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", "Say why the request is declined: the lead is told.")
        return cleaned


class CloseNotImplementedForm(GovukForm):
    reason = forms.CharField(
        widget=forms.Textarea,
        label="Why was this action not implemented?",
        help_text="Reviews must report why a recommendation was not implemented. This is shown "
        "on the action and in reports.",
        error_messages={"required": "Give the reason this action was not implemented"},
    )


class ImpactCheckForm(GovukForm):
    reaudit_due = GovukDateField(
        label="Re-audit date",
        required=False,
        help_text="When the impact will be checked, for example 31 5 2027.",
    )
    impact_result = forms.CharField(
        required=False,
        widget=forms.Textarea,
        label="Re-audit result",
        help_text="Once the re-audit is done: what it found, and what difference it made for "
        "children. Until then the action reads \u201cCompleted, impact not yet evidenced\u201d.",
    )
