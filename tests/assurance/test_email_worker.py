"""Email through the worker (scr_tracker/mail_backends.py): the page queues the message, the
real worker (`db_worker`) sends it to a real SMTP server (aiosmtpd) once the change is
committed, and tries again later when the server cannot be reached."""

import base64
import datetime
import logging

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assurance import services
from scr_tracker.mail_backends import RETRY_MINUTES, _stored, deliver_email
from tests.assurance.conftest import Inbox, free_port
from tests.assurance.factories import EvidenceFactory, ProgressUpdateFactory
from tests.worker import queued_tasks, run_worker

pytestmark = pytest.mark.usefixtures("transactional_db")


@pytest.fixture
def via_worker(settings, smtp_inbox):
    """Email goes through the task backend; the worker delivers to the real SMTP server."""
    settings.EMAIL_BACKEND = "scr_tracker.mail_backends.TaskEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    return smtp_inbox


def test_a_workflow_email_is_sent_by_the_worker_after_the_change(
    via_worker, board_manager, lead_a, action_a
):
    update = ProgressUpdateFactory(action=action_a, author=lead_a, claims_completion=True)
    EvidenceFactory(update=update)
    services.update_judge(update=update, actor=board_manager, accept=False, comment="Not yet")
    assert via_worker.messages == []  # the page did not wait for the mail server
    [queued] = queued_tasks()
    assert queued.queue_name == "email"
    run_worker()
    [message] = via_worker.to(lead_a.email)
    assert message["Subject"].startswith("SCR Tracker: evidence returned on SCR-BABY-F")
    assert queued_tasks() == []


def test_an_email_about_a_change_rolled_back_is_never_sent(via_worker, board_manager):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Rolled back", "Never sent.", None, [board_manager.email])
        raise RuntimeError("the change failed")
    assert queued_tasks() == []
    run_worker()
    assert via_worker.messages == []


def test_the_message_arrives_as_written(via_worker, board_manager):
    message = EmailMessage(
        "Révision du plan d'action – SCR-BABY-F",
        "Texte accentué: é, ü, £ and “quotes”.\n",
        to=[board_manager.email],
        headers={"X-SCR-Tracker": "background"},
    )
    message.attach("minutes.csv", "Practice,Meetings\nPractice A,3\n", "text/csv")
    assert message.send() == 1
    run_worker()
    [received] = via_worker.to(board_manager.email)
    assert received["Subject"] == "Révision du plan d'action – SCR-BABY-F"
    assert received["X-SCR-Tracker"] == "background"
    # (SMTP carries lines ended by CR LF.)
    assert via_worker.body(received).splitlines() == ["Texte accentué: é, ü, £ and “quotes”."]
    [attachment] = list(received.iter_attachments())
    assert attachment.get_filename() == "minutes.csv"
    assert attachment.get_content().splitlines() == ["Practice,Meetings", "Practice A,3"]


def test_an_unreachable_server_is_tried_again_later_with_the_same_message(
    via_worker, settings, board_manager, caplog
):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there
    send_mail("Quarterly reminder", "Three actions are due.", None, [board_manager.email])
    [first] = queued_tasks()
    with caplog.at_level(logging.WARNING, logger="scr_tracker.mail_backends"):
        run_worker()
    assert via_worker.messages == []
    assert "Trying again in 1 minute(s)" in caplog.text
    assert board_manager.email not in caplog.text
    retry = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now()  # not yet due: the worker leaves it for later
    run_worker()
    assert via_worker.messages == []

    settings.EMAIL_PORT = port
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    [received] = via_worker.to(board_manager.email)
    queued_id = base64.b64decode(first.args_kwargs["kwargs"]["raw"])
    assert received["Message-ID"].encode() in queued_id


def test_a_message_is_given_up_after_the_last_attempt(via_worker, settings, caplog):
    settings.EMAIL_PORT = free_port()
    message = EmailMessage("Last try", "Body", to=["someone@example.org"])
    deliver_email.enqueue(**_stored(message), attempt=len(RETRY_MINUTES) + 1)
    with caplog.at_level(logging.ERROR, logger="scr_tracker.mail_backends"):
        run_worker()
    assert "Given up" in caplog.text
    assert queued_tasks() == []
    assert DBTaskResult.objects.get().status == "FAILED"


class _Refusing(Inbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 No such mailbox"


def test_a_permanent_refusal_is_logged_and_not_tried_again(via_worker, settings, caplog):
    refusing = Controller(_Refusing(), hostname="127.0.0.1", port=free_port())
    refusing.start()
    try:
        settings.EMAIL_PORT = refusing.port
        send_mail("Refused", "Body", None, ["gone@example.org"])
        with caplog.at_level(logging.ERROR, logger="scr_tracker.mail_backends"):
            run_worker()
    finally:
        refusing.stop()
    assert "refused the email 'Refused'" in caplog.text and "Not tried again" in caplog.text
    assert queued_tasks() == []
    assert DBTaskResult.objects.count() == 1


def test_retries_wait_longer_each_time():
    assert list(RETRY_MINUTES) == sorted(RETRY_MINUTES)
    assert datetime.timedelta(minutes=sum(RETRY_MINUTES)) < datetime.timedelta(hours=2)
