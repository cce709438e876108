from django import forms

from reviews.models import Theme
from scr_tracker.concurrency import VersionedFormMixin
from scr_tracker.forms import GovukModelForm
from scr_tracker.models import Agency

from .models import Action, ActionStatus, Recommendation, RecommendationSource
from .timescale import read_timescale

CHANGE_REASON_HELP = "Kept in the history."


def _change_reason_field():
    return forms.CharField(
        required=False,
        max_length=300,
        label="Reason for the change (optional)",
        help_text=CHANGE_REASON_HELP,
    )


class RecommendationForm(GovukModelForm):
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    change_reason = _change_reason_field()

    class Meta:
        model = Recommendation
        fields = [
            "number",
            "text",
            "source",
            "source_agency",
            "scope",
            "addressed_agency",
            "desired_outcome",
            "themes",
            "repeats",
        ]
        labels = {
            "number": "Number, as written in the report",
            "source_agency": "IMR of which agency",
        }

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.instance.review = review
        agencies = Agency.objects.filter(partnership_id=review.partnership_id, is_active=True)
        self.fields["source_agency"].queryset = agencies
        self.fields["source_agency"].empty_label = "Not an IMR recommendation"
        self.fields["addressed_agency"].queryset = agencies
        self.fields["addressed_agency"].empty_label = "Not addressed to one agency"
        self.fields["themes"].queryset = Theme.objects.offered_to(review.partnership_id).filter(
            is_active=True
        )
        self.fields["number"].widget.attrs["class"] += " govuk-input--width-5"
        earlier = Recommendation.objects.filter(
            review__partnership_id=review.partnership_id
        ).active()
        if self.instance.pk:
            earlier = earlier.exclude(pk=self.instance.pk)
        self.fields["repeats"].empty_label = "Does not repeat an earlier recommendation"
        self.fields["repeats"].queryset = earlier.select_related("review").order_by(
            "review__title", "position"
        )
        self.fields["repeats"].label_from_instance = lambda rec: (
            f"{rec.review.title}: recommendation {rec.number}"
        )
        if not self.instance.pk:
            del self.fields["change_reason"]

    def clean(self):
        cleaned = super().clean()
        number = (cleaned.get("number") or "").strip()
        source = cleaned.get("source")
        source_agency = cleaned.get("source_agency") if source == RecommendationSource.IMR else None
        if number and source:
            clash = Recommendation.objects.filter(
                review=self.review,
                source=source,
                source_agency=source_agency,
                number__iexact=number,
            )
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                where = f"{source_agency.name}'s IMR" if source_agency else "this source"
                self.add_error(
                    "number", f"Recommendation {number} already exists for {where} in this review."
                )
        return cleaned


class ActionForm(VersionedFormMixin, GovukModelForm):
    change_reason = _change_reason_field()

    class Meta:
        model = Action
        fields = [
            "agency",
            "key_actions",
            "lead_officer",
            "lead_officer_user",
            "timescale",
            "due_date",
            "evidence_expected",
            "outcome_measure",
            "status",
        ]
        help_texts = {
            "due_date": "Leave empty to take it from the timescale, for example 31 7 2015.",
        }

    def __init__(self, *args, recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.recommendation = recommendation
        partnership_id = recommendation.review.partnership_id
        self.fields["agency"].queryset = Agency.objects.filter(
            partnership_id=partnership_id, is_active=True
        )
        self._offer_agency_leads(partnership_id)
        # Assured is the board's judgement on evidence, and "Closed: not implemented" (with its
        # reason) and the re-audit date are set on the action's own pages, through the services
        # that check who may and keep the history (assurance: close, impact check). The form
        # offers neither, except the status the action already has, so a save keeps it.
        through_services = (ActionStatus.ASSURED, ActionStatus.NOT_IMPLEMENTED)
        choices = [
            c
            for c in ActionStatus.choices
            if c[0] not in through_services or self.instance.status == c[0]
        ]
        if not self.instance.pk:
            del self.fields["change_reason"]
        self.fields["status"].choices = choices

    def _offer_agency_leads(self, partnership_id):
        """The lead officer's account: an active agency lead of the chosen agency, offered
        grouped by agency (<optgroup>, no JavaScript needed) and checked in clean(). One query:
        (lead, agency) pairs for the partnership's active agencies. An account already linked
        that is no longer a lead stays offered, so the page says why it must change."""
        from scr_tracker.models import Role, User

        pairs = (
            User.objects.filter(
                partnership_id=partnership_id,
                is_active=True,
                role=Role.AGENCY_LEAD,
                agencies__partnership_id=partnership_id,
                agencies__is_active=True,
            )
            .order_by("agencies__name", "first_name", "last_name", "username")
            .values_list(
                "pk", "first_name", "last_name", "username", "agencies__pk", "agencies__name"
            )
        )
        groups: dict[str, list] = {}
        self.lead_agencies: dict[int, set[int]] = {}
        for pk, first, last, username, agency_pk, agency_name in pairs:
            label = f"{first} {last}".strip() or username
            groups.setdefault(agency_name, []).append((pk, label))
            self.lead_agencies.setdefault(pk, set()).add(agency_pk)
        field = self.fields["lead_officer_user"]
        current = self.instance.lead_officer_user_id
        offered = set(self.lead_agencies)
        if current:
            offered.add(current)
        field.queryset = User.objects.filter(pk__in=offered)
        choices = [("", "Not linked to an account"), *groups.items()]
        if current and current not in self.lead_agencies:
            current_label = str(self.instance.lead_officer_user)
            choices.append(("Linked now, not an agency lead", [(current, current_label)]))
        field.choices = choices
        # A partnership may have many agency leads: JavaScript makes the select an autocomplete.
        field.widget.attrs["data-module"] = "app-autocomplete"

    def clean(self):
        cleaned = super().clean()
        lead, agency = cleaned.get("lead_officer_user"), cleaned.get("agency")
        if lead and agency and agency.pk not in self.lead_agencies.get(lead.pk, set()):
            self.add_error(
                "lead_officer_user",
                f"{lead} is not an agency lead of {agency.name}: select one of "
                f"{agency.name}'s leads, or ‘Not linked to an account’",
            )
        status = cleaned.get("status")
        if status == ActionStatus.NOT_IMPLEMENTED and self.instance.status != status:
            self.add_error(
                "status",
                "Close an action as not implemented from its page (“Close as not "
                "implemented”), which asks for the reason",
            )
        timescale = cleaned.get("timescale") or ""
        self.timescale_reading = read_timescale(timescale)
        return cleaned
