"""Reminders before a review stage's deadline: sent to the partnership's board managers on the
daily run, through a real SMTP server, never twice for the same stage and deadline."""

import datetime

import pytest

from assurance.reminders import send_reminders
from reviews import services
from reviews.models import ReviewKind, ReviewStage, StageReminderSent
from tests.reviews.factories import ReviewFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 10, 5)  # a Monday


@pytest.fixture
def rapid(partnership, board_manager):
    review = ReviewFactory(
        partnership=partnership, kind=ReviewKind.RAPID, reference="RR-7", title="Child G"
    )
    services.stage_record(
        review=review,
        key="incident",
        completed_on=datetime.date(2026, 10, 1),
        actor=board_manager,
        today=TODAY,
    )
    return review


def test_the_board_manager_is_reminded_once_per_stage_and_deadline(
    smtp_inbox, rapid, board_manager, outsider
):
    outcome = send_reminders(today=TODAY, digest=False)
    assert outcome.stage_reminders == 1
    [message] = smtp_inbox.to(board_manager.email)
    body = smtp_inbox.body(message)
    assert "RR-7 (Child G): Serious incident notification to the national panel" in body
    assert "due 8 October 2026 (3 working days left)" in body
    assert f"/reviews/{rapid.pk}/" in body
    assert "deadline" in message["Subject"]
    # Nobody in another partnership hears of it.
    assert not smtp_inbox.to(outsider.email)
    # The same run again, the next day too: nothing is sent twice.
    send_reminders(today=TODAY, digest=False)
    send_reminders(today=TODAY + datetime.timedelta(days=1), digest=False)
    assert len(smtp_inbox.to(board_manager.email)) == 1
    # An agreed extension is a new deadline, so it is reminded of again.
    services.stage_extend(
        stage=ReviewStage.objects.get(review=rapid, key="notification"),
        due_date=datetime.date(2026, 10, 12),
        agreed_by="National panel",
        reason="Police request",
        actor=board_manager,
    )
    send_reminders(today=TODAY + datetime.timedelta(days=1), digest=False)
    assert len(smtp_inbox.to(board_manager.email)) == 2
    assert StageReminderSent.objects.filter(user=board_manager).count() == 2


def test_done_and_far_off_stages_are_not_reminded(smtp_inbox, rapid, board_manager):
    services.stage_record(
        review=rapid,
        key="notification",
        completed_on=datetime.date(2026, 10, 2),
        actor=board_manager,
        today=TODAY,
    )
    # The rapid review is due 23 October: more than 14 days after 1 October, not yet.
    send_reminders(today=datetime.date(2026, 10, 2), digest=False)
    assert not smtp_inbox.to(board_manager.email)
    send_reminders(today=datetime.date(2026, 10, 12), digest=False)
    assert "Rapid review sent to the national panel" in smtp_inbox.body(
        smtp_inbox.to(board_manager.email)[0]
    )


def test_a_failed_email_is_tried_again_next_run(settings, rapid, board_manager):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    outcome = send_reminders(today=TODAY, digest=False)
    assert outcome.failed
    assert not StageReminderSent.objects.exists()
