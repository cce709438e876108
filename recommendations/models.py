import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from reviews.models import Review, Theme
from scr_tracker.archiving import Archivable, ArchivableQuerySet
from scr_tracker.concurrency import Versioned
from scr_tracker.links import pk_url
from scr_tracker.models import Agency

from .rag import RAG, Thresholds, partnership_rag_expression, rollup_annotations


class RecommendationSource(models.TextChoices):
    OVERVIEW = "overview", "Overview report"
    IMR = "imr", "Individual management review (IMR)"
    OTHER = "other", "Other"


class RecommendationScope(models.TextChoices):
    MULTI_AGENCY = "multi", "Multi-agency"
    SINGLE_AGENCY = "single", "Single-agency"


# How pages and downloads name an earlier recommendation the reader may not open.
NOT_SHARED_REPEAT = "An earlier recommendation that is not shared with you"


class RecommendationQuerySet(ArchivableQuerySet):
    def for_user(self, user):
        """Recommendations the user may read: the whole partnership for board roles; for
        agency leads, only those carrying an action of one of their agencies."""
        from scr_tracker.models import Role

        if not user.is_authenticated or user.partnership_id is None:
            return self.none()
        qs = self.filter(review__partnership_id=user.partnership_id)
        if user.role == Role.BOARD_MANAGER:
            return qs
        if user.reads_whole_partnership:
            return qs.active().filter(review__archived_at__isnull=True)
        if user.role == Role.AGENCY_LEAD:
            return (
                qs.active()
                .filter(
                    review__archived_at__isnull=True,
                    actions__agency__in=user.agencies.all(),
                    actions__archived_at__isnull=True,
                )
                .distinct()
            )
        return self.none()

    def with_readable_repeats(self, user):
        """Annotate `repeats_readable`: whether the user may open the earlier recommendation
        this one repeats (an agency lead may read a recommendation that repeats one their
        agencies have no action on). Pages and downloads name and link the earlier one only
        when it is readable, so they never lead to a page the user cannot open or name a
        review the user cannot see."""
        readable = Recommendation.objects.for_user(user).filter(pk=OuterRef("repeats_id"))
        return self.annotate(repeats_readable=Exists(readable))

    def for_page(self):
        """What a recommendation's pages read: its review, partnership and agencies."""
        return self.select_related("review__partnership", "source_agency", "addressed_agency")

    def with_rollup(self, today: datetime.date, thresholds: Thresholds, actions=None):
        """Annotate each recommendation's roll-up (recommendations/rag.py): `rollup_rating`
        and its counted actions by rating, `rollup_red` ... `rollup_not_implemented`, and
        `rollup_overdue`. `actions` is the scope counted (the reader's:
        `Action.objects.under_readable_recommendation(user)` when this queryset is the
        reader's `for_user`); all actions when None. Archived actions never count.
        The querysets are scoped to one partnership, whose thresholds the caller passes."""
        if actions is None:
            actions = Action.objects.all()
        counts, rating = rollup_annotations(actions, today, thresholds)
        return self.annotate(**counts).annotate(**rating)


