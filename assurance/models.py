import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from recommendations.models import Action, Recommendation
from recommendations.rag import RAG
from scr_tracker.archiving import Archivable, ArchivableQuerySet
from scr_tracker.concurrency import Versioned


class Judgement(models.TextChoices):
    AWAITING = "awaiting", "Awaiting judgement"
    ACCEPTED = "accepted", "Accepted"
    RETURNED = "returned", "Returned: more needed"
    # An update with neither evidence nor a completion claim is news, not something to judge.
    NOT_NEEDED = "not_needed", "No judgement needed"


class ProgressUpdateQuerySet(ArchivableQuerySet):
    def for_user(self, user):
        """Updates on the actions the user may read; scrutiny members read none."""
        # The partnership condition is implied by the actions'; stated, it lets the planner
        # start from the partnership's own updates (the review queue's partial index).
        return self.filter(
            partnership_id=user.partnership_id, action__in=Action.objects.for_user(user)
        )

    def awaiting_judgement(self):
        return self.active().filter(judgement=Judgement.AWAITING)


class ProgressUpdate(Archivable):
    """An agency's dated report on an action. Never overwritten: each update is its own record."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    # The action's partnership, copied when the update is first saved (as Action.partnership):
    # the review queue lists a partnership's updates awaiting judgement from its own index.
    partnership = models.ForeignKey(
        "scr_tracker.Partnership", on_delete=models.PROTECT, editable=False, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    narrative = models.TextField(verbose_name="Progress")
    # Blank only on the board's own record of evidence (``recorded_by_board``): the agency's
    # rating is the agency's to give. The update form requires it.
    rag = models.CharField(
        max_length=10, choices=RAG.agency_choices(), blank=True, verbose_name="Agency RAG rating"
    )
    rag_reason = models.TextField(blank=True, verbose_name="Reason for the rating")
    claims_completion = models.BooleanField(
        default=False, verbose_name="We consider this action complete"
    )
    judgement = models.CharField(
        max_length=10, choices=Judgement.choices, default=Judgement.AWAITING
    )
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    judged_at = models.DateTimeField(null=True, blank=True)
    judgement_comment = models.TextField(blank=True)
    # The board manager's own record of evidence the board has seen (for a completion recorded
    # with no evidence): made by the board, not the agency, and labelled so wherever it shows.
    recorded_by_board = models.BooleanField(
        default=False, verbose_name="Evidence recorded by the board"
    )

    objects = ProgressUpdateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["judgement", "created_at"], name="update_judgement_created"),
            # The review queue: a partnership's updates awaiting judgement, oldest first.
            models.Index(
                fields=["partnership", "created_at", "id"],
                condition=models.Q(judgement="awaiting", archived_at__isnull=True),
                name="update_awaiting_partnership",
            ),
        ]

    def __str__(self):
        return f"Update on {self.action} ({self.created_at:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if self.partnership_id is None and self.action_id is not None:
            self.partnership_id = self.action.partnership_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.action.get_absolute_url()}#update-{self.pk}"


def evidence_upload_to(instance, filename):
    """Store under a random name: the original name is kept in the database only."""
    return f"evidence/{uuid.uuid4().hex}"


class EvidenceQuerySet(ArchivableQuerySet):
    def for_user(self, user):
        """Evidence on actions the user may read; scrutiny members read none."""
        from scr_tracker.models import Role

        if not user.is_authenticated or user.role == Role.SCRUTINY_MEMBER:
            return self.none()
        return self.filter(action__in=Action.objects.for_user(user))


class Evidence(Archivable):
    """A file or a described artefact ("audit of 40 case files, March 2018: 95% compliant")."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="evidence")
    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    description = models.TextField(blank=True)
    file = models.FileField(upload_to=evidence_upload_to, blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    supplied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    judgement = models.CharField(
        max_length=10, choices=Judgement.choices, default=Judgement.AWAITING
    )
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    judged_at = models.DateTimeField(null=True, blank=True)
    judgement_comment = models.TextField(blank=True)
    # Evidence carried forward from an earlier update (a response to returned evidence): the
    # same stored file, referenced again rather than uploaded again; the earlier record and its
    # judgement stay as they were.
    carried_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="carried_to"
    )

    objects = EvidenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(description="", file=""),
                name="evidence_has_file_or_description",
            )
        ]

    def __str__(self):
        return self.original_filename or self.description[:60]

    @property
    def has_file(self) -> bool:
        return bool(self.file)

    def get_download_url(self):
        return reverse("assurance:evidence_download", args=[self.pk])

    def get_preview_url(self):
        return reverse("assurance:evidence_preview", args=[self.pk])

    @property
    def preview_kind(self) -> str:
        """ "image" or "pdf" for a file the judge page shows in the page; "" for the rest,
        which are only downloaded (see assurance.views.evidence.PREVIEWABLE)."""
        if not self.file:
            return ""
        if self.content_type in ("image/png", "image/jpeg"):
            return "image"
        if self.content_type == "application/pdf":
            return "pdf"
        return ""


class AssuranceStatementQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recommendation__in=Recommendation.objects.for_user(user))


class AssuranceStatement(Versioned, models.Model):
    """The board's "Implementation Assurance" narrative for one recommendation, with a level."""

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.PROTECT, related_name="assurance_statement"
    )
    narrative = models.TextField(verbose_name="Implementation assurance")
    level = models.CharField(max_length=50, blank=True, verbose_name="Assurance level")
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssuranceStatementQuerySet.as_manager()
    history = HistoricalRecords()

    def __str__(self):
        return f"Assurance statement for {self.recommendation}"


class EvidenceRequestQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(action__in=Action.objects.for_user(user))

    def open(self):
        return self.filter(answered_at__isnull=True)


class EvidenceRequest(models.Model):
    """The board manager asks the agency for the evidence of a completion recorded without any
    (the "Already actioned" timescale, an import, an edit). Open until evidence arrives: an
    update of the agency's with evidence, or the board's own record of what it has seen."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="evidence_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(verbose_name="What evidence is needed")
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by_update = models.ForeignKey(
        ProgressUpdate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = EvidenceRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["action"],
                condition=models.Q(answered_at__isnull=True),
                name="one_open_evidence_request",
            )
        ]

    def __str__(self):
        return f"Evidence asked for on {self.action} ({self.requested_at:%d/%m/%Y})"

    @property
    def partnership_id(self) -> int:
        return self.action.recommendation.review.partnership_id


class MyActionsVisit(models.Model):
    """When an agency lead last opened My actions, for "assigned since your last visit". Not
    audited: it records reading, not a change."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="my_actions_visit"
    )
    visited_at = models.DateTimeField()

    def __str__(self):
        return f"{self.user} opened My actions on {self.visited_at:%d/%m/%Y %H:%M}"


class AssuranceLevelMeaning(models.Model):
    """What one of a partnership's assurance levels (``Partnership.assurance_levels``) means,
    shown beside the levels on the assurance statement form. A level with no row here reads
    the shipped definition (``DEFAULT_LEVEL_MEANINGS``), if it has one."""

    partnership = models.ForeignKey(
        "scr_tracker.Partnership", on_delete=models.PROTECT, related_name="assurance_meanings"
    )
    level = models.CharField(max_length=50, help_text="Exactly as in the partnership's levels.")
    meaning = models.TextField(help_text="What the board means when it gives this level.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "level"], name="one_meaning_per_assurance_level"
            )
        ]

    def __str__(self):
        return f"{self.level} ({self.partnership})"


