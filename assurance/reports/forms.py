"""The forms behind composing and issuing a report. The options are posted and kept in a
ReportDraft (never in the URL); `options_to_query` turns a draft's options back into the form's
data to show them again."""

from django import forms
from django.http import QueryDict

from assurance.models import ReportKind, ReportVersion
from reviews.models import Review
from scr_tracker.forms import GovukDateField, GovukForm
from scr_tracker.models import Agency, ScrutinyBoard

from .builders import version_for
from .options import (
    DEFAULT_BOARD_RECOMMENDATIONS,
    SCHEDULE_12A,
    SINGLE_REVIEW_KINDS,
    ExemptHandling,
    ReportOptions,
)

_MEMO = ["to", "sender", "date", "subject"]
_VERSION = ["version", "exempt_paragraph", "exempt_handling"]
KIND_FIELDS = {
    ReportKind.ASSURANCE: ["review", *_VERSION, *_MEMO, "purpose", "include_rag", "include_level"],
    ReportKind.BRIEFING: [
        "review",
        *_VERSION,
        *_MEMO,
        "purpose",
        "board_recommendations",
        "background",
        "publication_delay",
        "appendices",
        "contact_officer",
    ],
    ReportKind.ACTION_PLAN: ["review", *_VERSION, *_MEMO],
    ReportKind.CROSS_REVIEW: ["reviews", *_VERSION, *_MEMO],
    ReportKind.AGENCY: ["agency", *_VERSION, *_MEMO],
    # A public extract leaves every exempt review out: there is no "exempt item" to show.
    ReportKind.YEARLY: ["period_start", "period_end", "version", "exempt_paragraph", *_MEMO],
}
_DATES = ["period_start", "period_end", "date"]
_LINES = ["board_recommendations", "appendices"]
_TEXTS = [
    "to",
    "sender",
    "subject",
    "purpose",
    "background",
    "publication_delay",
    "contact_officer",
]


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class ReportOptionsForm(GovukForm):
    review = forms.ModelChoiceField(
        queryset=Review.objects.none(), label="Review", empty_label="Choose a review"
    )
    reviews = forms.ModelMultipleChoiceField(
        queryset=Review.objects.none(),
        label="Reviews",
        help_text="Choose the reviews the report covers.",
        widget=forms.CheckboxSelectMultiple,
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label="Agency", empty_label="Choose an agency"
    )
    period_start = GovukDateField(
        label="Start of the year",
        required=False,
        help_text="For example, 1 4 2024. Left empty, the extract covers the latest April to "
        "March year with something to report.",
    )
    period_end = GovukDateField(
        label="End of the year", required=False, help_text="For example, 31 3 2025"
    )
    version = forms.ChoiceField(
        label="Version",
        required=False,
        choices=[
            (ReportVersion.PUBLIC.value, "Public: for the public part of the meeting"),
            (ReportVersion.EXEMPT.value, "Exempt: not for publication (Schedule 12A)"),
        ],
        widget=forms.RadioSelect,
        help_text="Left unchosen, a report on an exempt review is exempt and any other is public.",
    )
    exempt_paragraph = forms.TypedChoiceField(
        label="Schedule 12A paragraph for the exempt version",
        choices=[(number, f"{number}: {text}") for number, text in SCHEDULE_12A.items()],
        coerce=int,
        initial=1,
        required=False,
        empty_value=1,
        help_text="The paragraph of Part 1 of Schedule 12A to the Local Government Act 1972 "
        "that makes the report exempt. The exempt version prints it on its first page and at "
        "the foot of every page.",
    )
    exempt_handling = forms.ChoiceField(
        label="In the public version, exempt reviews are",
        choices=ExemptHandling.choices,
        initial=ExemptHandling.PLACEHOLDER,
        required=False,
        widget=forms.RadioSelect,
    )
    to = forms.CharField(label="To", required=False, max_length=200)
    sender = forms.CharField(label="From", required=False, max_length=200)
    date = GovukDateField(label="Date of the report", required=False)
    subject = forms.CharField(label="Subject", required=False, max_length=300)
    purpose = forms.CharField(label="Purpose", required=False, widget=forms.Textarea)
    board_recommendations = forms.CharField(
        label="Recommendations to the scrutiny board",
        required=False,
        widget=forms.Textarea,
        help_text="One on each line.",
    )
    appendices = forms.CharField(
        label="Other appendices",
        required=False,
        widget=forms.Textarea,
        help_text="One on each line. The implementation assurance report is added as the last "
        "appendix.",
    )
    background = forms.CharField(
        label="Background",
        required=False,
        widget=forms.Textarea,
        help_text="What the report cannot know: the circumstances of the review, as you would "
        "brief the board. Leave a blank line between paragraphs. The key dates and where the "
        "recommendations stand follow it.",
    )
    publication_delay = forms.CharField(
        label="Why publication was delayed (if it was)",
        required=False,
        widget=forms.Textarea,
        help_text="For example, awaiting the outcome of criminal proceedings.",
    )
    contact_officer = forms.CharField(
        label="Contact officer",
        required=False,
        max_length=300,
        help_text="Name, job title, telephone and email, as the note should print them.",
    )
    include_rag = forms.BooleanField(
        label="Show each recommendation's partnership rating", required=False
    )
    include_level = forms.BooleanField(
        label="Show each recommendation's assurance level", required=False
    )

    def __init__(self, *args, kind: str, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name in list(self.fields):
            if name not in KIND_FIELDS[kind]:
                del self.fields[name]
        reviews = Review.objects.active().filter(partnership=partnership).order_by("reference")
        for name in ("review", "reviews"):
            if name in self.fields:
                self.fields[name].queryset = reviews
        if "agency" in self.fields:
            self.fields["agency"].queryset = Agency.objects.filter(
                partnership=partnership, is_active=True
            )
        if "purpose" in self.fields:
            self.fields["purpose"].label = (
                "1 Purpose of the Note"
                if kind == ReportKind.BRIEFING
                else "1. Purpose of the report"
            )
        if "board_recommendations" in self.fields and not self.is_bound:
            self.initial["board_recommendations"] = "\n".join(DEFAULT_BOARD_RECOMMENDATIONS)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", "The end of the year must be after its start")
        review = data.get("review")
        if (
            review is not None
            and review.is_exempt
            and (data.get("version") or version_for(review)) == ReportVersion.PUBLIC
            and data.get("exempt_handling") == ExemptHandling.OMIT
        ):
            self.add_error(
                "exempt_handling",
                f"{review.title} is exempt: choose the exempt version, "
                "or show it as an exempt item",
            )
        return data

    def to_options(self) -> ReportOptions:
        data = self.cleaned_data
        reviews = [data["review"]] if data.get("review") else list(data.get("reviews") or [])
        version = data.get("version") or (
            version_for(reviews[0])
            if self.kind in SINGLE_REVIEW_KINDS
            else ReportVersion.EXEMPT
            if any(r.is_exempt for r in reviews)
            else ReportVersion.PUBLIC
        )
        values = {
            "kind": self.kind,
            "version": version,
            "exempt_handling": data.get("exempt_handling") or ExemptHandling.PLACEHOLDER,
            "exempt_paragraph": data.get("exempt_paragraph") or 1,
            "review_ids": tuple(r.pk for r in reviews),
            "agency_id": data["agency"].pk if data.get("agency") else None,
        }
        for name in (*_TEXTS, "period_start", "period_end", "date"):
            if name in data:
                values[name] = data[name] or ReportOptions.__dataclass_fields__[name].default
        for name in _LINES:
            if name in data:
                values[name] = _lines(data[name] or "")
        for name in ("include_rag", "include_level"):
            values[name] = bool(data.get(name))
        if self.kind == ReportKind.BRIEFING and not values.get("board_recommendations"):
            values["board_recommendations"] = DEFAULT_BOARD_RECOMMENDATIONS
        return ReportOptions(**values)


def options_to_query(options: ReportOptions) -> QueryDict:
    """The query string that reproduces `options` in ReportOptionsForm."""
    query = QueryDict(mutable=True)
    fields = KIND_FIELDS[options.kind]
    if "review" in fields and options.review_ids:
        query["review"] = str(options.review_ids[0])
    if "reviews" in fields:
        query.setlist("reviews", [str(pk) for pk in options.review_ids])
    if "agency" in fields and options.agency_id:
        query["agency"] = str(options.agency_id)
    query["version"] = options.version
    query["exempt_handling"] = options.exempt_handling
    query["exempt_paragraph"] = str(options.exempt_paragraph)
    for name in _TEXTS:
        if name in fields:
            query[name] = getattr(options, name)
    for name in _LINES:
        if name in fields:
            query[name] = "\n".join(getattr(options, name))
    for name in _DATES:
        value = getattr(options, name)
        if name in fields and value:
            query[f"{name}_0"], query[f"{name}_1"], query[f"{name}_2"] = (
                str(value.day),
                str(value.month),
                str(value.year),
            )
    for name in ("include_rag", "include_level"):
        if name in fields and getattr(options, name):
            query[name] = "on"
    return query


class IssueForm(GovukForm):
    audience = forms.ModelChoiceField(
        queryset=ScrutinyBoard.objects.none(),
        label="Issue to",
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="Its members will be able to read and download the report.",
        error_messages={"required": "Select the scrutiny board to issue the report to"},
    )
    meeting_date = GovukDateField(label="Meeting date (optional)", required=False)
    confirm = forms.BooleanField(
        label="I have read the pre-issue check and want to issue the report as it is",
        error_messages={"required": "Confirm that you have read the pre-issue check"},
    )
    check = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, partnership, check: str, has_gaps: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].queryset = ScrutinyBoard.objects.filter(partnership=partnership)
        self.fields["check"].initial = check
        if not has_gaps:
            self.fields[
                "confirm"
            ].label = "I have read the report and the pre-issue check and want to issue it"