class Recommendation(Archivable):
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="recommendations")
    number = models.CharField(
        max_length=20, help_text="Exactly as numbered in the report: 1, 2a, iv, 3(b)."
    )
    text = models.TextField(verbose_name="Recommendation")
    source = models.CharField(
        max_length=10, choices=RecommendationSource.choices, default=RecommendationSource.OVERVIEW
    )
    source_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="imr_recommendations",
        help_text="For IMR recommendations: the agency whose review made it.",
    )
    scope = models.CharField(
        max_length=10, choices=RecommendationScope.choices, default=RecommendationScope.MULTI_AGENCY
    )
    addressed_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="addressed_recommendations",
        help_text="For single-agency recommendations: the agency it is addressed to.",
    )
    desired_outcome = models.TextField(blank=True, verbose_name="Desired aim or outcome")
    themes = models.ManyToManyField(Theme, blank=True, related_name="recommendations")
    repeats = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeated_by",
        help_text="An earlier recommendation, in this or another review, that this one repeats.",
    )
    position = models.PositiveIntegerField(default=0, help_text="Order within the review.")
    source_row = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Row of the imported spreadsheet."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["review", "source", "source_agency__name", "position", "id"]
        constraints = [
            # Overview reports number 1..n; each agency's IMR restarts, so uniqueness is per source.
            models.UniqueConstraint(
                fields=["review", "source", "number"],
                condition=Q(source_agency__isnull=True),
                name="recommendation_number_unique_per_source",
            ),
            models.UniqueConstraint(
                fields=["review", "source", "source_agency", "number"],
                condition=Q(source_agency__isnull=False),
                name="recommendation_number_unique_per_imr",
            ),
            models.CheckConstraint(
                condition=Q(source="imr", source_agency__isnull=False) | ~Q(source="imr"),
                name="imr_recommendation_names_agency",
            ),
            models.CheckConstraint(condition=~Q(number=""), name="recommendation_number_not_empty"),
        ]

    def __str__(self):
        return f"{self.review.title} recommendation {self.number}"

    @property
    def partnership_id(self) -> int:
        """The partnership it belongs to (what the rules compare with the user's)."""
        return self.review.partnership_id

    @property
    def repeats_label(self) -> str:
        """The earlier recommendation this repeats, by review and number when the reader may
        open it (`repeats_readable`, from `with_readable_repeats`), otherwise unnamed."""
        if not self.repeats_id:
            return ""
        if getattr(self, "repeats_readable", False):
            return f"{self.repeats.review.title} recommendation {self.repeats.number}"
        return NOT_SHARED_REPEAT

    def get_absolute_url(self):
        return pk_url("assurance:recommendation_detail", self.pk)

    @property
    def breadcrumb_label(self) -> str:
        return f"Recommendation {self.number}"

    @property
    def breadcrumb_parent(self):
        return self.review

    @property
    def label(self) -> str:
        """As reports write it: "Child F Recommendation 1"."""
        return f"{self.review.label_for_recommendations} {self.number}"

    @property
    def source_label(self) -> str:
        if self.source == RecommendationSource.IMR and self.source_agency_id:
            return f"{self.source_agency.name} IMR"
        return self.get_source_display()

    def clean(self):
        super().clean()
        errors = {}
        if self.source == RecommendationSource.IMR and not self.source_agency_id:
            errors["source_agency"] = "Choose the agency whose IMR made this recommendation."
        if self.source != RecommendationSource.IMR:
            self.source_agency = None
        if self.scope == RecommendationScope.SINGLE_AGENCY and not self.addressed_agency_id:
            errors["addressed_agency"] = (
                "Choose the agency a single-agency recommendation is addressed to."
            )
        partnership_id = self.review.partnership_id if self.review_id else None
        for field in ("source_agency", "addressed_agency"):
            agency = getattr(self, field)
            if agency is not None and agency.partnership_id != partnership_id:
                errors[field] = "Choose an agency of this review's partnership."
        if self.repeats_id:
            if self.repeats_id == self.pk:
                errors["repeats"] = "A recommendation cannot repeat itself."
            elif self.repeats.review.partnership_id != partnership_id:
                errors["repeats"] = "Choose a recommendation of this partnership."
        if errors:
            raise ValidationError(errors)


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETION_CLAIMED = "claimed", "Reported complete, awaiting assurance"
    ASSURED = "assured", "Assured"
    NOT_IMPLEMENTED = "not_implemented", "Closed: not implemented"


OPEN_STATUSES = [
    ActionStatus.NOT_STARTED,
    ActionStatus.IN_PROGRESS,
    ActionStatus.COMPLETION_CLAIMED,
]
# Open and not yet reported complete: the actions that can be overdue or due soon.
NOT_CLAIMED_STATUSES = [ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS]
# "Due soon" everywhere (My actions, the dashboard, reminders): due within this many days.
DUE_SOON_DAYS = 30


