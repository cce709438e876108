"""Email sent by the background worker (docs/background-work.md), so that a slow or absent mail
server never slows a page.

`TaskEmailBackend` is an ordinary Django email backend (``EMAIL_BACKEND``): whatever sends email
(``send_mail``, ``EmailMessage.send()``) hands it the message, and it queues the message,
rendered to its final bytes, as a task on the "email" queue. The queued task is a row of the
app's database, written in the sender's transaction: an email about a change that is rolled
back is never sent, and the worker sees it only once the change is committed (the workflow
already sends its emails from ``transaction.on_commit``).

The worker's `deliver_email` task sends the bytes with ``EMAIL_DELIVERY_BACKEND`` (Django's
SMTP backend by default). A failure that may pass (no connection, a 4xx answer) is tried again
after each of RETRY_MINUTES, the same message with the same Message-ID; a permanent refusal
(5xx) is not. Every failure is logged with the message's subject and its number of recipients,
never their addresses."""

import base64
import datetime
import email
import email.policy
import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

#: Minutes to wait before each new attempt; after the last, the message is given up (logged).
RETRY_MINUTES = (1, 5, 15, 60)
QUEUE = "email"


class TaskEmailBackend(BaseEmailBackend):
    """Queues each message for the worker's `deliver_email` task instead of sending it."""

    def send_messages(self, email_messages):
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                deliver_email.enqueue(**_stored(message))
            except Exception:
                logger.exception("Could not queue the email %r", str(message.subject)[:200])
                if not self.fail_silently:
                    raise
                continue
            queued += 1
        return queued


def _stored(message: EmailMessage) -> dict:
    """The message as JSON for the task: its final bytes (headers, Date and Message-ID fixed
    now), the envelope sender and recipients, and the subject for the log."""
    return {
        "raw": base64.b64encode(message.message().as_bytes(linesep="\n")).decode("ascii"),
        "from_email": message.from_email or settings.DEFAULT_FROM_EMAIL,
        "recipients": list(message.recipients()),
        "subject": str(message.subject)[:200],
    }


class _StoredMIME(email.message.Message):
    """A message parsed back from its bytes, written out again exactly as it was."""

    raw: bytes = b""

    def as_bytes(self, unixfrom=False, linesep="\n", policy=None):
        return self.raw if linesep == "\n" else self.raw.replace(b"\n", linesep.encode())


class StoredEmail(EmailMessage):
    """An EmailMessage whose MIME message is the bytes queued, for any delivery backend."""

    def __init__(self, *, raw: bytes, from_email: str, recipients: list[str], subject: str):
        super().__init__(subject=subject, from_email=from_email, to=recipients)
        self._raw = raw

    def message(self):
        parsed = email.message_from_bytes(
            self._raw, _class=_StoredMIME, policy=email.policy.compat32
        )
        parsed.raw = self._raw
        return parsed


def _delivery_backend():
    path = settings.EMAIL_DELIVERY_BACKEND
    if path == f"{__name__}.TaskEmailBackend":
        raise ImproperlyConfigured("EMAIL_DELIVERY_BACKEND must be a backend that sends email.")
    return get_connection(path, fail_silently=False)


def _permanent(error: Exception) -> bool:
    """A refusal that trying again will not change: a 5xx answer, for every recipient."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


@task(queue_name=QUEUE)
def deliver_email(*, raw: str, from_email: str, recipients: list, subject: str, attempt: int = 1):
    """Send one queued message; on a passing failure queue the next attempt."""
    message = StoredEmail(
        raw=base64.b64decode(raw), from_email=from_email, recipients=recipients, subject=subject
    )
    try:
        _delivery_backend().send_messages([message])
    except (OSError, smtplib.SMTPException) as error:
        where = f"the email {subject!r} to {len(recipients)} recipient(s), attempt {attempt}"
        if _permanent(error):
            logger.error("The mail server refused %s: %s. Not tried again.", where, error)
            return "refused"
        if attempt > len(RETRY_MINUTES) or not deliver_email.get_backend().supports_defer:
            logger.error("Could not send %s: %s. Given up.", where, error)
            raise
        delay = RETRY_MINUTES[attempt - 1]
        logger.warning("Could not send %s: %s. Trying again in %s minute(s).", where, error, delay)
        deliver_email.using(run_after=timezone.now() + datetime.timedelta(minutes=delay)).enqueue(
            raw=raw,
            from_email=from_email,
            recipients=recipients,
            subject=subject,
            attempt=attempt + 1,
        )
        return "retrying"
    return "sent"
