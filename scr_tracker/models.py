import secrets

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .working_days import Nation

# The tenancy: every user, review and report belongs to one partnership; agencies and scrutiny
# boards are the partnership's own. They live here, in the foundation, because the user model
# points at them and the domain apps (reviews, recommendations, assurance) all build on them.

DEFAULT_ASSURANCE_LEVELS = ["Substantial", "Reasonable", "Limited", "No assurance"]


def default_assurance_levels():
    return list(DEFAULT_ASSURANCE_LEVELS)


class Partnership(models.Model):
    """A safeguarding partnership (formerly an LSCB): owns reviews, agencies and users."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True)
    nation = models.CharField(
        max_length=20,
        choices=Nation.choices,
        default=Nation.ENGLAND,
        help_text="Whose bank holidays the statutory clocks skip when they count working days.",
    )
    # Thresholds behind the partnership RAG rating (see recommendations.rag).
    amber_due_within_days = models.PositiveSmallIntegerField(
        default=30, help_text="An action due within this many days with no recent update is Amber."
    )
    amber_no_update_days = models.PositiveSmallIntegerField(
        default=60, help_text="An update older than this many days counts as no recent update."
    )
    assurance_levels = models.JSONField(
        default=default_assurance_levels,
        help_text="The assurance levels a board manager may give, strongest first.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class AgencyKind(models.TextChoices):
    POLICE = "police", "Police"
    HEALTH = "health", "Health (NHS trust, ICB, GP practices)"
    SOCIAL_CARE = "social_care", "Children's social care"
    EDUCATION = "education", "Education"
    HOUSING = "housing", "Housing"
    PROBATION = "probation", "Probation"
    LOCAL_AUTHORITY = "local_authority", "Local authority (other)"
    VOLUNTARY = "voluntary", "Voluntary sector"
    PARTNERSHIP = "partnership", "Safeguarding partnership"
    OTHER = "other", "Other"


class Agency(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices, default=AgencyKind.OTHER)
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="agency_name_unique_in_partnership"
            )
        ]

    def __str__(self):
        return self.name


class ScrutinyBoard(models.Model):
    """A council scrutiny board that receives the partnership's assurance reports."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="scrutiny_boards"
    )
    name = models.CharField(max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="scrutiny_board_unique_in_partnership"
            )
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    BOARD_MANAGER = "board_manager", "Board manager"
    AGENCY_LEAD = "agency_lead", "Agency lead"
    SCRUTINY_MEMBER = "scrutiny_member", "Scrutiny member"
    SCRUTINEER = "scrutineer", "Independent scrutineer"


