from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from scr_tracker.archiving import Archivable, ArchivableQuerySet
from scr_tracker.links import pk_url
from scr_tracker.models import Partnership, Role


class ThemeQuerySet(models.QuerySet):
    def for_user(self, user):
        """The national themes and the user's own partnership's: never another partnership's
        words or history."""
        if not user.is_authenticated:
            return self.none()
        return self.offered_to(user.partnership_id)

    def offered_to(self, partnership_id):
        """The themes a partnership may use: the national list and its own."""
        return self.filter(Q(partnership__isnull=True) | Q(partnership_id=partnership_id))


class Theme(models.Model):
    """A recurring lesson (information sharing, voice of the child...). A partnership's own
    vocabulary, beside an optional national list (no partnership) that only administrators
    edit and that carries no partnership's text."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="themes",
        help_text="Empty for a national theme, offered to every partnership.",
    )
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="Where this theme came from.")
    is_active = models.BooleanField(default=True)

    objects = ThemeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                condition=Q(partnership__isnull=False),
                name="theme_name_unique_in_partnership",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(partnership__isnull=True),
                name="national_theme_name_unique",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_national(self) -> bool:
        return self.partnership_id is None


class ReviewKind(models.TextChoices):
    SCR = "scr", "Serious Case Review"
    LCSPR = "lcspr", "Local Child Safeguarding Practice Review"
    RAPID = "rapid", "Rapid review"
    NATIONAL = "national", "National review"
    SAR = "sar", "Safeguarding Adults Review"
    DHR = "dhr", "Domestic Homicide Review"
    MULTI_AGENCY_AUDIT = "audit", "Multi-agency audit"
    SECTION_11 = "section11", "Section 11 audit"
    INSPECTION = "inspection", "Inspection"
    OTHER = "other", "Other"


class ReviewStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    AGREED = "agreed", "Recommendations agreed"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed"


class ReviewQuerySet(ArchivableQuerySet):
    def for_user(self, user):
        """Reviews the user may read. Board managers also see archived reviews."""
        if not user.is_authenticated or user.partnership_id is None:
            return self.none()
        qs = self.filter(partnership_id=user.partnership_id)
        if user.role == Role.BOARD_MANAGER:
            return qs
        if user.reads_whole_partnership:
            return qs.active()
        if user.role == Role.AGENCY_LEAD:
            return (
                qs.active()
                .filter(
                    Q(
                        recommendations__actions__agency__in=user.agencies.all(),
                        recommendations__actions__archived_at__isnull=True,
                        recommendations__archived_at__isnull=True,
                    )
                )
                .distinct()
            )
        return self.none()


class Review(Archivable):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="reviews")
    reference = models.CharField(
        max_length=50, help_text="The partnership's own reference, for example SCR-2016-01."
    )
    title = models.CharField(
        max_length=200, help_text="The pseudonym or title used in the report, for example Baby F."
    )
    kind = models.CharField(max_length=20, choices=ReviewKind.choices, default=ReviewKind.SCR)
    status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.IN_PROGRESS
    )
    is_exempt = models.BooleanField(
        default=True,
        verbose_name="Exempt (not for publication)",
        help_text="Unpublished reviews are exempt items under Schedule 12A of the Local "
        "Government Act 1972 and are left out of public reports.",
    )
    author = models.CharField(
        max_length=200, blank=True, verbose_name="Independent author or chair"
    )
    summary = models.TextField(blank=True)
    recommendation_label = models.CharField(
        max_length=100,
        blank=True,
        help_text='How reports label its recommendations, for example "Child F Recommendation". '
        'Leave empty for "<title> Recommendation".',
    )
    incident_date = models.DateField(null=True, blank=True)
    decision_date = models.DateField(null=True, blank=True, verbose_name="Decision to review")
    commissioned_date = models.DateField(null=True, blank=True)
    recommendations_agreed_date = models.DateField(null=True, blank=True)
    published_date = models.DateField(null=True, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="reviews")
    related_reviews = models.ManyToManyField("self", blank=True, symmetrical=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes, related_reviews])

    class Meta:
        ordering = ["-recommendations_agreed_date", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "reference"], name="review_reference_unique_in_partnership"
            )
        ]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self):
        return pk_url("assurance:review_detail", self.pk)

    breadcrumb_parent = None

    @property
    def breadcrumb_label(self) -> str:
        return self.title

    @property
    def label_for_recommendations(self) -> str:
        return self.recommendation_label or f"{self.title} Recommendation"


class ClockUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "working days"
    CALENDAR_DAYS = "calendar_days", "calendar days"
    MONTHS = "months", "months"


class Lifecycle(models.TextChoices):
    CHILD = "child", "Child safeguarding (rapid review and local review)"
    ADULT = "adult", "Safeguarding adults review"
    DHR = "dhr", "Domestic homicide review"
    NATIONAL = "national", "National review"
    AUDIT = "audit", "Audit"
    INSPECTION = "inspection", "Inspection"
    OTHER = "other", "Other review"


class Decision(models.TextChoices):
    REVIEW = "review", "Carry out a review"
    NO_REVIEW = "no_review", "No review"


class StageRule(models.Model):
    """A partnership's own rule for one stage of a lifecycle: it replaces the shipped default
    of the same key (reviews.lifecycle.DEFAULT_STAGES), adds a stage, or (inactive) drops one.
    Set by an administrator in the admin, each change with its reason in the history. A stage
    whose clock has started keeps the rule it started with (ReviewStage)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="stage_rules"
    )
    lifecycle = models.CharField(max_length=20, choices=Lifecycle.choices)
    key = models.SlugField(
        max_length=40, help_text="A default stage's key to change it, or a new key to add one."
    )
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(
        help_text="Order in the timeline: the defaults are numbered 10, 20, 30..."
    )
    owner = models.CharField(max_length=100, help_text="Who is answerable for the stage.")
    clock_unit = models.CharField(
        max_length=20, choices=ClockUnit.choices, blank=True, help_text="Empty: no deadline."
    )
    clock_amount = models.PositiveSmallIntegerField(default=0)
    clock_from = models.SlugField(
        max_length=40,
        blank=True,
        help_text="The key of the stage whose completion starts the clock.",
    )
    review_only = models.BooleanField(
        default=False, help_text="Skipped when the decision is not to carry out a review."
    )
    source = models.CharField(
        max_length=500, blank=True, help_text="Where the rule comes from (guidance, local policy)."
    )
    is_active = models.BooleanField(default=True, help_text="Untick to drop the stage.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "lifecycle", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "lifecycle", "key"], name="stage_rule_unique_key"
            )
        ]

    def __str__(self):
        return f"{self.get_lifecycle_display()}: {self.name}"

    def clean(self):
        errors = {}
        if self.clock_unit and not self.clock_amount:
            errors["clock_amount"] = "Enter how many days or months the stage has."
        if self.clock_unit and not self.clock_from:
            errors["clock_from"] = "Enter the key of the stage whose completion starts the clock."
        if self.clock_from and self.clock_from == self.key:
            errors["clock_from"] = "A stage's clock cannot start from the stage itself."
        if errors:
            raise ValidationError(errors)


class StageState(models.TextChoices):
    RUNNING = "running", "Clock running"
    DONE = "done", "Done"
    PASSED = "passed", "Not recorded: a later stage was recorded first"


class ReviewStage(models.Model):
    """One stage of one review, recorded once its clock starts or it is done. It keeps the rule
    it started with (name, owner, clock), and the deadline that rule gave, for good: changing a
    partnership's rules never rewrites it. An agreed extension is a StageExtension; the due
    date in force is `current_due`."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="stages")
    key = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()
    owner = models.CharField(max_length=100, blank=True)
    clock_unit = models.CharField(max_length=20, choices=ClockUnit.choices, blank=True)
    clock_amount = models.PositiveSmallIntegerField(default=0)
    clock_from = models.SlugField(max_length=40, blank=True)
    source = models.CharField(max_length=500, blank=True)
    state = models.CharField(max_length=10, choices=StageState.choices)
    clock_started_on = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True, help_text="The deadline the rule gave.")
    current_due = models.DateField(
        null=True, blank=True, help_text="The deadline in force: the latest agreed extension."
    )
    completed_on = models.DateField(null=True, blank=True)
    late_reason = models.TextField(blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "key"], name="review_stage_unique_key")
        ]
        indexes = [models.Index(fields=["state", "current_due"], name="review_stage_due_idx")]

    def __str__(self):
        return f"{self.review.reference}: {self.name}"

    @property
    def is_late(self) -> bool:
        return bool(self.completed_on and self.current_due and self.completed_on > self.current_due)


class StageExtension(models.Model):
    """An agreed extension of a stage's deadline: who agreed it, why, and the deadline before
    it. Never edited: a later extension is another row."""

    stage = models.ForeignKey(ReviewStage, on_delete=models.PROTECT, related_name="extensions")
    previous_due = models.DateField()
    due_date = models.DateField(verbose_name="New deadline")
    agreed_by = models.CharField(max_length=200, help_text="Who agreed the extension.")
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["stage", "created_at", "id"]

    def __str__(self):
        return f"{self.stage}: extended to {self.due_date}"


class StageReminderSent(models.Model):
    """A reminder email sent before a stage's deadline: one per person, stage and deadline, so
    the daily run never sends the same one twice (a new deadline after an extension is a new
    reminder)."""

    stage = models.ForeignKey(ReviewStage, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "user", "due_date"], name="stage_reminder_once"
            )
        ]

    def __str__(self):
        return f"Reminder to {self.user_id} about stage {self.stage_id} due {self.due_date}"