class ActionQuerySet(ArchivableQuerySet):
    def for_user(self, user):
        """Actions the user may read: the partnership's for board roles, their agencies' for
        agency leads, none for scrutiny members (who read issued reports only)."""
        from scr_tracker.models import Role

        if not user.is_authenticated or user.partnership_id is None:
            return self.none()
        qs = self.filter(partnership_id=user.partnership_id)
        if user.role != Role.BOARD_MANAGER:
            qs = qs.filter(
                recommendation__archived_at__isnull=True,
                recommendation__review__archived_at__isnull=True,
            )
        return qs.under_readable_recommendation(user)

    def under_readable_recommendation(self, user):
        """`for_user`'s conditions on the action itself, for counting the actions of a
        recommendation that `Recommendation.objects.for_user(user)` returned: that already
        checked the partnership and the recommendation's and review's archiving, so this
        does not join back to the review (a correlated count per recommendation that did
        would walk the partnership's reviews once a recommendation)."""
        from scr_tracker.models import Role

        if not user.is_authenticated or user.partnership_id is None:
            return self.none()
        if user.role == Role.BOARD_MANAGER:
            return self.all()
        if user.reads_whole_partnership:
            return self.active()
        if user.role == Role.AGENCY_LEAD:
            return self.active().filter(agency__in=user.agencies.all())
        return self.none()

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date):
        """Not reported complete and past the due date. Written as the partial index
        `action_not_claimed_due` is, so the planner can walk it in due-date order."""
        return self.filter(status__in=NOT_CLAIMED_STATUSES, due_date__lt=today)

    def with_partnership_rag(self, today: datetime.date, thresholds: Thresholds):
        """Annotate `partnership_rag`. Querysets are scoped to one partnership, whose
        thresholds the caller passes."""
        return self.annotate(partnership_rag=partnership_rag_expression(today, thresholds))

    def for_page(self):
        """What an action's pages read: its recommendation, review, agency and people, and
        whether anyone can update it (`has_active_lead`)."""
        return self.select_related(
            "recommendation__review__partnership", "agency", "lead_officer_user", "assured_by"
        ).with_active_lead()

    def with_active_lead(self):
        """Annotate `has_active_lead`: the owning agency has an active agency lead account,
        someone who can post updates on it. A subquery of the same query, not one per row."""
        from scr_tracker.models import Role, User

        leads = User.objects.filter(
            role=Role.AGENCY_LEAD, is_active=True, agencies=models.OuterRef("agency_id")
        )
        return self.annotate(has_active_lead=models.Exists(leads))

    def nobody_to_act(self):
        """Open, unarchived actions whose agency has no active lead: no one can update them."""
        return (
            self.active()
            .filter(status__in=OPEN_STATUSES)
            .with_active_lead()
            .filter(has_active_lead=False)
        )

    def for_plan(self):
        """Everything an action-plan table reads, loaded in the same query."""
        return self.select_related(
            "agency", "lead_officer_user", "recommendation", "recommendation__review__partnership"
        )


