"""Sending email, for every app.

An email names what happened and links to the page (``SITE_URL``), where the reader signs in to
see the rest; the apps' own modules (``assurance.notifications``, ``recommendations.services``)
decide who is told what. Each recipient gets a message of their own, so no one sees another's
address.

Services schedule emails with :func:`on_commit`, so nothing is sent for a change that was
rolled back; :func:`suppressed` turns them off (the demo loader uses it)."""

import logging
import smtplib
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)
_suppressed: ContextVar[bool] = ContextVar("emails_suppressed", default=False)


@contextmanager
def suppressed():
    """No email is scheduled through :func:`on_commit` inside this block."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def on_commit(function, *args) -> None:
    """Call ``function(*args)`` once the current transaction commits, unless suppressed."""
    if not _suppressed.get():
        transaction.on_commit(lambda: function(*args))


def absolute(url: str) -> str:
    """The full address of a path on this site, for links in emails."""
    return settings.SITE_URL.rstrip("/") + url


def send(*, users, template: str, context: dict, raise_errors: bool = False) -> int:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` (a template path without the
    suffix, e.g. ``"assurance/email/queue_update"``) for each active user with an email address
    and send it; returns how many were sent. A failure to send is logged (and raised when
    ``raise_errors``), never lost silently."""
    sent = 0
    for user in users:
        if not user.email or not user.is_active:
            continue
        ctx = {**context, "user": user, "service_name": settings.SERVICE_NAME}
        subject = " ".join(render_to_string(f"{template}_subject.txt", ctx).split())
        body = render_to_string(f"{template}.txt", ctx)
        try:
            sent += EmailMessage(subject, body, to=[user.email]).send()
        except (OSError, smtplib.SMTPException):
            name = template.rsplit("/", 1)[-1]
            logger.exception("Could not send the %s email to user %s", name, user.pk)
            if raise_errors:
                raise
    return sent
