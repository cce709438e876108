"""Workflow emails and reminders, delivered through a real SMTP server started by the test."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from assurance import services
from assurance.models import ReminderSent
from assurance.reminders import send_reminders
from recommendations.models import ActionStatus
from tests.assurance.conftest import SAMPLES, free_port, upload
from tests.assurance.factories import EvidenceFactory, ProgressUpdateFactory
from tests.once import form_token
from tests.recommendations.factories import ActionFactory
from tests.scr_tracker.factories import UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://scr-tracker.example.org"


def day(offset):
    return timezone.localdate() + datetime.timedelta(days=offset)


def assert_no_child_identifying_text(message, *texts):
    """Only the review reference identifies the review: never its title (the child's
    pseudonym), a narrative or a comment."""
    whole = message["Subject"] + message.get_body(preferencelist=("plain",)).get_content()
    assert "SCR-BABY-F" in whole
    for text in ("Baby F", *texts):
        assert text not in whole


@pytest.fixture
def deputy(partnership):
    return UserFactory(username="deputy", role="board_manager", partnership=partnership)


def test_returned_evidence_emails_the_lead(
    smtp_inbox, django_capture_on_commit_callbacks, board_manager, lead_a, action_a
):
    update = ProgressUpdateFactory(action=action_a, author=lead_a, claims_completion=True)
    EvidenceFactory(update=update)
    comment = "Only 3 of Baby F's 12 practices are in the log."
    with django_capture_on_commit_callbacks(execute=True):
        services.update_judge(update=update, actor=board_manager, accept=False, comment=comment)
    [message] = smtp_inbox.to(lead_a.email)
    assert message["Subject"] == (
        "SCR Tracker: evidence returned on SCR-BABY-F recommendation 1, "
        "Health visiting provider action"
    )
    body = smtp_inbox.body(message)
    assert f"{SITE}{action_a.get_absolute_url()}#update-{update.pk}" in body
    assert_no_child_identifying_text(message, comment, update.narrative)
    assert smtp_inbox.to(board_manager.email) == []


def test_accepted_evidence_sends_no_email_to_the_lead(
    smtp_inbox, django_capture_on_commit_callbacks, board_manager, lead_a, action_a
):
    update = ProgressUpdateFactory(action=action_a, author=lead_a)
    EvidenceFactory(update=update)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_judge(update=update, actor=board_manager, accept=True)
    assert smtp_inbox.messages == []


def test_board_managers_are_told_when_an_update_enters_the_queue(
    client,
    smtp_inbox,
    django_capture_on_commit_callbacks,
    board_manager,
    deputy,
    outsider,
    lead_a,
    action_a,
):
    client.force_login(lead_a)
    narrative = "Baby F's health visitor now attends every meeting."
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("assurance:update_create", args=[action_a.pk]),
            {
                "form_token": form_token(client),
                "narrative": narrative,
                "rag": "green",
                "rag_reason": "Done",
                "claims_completion": "on",
                "files": [upload("minutes.pdf", SAMPLES["minutes.pdf"])],
            },
        )
    assert sorted(r for m in smtp_inbox.messages for r in m.recipients) == sorted(
        [board_manager.email, deputy.email]
    )
    message = smtp_inbox.to(board_manager.email)[0]
    assert "completion claimed on SCR-BABY-F recommendation 1" in message["Subject"]
    assert f"{SITE}/assurance/updates/" in smtp_inbox.body(
        message
    ) and f"{SITE}/assurance/review-queue/" in smtp_inbox.body(message)
    assert_no_child_identifying_text(message, narrative, "minutes.pdf")


def test_an_update_without_evidence_enters_no_queue_and_sends_nothing(
    smtp_inbox, django_capture_on_commit_callbacks, board_manager, lead_a, action_a
):
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_update_post(
            action=action_a, actor=lead_a, narrative="Started", rag="green", rag_reason="Fine"
        )
    assert smtp_inbox.messages == []


def test_due_date_request_and_decision_are_emailed(
    smtp_inbox, django_capture_on_commit_callbacks, board_manager, lead_a, action_a
):
    reason = "Baby F's case audit has to wait for the new system."
    with django_capture_on_commit_callbacks(execute=True):
        revision = services.due_date_request(
            action=action_a, actor=lead_a, due_date=day(90), reason=reason
        )
    [request_message] = smtp_inbox.to(board_manager.email)
    assert "due date change requested on SCR-BABY-F recommendation 1" in request_message["Subject"]
    assert f"{SITE}/assurance/due-date-requests/{revision.pk}/" in smtp_inbox.body(request_message)
    assert_no_child_identifying_text(request_message, reason)
    with django_capture_on_commit_callbacks(execute=True):
        services.due_date_decide(
            revision=revision, actor=board_manager, approve=False, comment="Not for Baby F."
        )
    [decision] = smtp_inbox.to(lead_a.email)
    assert "due date change declined on SCR-BABY-F recommendation 1" in decision["Subject"]
    assert f"{SITE}{action_a.get_absolute_url()}" in smtp_inbox.body(decision)
    assert_no_child_identifying_text(decision, "Not for Baby F.", reason)


def test_an_approved_date_is_emailed_with_the_new_date(
    smtp_inbox, django_capture_on_commit_callbacks, board_manager, lead_a, action_a
):
    revision = services.due_date_request(
        action=action_a, actor=lead_a, due_date=day(90), reason="Staff"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.due_date_decide(revision=revision, actor=board_manager, approve=True)
    [decision] = smtp_inbox.to(lead_a.email)
    assert "agreed" in decision["Subject"]
    assert f"The action is now due on {day(90):%-d %B %Y}." in smtp_inbox.body(decision)


def test_a_mail_server_failure_does_not_undo_the_decision(
    settings, django_capture_on_commit_callbacks, board_manager, lead_a, action_a, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    revision = services.due_date_request(
        action=action_a, actor=lead_a, due_date=day(90), reason="Staff"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.due_date_decide(revision=revision, actor=board_manager, approve=True)
    action_a.refresh_from_db()
    assert action_a.due_date == day(90)
    assert "Could not send the due_date_decided email" in caplog.text


@pytest.fixture
def deadlines(partnership, recommendation, agency_a, agency_b, lead_a):
    """Actions of agency A due at various times, and one of agency B led by a named officer."""
    named = UserFactory(username="named.officer", role="agency_lead", partnership=partnership)
    return {
        "overdue": ActionFactory(recommendation=recommendation, agency=agency_a, due_date=day(-3)),
        "soon": ActionFactory(recommendation=recommendation, agency=agency_a, due_date=day(14)),
        "later": ActionFactory(recommendation=recommendation, agency=agency_a, due_date=day(15)),
        "claimed": ActionFactory(
            recommendation=recommendation,
            agency=agency_a,
            due_date=day(-9),
            status=ActionStatus.COMPLETION_CLAIMED,
        ),
        "led": ActionFactory(
            recommendation=recommendation, agency=agency_b, due_date=day(5), lead_officer_user=named
        ),
        "named": named,
    }


def test_each_lead_gets_one_email_of_their_overdue_and_due_soon_actions(
    smtp_inbox, lead_a, lead_b, deadlines
):
    outcome = send_reminders(today=timezone.localdate(), digest=False)
    [message] = smtp_inbox.to(lead_a.email)
    body = smtp_inbox.body(message)
    assert message["Subject"] == "SCR Tracker: 1 action overdue, 1 due within 14 days"
    assert f"{SITE}{deadlines['overdue'].get_absolute_url()}" in body
    assert f"{SITE}{deadlines['soon'].get_absolute_url()}" in body
    for not_listed in ("later", "claimed", "led"):
        assert f"{SITE}{deadlines[not_listed].get_absolute_url()}\n" not in body
    assert body.index("Overdue:") < body.index("Due within 14 days:")
    assert_no_child_identifying_text(message, deadlines["overdue"].key_actions)
    # Agency B's lead hears of agency B's action; so does the officer named on it.
    assert (
        len(smtp_inbox.to(lead_b.email)) == 1 and len(smtp_inbox.to(deadlines["named"].email)) == 1
    )
    assert outcome.reminders == 3 and outcome.digests == 0


def test_running_twice_in_a_day_sends_nothing_twice(
    smtp_inbox, board_manager, lead_a, lead_b, deadlines
):
    call_command("send_reminders", "--digest")
    first = len(smtp_inbox.messages)
    assert first == 4  # three leads and one board manager
    call_command("send_reminders", "--digest")
    assert len(smtp_inbox.messages) == first
    assert (
        ReminderSent.objects.filter(user=lead_a, kind="due", date=timezone.localdate()).count() == 1
    )


def test_digest_goes_to_board_managers_on_mondays(
    smtp_inbox, board_manager, outsider, lead_a, deadlines
):
    today = timezone.localdate()
    tuesday = today + datetime.timedelta(days=(1 - today.weekday()) % 7)
    send_reminders(today=tuesday)
    assert smtp_inbox.to(board_manager.email) == []
    monday = tuesday + datetime.timedelta(days=6)
    send_reminders(today=monday)
    [digest] = smtp_inbox.to(board_manager.email)
    body = smtp_inbox.body(digest)
    assert "Completion claims not yet judged: 1" in body
    assert f"{SITE}/assurance/review-queue/" in body
    assert len(smtp_inbox.to(outsider.email)) == 1


def test_a_failed_send_is_not_recorded_and_is_retried(settings, smtp_inbox, lead_a, deadlines):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()
    with pytest.raises(CommandError, match="could not be sent"):
        call_command("send_reminders")
    assert not ReminderSent.objects.exists()
    settings.EMAIL_PORT = port
    call_command("send_reminders")
    assert len(smtp_inbox.to(lead_a.email)) == 1


@pytest.mark.parametrize("size", [1, 10])
def test_reminder_queries_do_not_grow_with_actions(
    smtp_inbox, django_assert_max_num_queries, recommendation, agency_a, lead_a, board_manager, size
):
    for n in range(size):
        ActionFactory(recommendation=recommendation, agency=agency_a, due_date=day(n - 5))
    # Reading is bounded; each email sent adds its own record and savepoint.
    with django_assert_max_num_queries(12 + 4 * 2):
        send_reminders(today=timezone.localdate(), digest=True)
    assert len(smtp_inbox.messages) == 2