# The shipped meanings of the default levels (scr_tracker.models.DEFAULT_ASSURANCE_LEVELS), in
# the words internal audit uses for them; a partnership overrides them in the admin.
DEFAULT_LEVEL_MEANINGS = {
    "Substantial": "The action has been implemented as agreed and the evidence shows it is "
    "embedded in practice and making the intended difference for children.",
    "Reasonable": "The action has largely been implemented and the evidence supports it; some "
    "aspects are not yet embedded or their impact is not yet evidenced.",
    "Limited": "Some of the action has been implemented, but the evidence shows significant "
    "gaps, or there is too little evidence to show the change has been made.",
    "No assurance": "There is no evidence that the action has been implemented, or the evidence "
    "shows it has not.",
}


def level_meanings(partnership) -> list[tuple[str, str]]:
    """(level, meaning) for each of the partnership's levels, strongest first: its own
    definition, else the shipped one, else "" (one query)."""
    own = dict(
        AssuranceLevelMeaning.objects.filter(partnership=partnership).values_list(
            "level", "meaning"
        )
    )
    return [
        (level, own.get(level) or DEFAULT_LEVEL_MEANINGS.get(level, ""))
        for level in partnership.assurance_levels
    ]


class AccessKind(models.TextChoices):
    EVIDENCE = "evidence", "Evidence file"
    REPORT = "report", "Report"
    # The read-only API (assurance/api/): each request made with a token, and the token's
    # creation and revocation.
    API_REQUEST = "api", "API request"
    API_TOKEN_CREATED = "api_token_created", "API token created"
    API_TOKEN_REVOKED = "api_token_revoked", "API token revoked"


class AccessLogQuerySet(models.QuerySet):
    def for_user(self, user):
        """Board managers read their partnership's entries; administrators read every entry."""
        from scr_tracker.models import Role

        if not user.is_authenticated:
            return self.none()
        if user.role == Role.ADMINISTRATOR:
            return self
        if user.role == Role.BOARD_MANAGER and user.partnership_id is not None:
            return self.filter(partnership_id=user.partnership_id)
        return self.none()

    def update(self, **kwargs):
        raise models.ProtectedError("The access log is append-only.", set())

    def delete(self):
        raise models.ProtectedError("The access log is append-only.", set(self))


class AccessLog(models.Model):
    """One download of an evidence file or a report: who, what, when and from where.
    Append-only: the app offers no way to change or remove an entry."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    partnership = models.ForeignKey(
        "scr_tracker.Partnership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=AccessKind.choices)
    object_id = models.PositiveBigIntegerField()
    description = models.CharField(max_length=500)
    at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="When")
    ip_address = models.GenericIPAddressField(null=True, blank=True, verbose_name="IP address")
    user_agent = models.CharField(max_length=500, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log"
        indexes = [models.Index(fields=["partnership", "-at"], name="accesslog_partnership_at")]

    def __str__(self):
        return f"{self.user} downloaded {self.description} on {self.at:%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise models.ProtectedError("The access log is append-only.", {self})
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise models.ProtectedError("The access log is append-only.", {self})


class ReminderKind(models.TextChoices):
    DUE = "due", "Actions due and overdue"
    DIGEST = "digest", "Weekly digest"


class ReminderSent(models.Model):
    """A reminder email sent by `send_reminders`: at most one of each kind per person per day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    action_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-date", "user_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "date"], name="one_reminder_per_kind_per_day"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.user} on {self.date}"


# --- Issued reports (assurance/reports/) -------------------------------------------------------


class ReportKind(models.TextChoices):
    """The reports a board manager can compose. Values double as URL slugs."""

    ASSURANCE = "assurance", "Implementation assurance report"
    BRIEFING = "briefing", "Briefing note"
    ACTION_PLAN = "action-plan", "Full action plan"
    CROSS_REVIEW = "cross-review", "Cross-review report"
    AGENCY = "agency", "Agency report"
    YEARLY = "yearly", "Yearly report extract"


class ReportVersion(models.TextChoices):
    PUBLIC = "public", "PUBLIC"
    EXEMPT = "exempt", "EXEMPT – NOT FOR PUBLICATION"


class IssuedReportQuerySet(ArchivableQuerySet):
    def for_user(self, user):
        """Issued reports the user may read: the partnership's for board managers (archived
        too) and independent scrutineers; for a scrutiny member, only those issued to their
        own board. Nobody else reads them here."""
        from scr_tracker.models import Role

        if not user.is_authenticated or user.partnership_id is None:
            return self.none()
        qs = self.filter(partnership_id=user.partnership_id)
        if user.role == Role.BOARD_MANAGER:
            return qs
        if user.role == Role.SCRUTINEER:
            return qs.active()
        if user.role == Role.SCRUTINY_MEMBER and user.scrutiny_board_id:
            return qs.active().filter(audience_id=user.scrutiny_board_id)
        return self.none()

    def without_files(self):
        """Leave the stored documents in the database until a download asks for them."""
        return self.defer("pdf", "docx")


class IssuedReport(Archivable):
    """A report as it was sent to a scrutiny board: the exact bytes, their SHA-256, and who
    issued it to whom, when, with which options. The documents never change once issued;
    only archiving touches the row afterwards."""

    partnership = models.ForeignKey(
        "scr_tracker.Partnership", on_delete=models.PROTECT, related_name="issued_reports"
    )
    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    title = models.CharField(max_length=300)
    version = models.CharField(max_length=10, choices=ReportVersion.choices)
    audience = models.ForeignKey(
        "scr_tracker.ScrutinyBoard", on_delete=models.PROTECT, related_name="issued_reports"
    )
    meeting_date = models.DateField(null=True, blank=True, verbose_name="Meeting date")
    reviews = models.ManyToManyField("reviews.Review", blank=True, related_name="issued_reports")
    options = models.JSONField(
        default=dict, blank=True, help_text="The options the report was built with."
    )
    snapshot = models.JSONField(
        default=dict,
        blank=True,
        help_text="Each recommendation's rating when issued: the base for the next report's "
        "direction of travel.",
    )
    pre_issue_check = models.JSONField(
        null=True,
        blank=True,
        help_text="The gaps the pre-issue check showed (each with its items), which the board "
        "manager confirmed before issuing; empty when it found none, null for reports issued "
        "before the check existed.",
    )
    pdf = models.BinaryField(editable=False)
    pdf_sha256 = models.CharField(max_length=64, editable=False, verbose_name="PDF SHA-256")
    docx = models.BinaryField(null=True, blank=True, editable=False)
    docx_sha256 = models.CharField(
        max_length=64, blank=True, editable=False, verbose_name="Word SHA-256"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField()

    objects = IssuedReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["pdf", "docx"], m2m_fields=[reviews])

    class Meta:
        ordering = ["-issued_at", "-id"]
        indexes = [
            models.Index(fields=["partnership", "kind", "issued_at"], name="issued_report_kind_at")
        ]

    def __str__(self):
        return f"{self.title} ({self.issued_at:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or set(update_fields) - {"archived_at"}):
            raise ValueError(
                "An issued report is kept exactly as issued: only archiving may change it."
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("assurance:reports:detail", args=[self.pk])


class ReportDraftQuerySet(models.QuerySet):
    def for_user(self, user):
        """Drafts are the partnership's board managers' work in progress: nobody else's."""
        from scr_tracker.models import Role

        if not user.is_authenticated or user.role != Role.BOARD_MANAGER:
            return self.none()
        return self.filter(partnership_id=user.partnership_id)


class ReportDraft(models.Model):
    """A report being composed: its options and the narrative the board manager writes for it
    (background, why publication was delayed, contact officer), kept between previews so that
    nothing travels in the URL. Every save leaves a history row."""

    partnership = models.ForeignKey(
        "scr_tracker.Partnership", on_delete=models.PROTECT, related_name="report_drafts"
    )
    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    options = models.JSONField(default=dict, blank=True, help_text="The report's options.")
    title = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportDraftQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return self.title or f"Draft {self.get_kind_display().lower()}"

    def get_absolute_url(self):
        return reverse("assurance:reports:draft", args=[self.pk])