class User(AbstractUser):
    """A person who signs in. Every user except an installation administrator belongs to one
    partnership, and sees nothing of any other."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.AGENCY_LEAD)
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    agencies = models.ManyToManyField(
        Agency,
        blank=True,
        related_name="leads",
        help_text="For agency leads: the agencies whose actions they report on.",
    )
    scrutiny_board = models.ForeignKey(
        ScrutinyBoard,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text="For scrutiny members: the board whose issued reports they read.",
    )
    job_title = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords(m2m_fields=[agencies])

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        if self.role != Role.ADMINISTRATOR and self.partnership_id is None:
            raise ValidationError(
                {"partnership": "Everyone except an administrator belongs to a partnership."}
            )
        if (
            self.scrutiny_board_id
            and self.partnership_id
            and self.scrutiny_board.partnership_id != self.partnership_id
        ):
            raise ValidationError(
                {"scrutiny_board": "The scrutiny board must be in the user's partnership."}
            )

    @property
    def is_board_manager(self) -> bool:
        return self.role == Role.BOARD_MANAGER

    @property
    def is_agency_lead(self) -> bool:
        return self.role == Role.AGENCY_LEAD

    @property
    def is_scrutiny_member(self) -> bool:
        return self.role == Role.SCRUTINY_MEMBER

    @property
    def is_scrutineer(self) -> bool:
        return self.role == Role.SCRUTINEER

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR

    @property
    def reads_whole_partnership(self) -> bool:
        """Board managers, independent scrutineers and administrators read every review,
        recommendation and action of their partnership."""
        return self.role in {Role.BOARD_MANAGER, Role.SCRUTINEER, Role.ADMINISTRATOR}


# --- Personal API tokens (the read-only API, assurance/api/, docs/api.md) --------------------

#: The longest a personal API token may live.
API_TOKEN_MAX_DAYS = 365
#: Roles that may hold a token: the same roles that read lists of reviews and actions.
#: Scrutiny members read issued reports only, so they get none.
API_TOKEN_ROLES = frozenset(
    {Role.BOARD_MANAGER, Role.SCRUTINEER, Role.ADMINISTRATOR, Role.AGENCY_LEAD}
)


class ApiTokenQuerySet(models.QuerySet):
    def for_user(self, user):
        """A person's own tokens; an administrator reads everyone's (to revoke them)."""
        if not user.is_authenticated:
            return self.none()
        if user.role == Role.ADMINISTRATOR:
            return self
        return self.filter(user=user)

    def delete(self):
        raise models.ProtectedError("API tokens are revoked, never deleted.", set(self))


class ApiToken(models.Model):
    """A personal token for the read-only API (Power BI, Excel). Only a SHA-256 digest of the
    token is stored: the token itself is shown once, when it is created. It reads exactly what
    its owner reads in the browser, until it expires or is revoked."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text='What it is for, e.g. "Power BI dashboard".')
    prefix = models.CharField(
        max_length=16, unique=True, editable=False, help_text="The token's first characters."
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    # Written with a plain UPDATE when the token is used (no history row for each use).
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    revoked_reason = models.TextField(blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["last_used_at", "digest"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def delete(self, *args, **kwargs):
        raise models.ProtectedError("API tokens are revoked, never deleted.", {self})

    @property
    def partnership_id(self):
        """The partnership it belongs to: its owner's."""
        return self.user.partnership_id

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now) -> bool:
        return self.expires_at <= now

    def state(self, now) -> str:
        if self.is_revoked:
            return "Revoked"
        if self.is_expired(now):
            return "Expired"
        return "Active"


# --- Background work (scr_tracker/jobs/, docs/background-work.md) -----------------------------


class JobState(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "In progress"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


#: The states in which a job still has work to do.
JOB_ACTIVE_STATES = (JobState.QUEUED, JobState.RUNNING)


class JobQuerySet(models.QuerySet):
    def for_user(self, user):
        """A person's own jobs: nobody else sees them, an administrator included."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def active(self):
        return self.filter(state__in=JOB_ACTIVE_STATES)

    def with_expired_files(self, now):
        """Finished jobs whose result file is past its expiry and still stored."""
        return self.filter(file_expires_at__lte=now, file_removed_at__isnull=True).exclude(
            result_file=""
        )

    def delete(self):
        raise models.ProtectedError("Jobs are kept as a record, never deleted.", set(self))


def job_result_path(job, filename) -> str:
    """A random name under jobs/, outside any static path; the download name is kept apart."""
    return f"jobs/{job.created_at:%Y/%m}/{secrets.token_hex(16)}"


class Job(models.Model):
    """Work asked for by one person and done by the background worker: a large report, export or
    import. It records who asked, for which partnership, what, how far it has gone and what came
    of it. Only the person who asked sees it and downloads its file. Never deleted; the result
    file is removed when it expires (JOB_RESULT_HOURS after the job finished)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="jobs")
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=60, help_text="The task that does the work.")
    description = models.CharField(max_length=300, help_text="What was asked for, in words.")
    params = models.JSONField(default=dict, blank=True, help_text="What the work was given.")
    # Set while the job is queued or running, so that asking twice for the same thing (a
    # double click, a second tab) finds the job already under way instead of starting another.
    key = models.CharField(max_length=300, blank=True, db_index=True)
    back_url = models.CharField(
        max_length=2000, blank=True, help_text="The page the work was asked for from."
    )
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    # Progress is written with a plain UPDATE as the work goes on (no history row for each step).
    progress_done = models.PositiveIntegerField(default=0, editable=False)
    progress_total = models.PositiveIntegerField(default=0, editable=False)
    progress_note = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True, help_text="The queued task's id.")
    attempts = models.PositiveSmallIntegerField(default=0)
    result_file = models.FileField(upload_to=job_result_path, blank=True, max_length=200)
    result_name = models.CharField(max_length=255, blank=True, help_text="The download's name.")
    result_content_type = models.CharField(max_length=120, blank=True)
    result_size = models.PositiveBigIntegerField(null=True, blank=True)
    result_url = models.CharField(
        max_length=2000, blank=True, help_text="A page the result lives on, e.g. the review."
    )
    result_link_text = models.CharField(max_length=200, blank=True)
    result_message = models.TextField(blank=True)
    error_message = models.TextField(blank=True, help_text="What went wrong, for the user.")
    file_expires_at = models.DateTimeField(null=True, blank=True)
    file_removed_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["progress_done", "progress_total", "progress_note"]
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "key", "state"], name="job_user_key_state")]

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        return reverse("job_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise models.ProtectedError("Jobs are kept as a record, never deleted.", {self})

    @property
    def is_active(self) -> bool:
        return self.state in JOB_ACTIVE_STATES

    @property
    def has_file(self) -> bool:
        return self.state == JobState.DONE and bool(self.result_file) and not self.file_removed_at

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, self.progress_done * 100 // self.progress_total)