class Action(Versioned, Archivable):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="actions"
    )
    # The recommendation's review's partnership, copied when the action is first saved (a
    # recommendation never leaves its partnership): every page scopes actions by it, and the
    # indexes below start with it, so a partnership's lists read its own actions only, however
    # many other partnerships share the installation. Writes that skip save() (the importer's
    # bulk create, the generator) set it themselves.
    partnership = models.ForeignKey(
        "scr_tracker.Partnership",
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
        db_index=False,  # the indexes below start with it
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="actions", verbose_name="Owning agency"
    )
    key_actions = models.TextField(
        verbose_name="Key actions", help_text="How will change be achieved?"
    )
    lead_officer = models.CharField(
        max_length=300,
        blank=True,
        help_text="A person or a role, as written in the plan: "
        '"Strategic Head of Service, Safeguarding Unit".',
    )
    lead_officer_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_actions",
        verbose_name="Lead officer's account",
        help_text="Optional: the lead officer's account, for reminders.",
    )
    timescale = models.CharField(
        max_length=200, blank=True, help_text='As written in the plan: "December 2010", "Ongoing".'
    )
    due_date = models.DateField(null=True, blank=True)
    evidence_expected = models.TextField(blank=True)
    outcome_measure = models.TextField(
        blank=True, help_text="How will you know, and what difference has it made, for children?"
    )
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    # The agency's own latest rating and when it last reported, kept by the update service.
    agency_rag = models.CharField(max_length=10, choices=RAG.agency_choices(), blank=True)
    last_update_at = models.DateTimeField(null=True, blank=True)
    completion_claimed_at = models.DateTimeField(null=True, blank=True)
    assured_at = models.DateTimeField(null=True, blank=True)
    assured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    not_implemented_reason = models.TextField(blank=True)
    reaudit_due = models.DateField(
        null=True,
        blank=True,
        verbose_name="Re-audit date",
        help_text="When the impact will be checked.",
    )
    impact_result = models.TextField(blank=True, verbose_name="Re-audit result")
    impact_recorded_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    source_row = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "agency__name", "position", "id"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="action_status_due"),
            models.Index(fields=["agency", "status"], name="action_agency_status"),
            # A partnership's actions by status (the dashboard's figures) and in the action
            # list's default order: a page of 50 reads 50 entries of this partnership's.
            models.Index(fields=["partnership", "status"], name="action_partnership_status"),
            models.Index(fields=["partnership", "due_date", "id"], name="action_partnership_due"),
            # Overdue and due-soon lists, longest overdue first: a small index already in
            # (due date, id) order within the partnership, so "the first 10" reads 10-odd
            # entries, not every action.
            models.Index(
                fields=["partnership", "due_date", "id"],
                condition=Q(status__in=NOT_CLAIMED_STATUSES, archived_at__isnull=True),
                name="action_not_claimed_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="not_implemented") | ~Q(not_implemented_reason=""),
                name="not_implemented_needs_reason",
            ),
        ]

    def __str__(self):
        return f"{self.recommendation} – {self.agency.name} action"

    def save(self, *args, **kwargs):
        if self.partnership_id is None and self.recommendation_id is not None:
            self.partnership_id = self.recommendation.review.partnership_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return pk_url("assurance:action_detail", self.pk)

    @property
    def breadcrumb_label(self) -> str:
        return f"{self.agency.name} action"

    @property
    def breadcrumb_parent(self):
        return self.recommendation

    @property
    def impact_pending(self) -> bool:
        """Assured, but the re-audit that shows a difference for children is still to come."""
        return (
            self.status == ActionStatus.ASSURED
            and self.reaudit_due is not None
            and not self.impact_recorded_at
        )

    @property
    def status_label(self) -> str:
        """The status in words, saying when an assured action's impact is still to be shown."""
        if self.impact_pending:
            return "Completed, impact not yet evidenced"
        return self.get_status_display()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def nobody_to_act(self) -> bool:
        """Open, and its agency has no active lead account: no one can post an update on it.
        Known only when fetched with `with_active_lead()` (for_page does); otherwise False."""
        return self.is_open and getattr(self, "has_active_lead", True) is False

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.recommendation_id
            and self.agency_id
            and self.agency.partnership_id != self.recommendation.review.partnership_id
        ):
            errors["agency"] = "Choose an agency of this review's partnership."
        if self.status == ActionStatus.NOT_IMPLEMENTED and not self.not_implemented_reason.strip():
            errors["not_implemented_reason"] = "Give the reason this action was not implemented."
        if errors:
            raise ValidationError(errors)


class RevisionState(models.TextChoices):
    ORIGINAL = "original", "Original"
    PENDING = "pending", "Awaiting decision"
    APPROVED = "approved", "Agreed"
    DECLINED = "declined", "Declined"


class DueDateRevisionQuerySet(models.QuerySet):
    def for_user(self, user):
        """Timescales of the actions the user may read."""
        return self.filter(action__in=Action.objects.for_user(user))

    def pending(self):
        return self.filter(state=RevisionState.PENDING)


