"""Login protection: lockout per account and per address after the configured number of
failures (django-axes), recorded for administrators, and messages that never tell whether an
account exists."""

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth import SESSION_KEY
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from scr_tracker.accounts.client_ip import client_ip
from tests.scr_tracker.factories import PASSWORD
from tests.scr_tracker.mfa_helpers import post_password


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 3


def _error_text(response):
    """The page without what differs between any two requests (the CSRF token)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_wrong_password_and_unknown_account_get_the_same_page(client, lead_a):
    known = post_password(client, lead_a.username, "wrong-password", REMOTE_ADDR="10.0.0.1")
    unknown = post_password(client, "no.such.person", "wrong-password", REMOTE_ADDR="10.0.0.2")

    assert known.status_code == unknown.status_code == 200
    assert "Enter a correct username and password" in known.content.decode()
    assert _error_text(known).replace(lead_a.username, "X") == _error_text(unknown).replace(
        "no.such.person", "X"
    )


def test_a_deactivated_account_gets_the_same_message(client, lead_a):
    lead_a.is_active = False
    lead_a.save()

    response = post_password(client, lead_a.username, PASSWORD)

    assert "Enter a correct username and password" in response.content.decode()
    assert "inactive" not in response.content.decode().lower()
    assert SESSION_KEY not in client.session


def test_an_account_is_locked_after_the_configured_failures(client, lead_a):
    for attempt in range(1, 3):
        response = post_password(client, lead_a.username, "wrong", REMOTE_ADDR=f"10.0.1.{attempt}")
        assert response.status_code == 200

    locked = post_password(client, lead_a.username, "wrong", REMOTE_ADDR="10.0.1.3")
    right_password = post_password(client, lead_a.username, PASSWORD, REMOTE_ADDR="10.0.1.4")

    assert locked.status_code == right_password.status_code == 429
    assert "Signing in is paused" in right_password.content.decode()
    assert SESSION_KEY not in client.session


def test_an_address_is_locked_after_the_configured_failures(client, lead_a, lead_b):
    for username in ("someone", "someone.else", lead_b.username):
        post_password(client, username, "wrong", REMOTE_ADDR="10.0.2.1")

    from_there = post_password(client, lead_a.username, PASSWORD, REMOTE_ADDR="10.0.2.1")
    from_elsewhere = post_password(client, lead_a.username, PASSWORD, REMOTE_ADDR="10.0.2.2")

    assert from_there.status_code == 429
    assert from_elsewhere.status_code == 302


def test_fewer_failures_than_the_limit_do_not_lock(client, lead_a):
    for _ in range(2):
        post_password(client, lead_a.username, "wrong")

    response = post_password(client, lead_a.username, PASSWORD)

    assert response.status_code == 302 and SESSION_KEY in client.session


def test_the_lockout_page_does_not_reveal_whether_the_account_exists(client, lead_a):
    for _ in range(3):
        post_password(client, "no.such.person", "wrong", REMOTE_ADDR="10.0.3.1")
        post_password(client, lead_a.username, "wrong", REMOTE_ADDR="10.0.3.2")

    unknown = post_password(client, "no.such.person", "wrong", REMOTE_ADDR="10.0.3.1")
    known = post_password(client, lead_a.username, "wrong", REMOTE_ADDR="10.0.3.2")

    assert unknown.status_code == known.status_code == 429
    assert _error_text(unknown) == _error_text(known)
    assert "lead.a" not in known.content.decode()


def test_the_lockout_ends_after_the_cool_off(client, lead_a, settings):
    for _ in range(3):
        post_password(client, lead_a.username, "wrong")
    assert post_password(client, lead_a.username, PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME)

    assert post_password(client, lead_a.username, PASSWORD).status_code == 302


def test_failures_are_recorded_without_the_password(client, lead_a):
    post_password(client, lead_a.username, "s3cret-guess", REMOTE_ADDR="10.0.4.1")

    attempt = AccessAttempt.objects.get()
    assert attempt.username == lead_a.username and attempt.ip_address == "10.0.4.1"
    assert attempt.failures_since_start == 1
    assert "s3cret-guess" not in attempt.post_data
    assert AccessFailureLog.objects.filter(username=lead_a.username).count() == 1


def test_administrators_can_read_but_not_change_the_records(client, administrator, lead_a):
    for _ in range(3):
        post_password(client, lead_a.username, "wrong")
    attempt = AccessAttempt.objects.get()
    client.force_login(administrator)

    listing = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and lead_a.username in listing.content.decode()
    assert client.get(reverse("admin:axes_accessfailurelog_changelist")).status_code == 200
    assert client.get(reverse("admin:axes_accesslog_changelist")).status_code == 200
    assert client.get(reverse("admin:axes_accessattempt_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    detail = client.get(
        reverse("admin:axes_accessattempt_change", args=[attempt.pk])
    ).content.decode()
    assert 'name="_save"' not in detail
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_board_managers_cannot_see_the_records(client, board_manager):
    client.force_login(board_manager)

    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "192.0.2.10"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (2, "6.6.6.6, 203.0.113.5, 10.1.1.1", "203.0.113.5"),
        (2, "203.0.113.5", "192.0.2.10"),
    ],
)
def test_client_address_trusts_only_the_configured_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected
