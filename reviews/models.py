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