class DueDateRevision(models.Model):
    """Every timescale an action has had: the original, then each requested revision."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="due_date_revisions")
    timescale = models.CharField(max_length=200, blank=True)
    due_date = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=RevisionState.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)

    objects = DueDateRevisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "requested_at", "id"]
        constraints = [
            # A lead asks for one change at a time; the board manager decides it first.
            models.UniqueConstraint(
                fields=["action"], condition=Q(state="pending"), name="one_pending_due_date_request"
            ),
        ]

    def __str__(self):
        return f"{self.get_state_display()} timescale for {self.action}"

    @property
    def partnership_id(self) -> int:
        """The partnership it belongs to (what the rules compare with the user's)."""
        return self.action.recommendation.review.partnership_id


# --- Importing action plans from spreadsheets (recommendations.importer) ---------------------


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", "Awaiting confirmation"
    IMPORTED = "imported", "Imported"
    DISCARDED = "discarded", "Discarded"


class ImporterQuerySet(ArchivableQuerySet):
    def for_user(self, user):
        """Imports are the board managers' tool: they see their partnership's; nobody else any."""
        from scr_tracker.models import Role

        if (
            not user.is_authenticated
            or user.partnership_id is None
            or user.role != Role.BOARD_MANAGER
        ):
            return self.none()
        return self.filter(partnership_id=user.partnership_id)


class ImportBatchQuerySet(ImporterQuerySet):
    def imported(self):
        return self.filter(status=ImportStatus.IMPORTED)


class ImportBatch(Archivable):
    """One upload of an action-plan spreadsheet, from preview to import.

    The uploaded file itself is never stored: only its SHA-256 (to notice the same file
    imported twice) and the cells read from it (`table`), kept until the import is confirmed
    or discarded and then cleared. `preview` holds every row as it will be stored."""

    partnership = models.ForeignKey(
        "scr_tracker.Partnership", on_delete=models.PROTECT, related_name="import_batches"
    )
    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, null=True, blank=True, related_name="import_batches"
    )
    new_review = models.JSONField(
        default=dict,
        blank=True,
        help_text="Reference, title and kind of a review to create on import.",
    )
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    sheet_name = models.CharField(max_length=100, blank=True)
    header_row = models.PositiveIntegerField(null=True, blank=True)
    row_count = models.PositiveIntegerField(default=0, help_text="Rows below the heading row.")
    mapping = models.JSONField(default=list, blank=True, help_text="The field of each column.")
    options = models.JSONField(default=dict, blank=True)
    table = models.JSONField(
        default=dict, blank=True, help_text="The cells read; cleared when done."
    )
    preview = models.JSONField(default=dict, blank=True, help_text="Rows as they will be stored.")
    summary = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ImportBatchQuerySet.as_manager()
    # The spreadsheet's contents stay out of the history: they live on as the imported records.
    history = HistoricalRecords(excluded_fields=["table", "preview"])

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["review", "sha256"], name="import_batch_review_sha256")]

    def __str__(self):
        return f"Import of {self.filename}"

    def get_absolute_url(self):
        return reverse("recommendations:import_preview", args=[self.pk])

    @property
    def review_label(self) -> str:
        if self.review_id:
            return f"{self.review.reference}: {self.review.title}"
        new = self.new_review
        return f"{new.get('reference', '')}: {new.get('title', '')} (new review)"


class SavedColumnMapping(Archivable):
    """A board manager's answer to "which column is which" for a spreadsheet layout, kept to be
    chosen again for the next file laid out the same way."""

    partnership = models.ForeignKey(
        "scr_tracker.Partnership", on_delete=models.PROTECT, related_name="saved_column_mappings"
    )
    name = models.CharField(max_length=100)
    headings = models.JSONField(
        default=dict, help_text="{normalised heading: field, or '' to ignore}"
    )
    options = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImporterQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="saved_mapping_name_unique"
            )
        ]

    def __str__(self):
        return self.name
