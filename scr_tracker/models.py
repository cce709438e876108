from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords


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
        "reviews.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    agencies = models.ManyToManyField(
        "reviews.Agency",
        blank=True,
        related_name="leads",
        help_text="For agency leads: the agencies whose actions they report on.",
    )
    scrutiny_board = models.ForeignKey(
        "reviews.ScrutinyBoard",
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
