import datetime

from crispy_forms_gds.layout import Fieldset, Layout, Size
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.html import escape

from recommendations.models import SavedColumnMapping
from reviews.models import Review, ReviewKind
from scr_tracker.forms import GovukForm
from scr_tracker.models import Agency, AgencyKind

from .agencies import agency_key
from .headings import FIELD_LABELS
from .reading import column_letter
from .rows import AGENCY_HEADINGS, NEW_AGENCY


def max_upload_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_UPLOAD_MB", 10) * 1024 * 1024


class UploadForm(GovukForm):
    file = forms.FileField(
        label="Action plan file",
        help_text="An Excel workbook (.xlsx), a CSV file, or a Word document (.docx) with the "
        "plan in a table. The file is read, not kept.",
        error_messages={"required": "Choose the action plan file", "empty": "The file is empty"},
    )
    review = forms.ModelChoiceField(
        queryset=Review.objects.none(),
        required=False,
        label="Import into",
        empty_label="A new review (give its reference and title below)",
    )
    reference = forms.CharField(
        required=False,
        max_length=50,
        label="New review's reference",
        help_text="Only for a new review, for example SCR-2016-01.",
    )
    title = forms.CharField(
        required=False,
        max_length=200,
        label="New review's title",
        help_text="Only for a new review: the pseudonym used in the report, for example Child H.",
    )
    kind = forms.ChoiceField(
        choices=ReviewKind.choices, initial=ReviewKind.SCR, label="New review's kind"
    )
    saved_mapping = forms.ModelChoiceField(
        queryset=SavedColumnMapping.objects.none(),
        required=False,
        label="Column mapping",
        empty_label="Recognise the headings",
        help_text="Choose a mapping saved from an earlier file laid out the same way.",
    )
    header_row = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=1000,
        label="Heading row (optional)",
        help_text="The number of the row that holds the column headings. Leave empty to find it.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership_id = user.partnership_id
        self.fields["review"].queryset = (
            Review.objects.for_user(user).active().order_by("reference")
        )
        self.fields["review"].label_from_instance = lambda review: (
            f"{review.reference}: {review.title}"
        )
        self.fields["saved_mapping"].queryset = SavedColumnMapping.objects.for_user(user).active()
        self.helper.layout = Layout(
            "file",
            "review",
            Fieldset(
                "reference",
                "title",
                "kind",
                legend="A new review (only when not importing into one above)",
                legend_size=Size.SMALL,
            ),
            Fieldset(
                "saved_mapping", "header_row", legend="Reading the file", legend_size=Size.SMALL
            ),
        )
        self.fields["header_row"].widget.attrs.update(
            {"inputmode": "numeric", "class": "govuk-input govuk-input--width-4"}
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                f"The file must be smaller than {filesizeformat(max_upload_bytes())}: "
                "split the action plan into smaller files."
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("review") is None:
            reference = (cleaned.get("reference") or "").strip()
            if not reference:
                self.add_error(
                    "reference",
                    "Enter the new review's reference, or choose a review to import into",
                )
            elif Review.objects.filter(
                partnership_id=self.partnership_id, reference=reference
            ).exists():
                self.add_error(
                    "reference",
                    f"A review with the reference {reference} already exists: choose it above",
                )
            if not (cleaned.get("title") or "").strip():
                self.add_error(
                    "title", "Enter the new review's title, or choose a review to import into"
                )
        return cleaned

    def new_review(self) -> dict | None:
        if self.cleaned_data.get("review") is not None:
            return None
        return {
            "reference": self.cleaned_data["reference"].strip(),
            "title": self.cleaned_data["title"].strip(),
            "kind": self.cleaned_data["kind"],
        }


FIELD_CHOICES = [("", "Do not import this column"), *FIELD_LABELS.items()]


def _examples(rows: list, column: int, limit: int = 3) -> str:
    found = []
    for row in rows:
        value = row[column] if column < len(row) else None
        if isinstance(value, dict):
            if "date" in value:
                value = datetime.date.fromisoformat(value["date"]).strftime("%d/%m/%Y")
            else:
                value = value.get("formula") or value.get("error")
        if value is None:
            continue
        text = " ".join(str(value).split())
        found.append(f"'{text[:50]}{'...' if len(text) > 50 else ''}'")
        if len(found) == limit:
            break
    return "For example: " + ", ".join(found) if found else "Empty below the heading."


class MappingForm(GovukForm):
    """One choice per column with a heading or values, then how to read agency headings."""

    agency_headings = forms.ChoiceField(
        choices=list(AGENCY_HEADINGS.items()),
        widget=forms.RadioSelect,
        label="Recommendations under a heading row that names an agency are",
    )
    default_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label="Agency for rows that name none",
        empty_label="None: every action must name its agency",
        help_text="Owns the actions of rows with no Agency column value and no agency heading "
        "above them.",
    )
    save_as = forms.CharField(
        required=False,
        max_length=100,
        label="Save this mapping as (optional)",
        help_text="Give it a name to choose it again for the next file laid out the same way.",
    )

    def __init__(self, *args, batch, headings: list, **kwargs):
        super().__init__(*args, **kwargs)
        rows = batch.table.get("rows", [])[batch.header_row :]
        width = max([len(headings), *(len(row) for row in rows[:200])]) if rows or headings else 0
        self.columns = []
        column_fields = {}
        for column in range(width):
            heading = headings[column] if column < len(headings) else None
            examples = _examples(rows, column)
            if heading is None and examples == "Empty below the heading.":
                continue
            name = f"column_{column}"
            title = " ".join(str(heading).split()) if heading is not None else "(no heading)"
            if len(title) > 80:
                title = title[:77].rstrip() + "..."
            # crispy-forms-gds renders labels and hints unescaped; these come from the file.
            field = forms.ChoiceField(
                choices=FIELD_CHOICES,
                required=False,
                label=escape(f"Column {column_letter(column)}: {title}"),
                help_text=escape(examples),
                initial=batch.mapping[column] if column < len(batch.mapping) else "",
            )
            field.widget.attrs["class"] = "govuk-select"
            column_fields[name] = field
            self.columns.append(column)
        # Column choices first, in order, then the options.
        self.fields = {**column_fields, **self.fields}
        agencies = list(Agency.objects.filter(partnership_id=batch.partnership_id, is_active=True))
        self.fields["default_agency"].queryset = Agency.objects.filter(
            pk__in=[a.pk for a in agencies]
        )
        self.fields["agency_headings"].initial = batch.options.get("agency_headings", "imr")
        # Never chosen for the user: rows that name no agency are an error until they say.
        self.fields["default_agency"].initial = batch.options.get("default_agency")
        own = [a for a in agencies if a.kind == AgencyKind.PARTNERSHIP]
        if len(own) == 1:
            hint = f" Multi-agency recommendations are often the board's own: {own[0].name}."
            self.fields["default_agency"].help_text += hint
        self.width = width

    def clean(self):
        cleaned = super().clean()
        taken = {}
        for column in self.columns:
            name = f"column_{column}"
            value = cleaned.get(name)
            if not value:
                continue
            if value in taken:
                self.add_error(
                    name,
                    f"Column {column_letter(taken[value])} is already imported as "
                    f"{FIELD_LABELS[value]}: "
                    "choose another field or do not import this column",
                )
            else:
                taken[value] = column
        if self.columns and "recommendation" not in taken and "number" not in taken:
            self.add_error(
                f"column_{self.columns[0]}", "Choose the column that holds the recommendations"
            )
        return cleaned

    def mapping(self) -> list:
        result = [None] * self.width
        for column in self.columns:
            result[column] = self.cleaned_data.get(f"column_{column}") or None
        return result

    def options(self) -> dict:
        agency = self.cleaned_data.get("default_agency")
        return {
            "agency_headings": self.cleaned_data["agency_headings"],
            "default_agency": agency.pk if agency else None,
        }


class ConfirmForm(GovukForm):
    allow_duplicate = forms.BooleanField(
        required=False,
        label="Import it again: I know this file was imported into this review before",
    )

    def __init__(self, *args, duplicate, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicate = duplicate
        if duplicate is None:
            del self.fields["allow_duplicate"]

    def clean(self):
        cleaned = super().clean()
        if self.duplicate is not None and not cleaned.get("allow_duplicate"):
            self.add_error(
                "allow_duplicate",
                "This file was imported into this review before: tick the box to import it again",
            )
        return cleaned


class AgencyMatchForm(GovukForm):
    """For each agency named in the file: which of the partnership's agencies it is, or to
    create it. Nothing is matched or created without the user seeing it here or on the
    preview."""

    def __init__(self, *args, batch, preview, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = list(
            Agency.objects.filter(partnership_id=batch.partnership_id, is_active=True).order_by(
                "name"
            )
        )
        names = {a.pk: a.name for a in agencies}
        self.entries = []
        for index, planned in enumerate(preview.agencies):
            if not planned.file_names:  # the agency chosen for rows naming none
                continue
            written = planned.file_names
            shown = " or ".join(f"“{name}”" for name in written)
            choices = [
                ("", "Choose the agency"),
                *((str(a.pk), a.name) for a in agencies),
                (NEW_AGENCY, f"Create a new agency called “{written[0]}”"),
            ]
            if planned.pk is not None:
                initial = str(planned.pk)
                hint = f"Matched ({planned.how}) to {planned.name}."
            elif planned.create:
                initial, hint = NEW_AGENCY, "To be created as a new agency."
            else:
                initial = ""
                maybe = [names[pk] for pk in planned.suggested if pk in names]
                hint = "Not matched to any of the partnership's agencies." + (
                    f" Perhaps: {', '.join(maybe[:3])}." if maybe else ""
                )
            field = forms.ChoiceField(
                choices=choices,
                label=escape(f"{shown} (first on row {planned.row})"),
                help_text=escape(hint),
                initial=initial,
                error_messages={
                    "required": f"Choose the agency for {written[0]}, or choose to create it"
                },
            )
            field.widget.attrs["class"] = "govuk-select"
            name = f"agency_{index}"
            self.fields[name] = field
            self.entries.append((name, written))

    def matches(self) -> dict:
        result = {}
        for name, written in self.entries:
            value = self.cleaned_data[name]
            for file_name in written:
                result[agency_key(file_name)] = value if value == NEW_AGENCY else int(value)
        return result
