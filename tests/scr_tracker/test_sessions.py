"""Sessions end after the configured idle time, enforced by the server; pages warn before;
deactivating an account ends its sessions."""

import datetime
import os
import subprocess
import sys
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.scr_tracker.test_headers import REPO

REVIEWS = reverse("assurance:review_list")


def _later(minutes):
    """Pretend `minutes` have passed, for the session store's expiry checks and writes."""
    moment = timezone.now() + datetime.timedelta(minutes=minutes)
    return mock.patch("django.contrib.sessions.backends.db.timezone.now", return_value=moment)


def test_the_session_lasts_the_idle_timeout_from_the_last_request(client, lead_a):
    client.force_login(lead_a)
    before = timezone.now()

    response = client.get(REVIEWS)

    assert response.cookies["sessionid"]["max-age"] == 30 * 60
    assert response.cookies["sessionid"]["httponly"]
    session = Session.objects.get(session_key=client.session.session_key)
    assert before + datetime.timedelta(minutes=29) < session.expire_date
    assert session.expire_date <= timezone.now() + datetime.timedelta(minutes=30)


def test_an_idle_session_is_ended_by_the_server(client, lead_a):
    client.force_login(lead_a)
    client.get(REVIEWS)

    with _later(31):
        response = client.get(REVIEWS)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_activity_keeps_the_session_alive(client, lead_a):
    client.force_login(lead_a)
    client.get(REVIEWS)

    with _later(25):
        assert client.get(reverse("accounts:keep_alive")).status_code == 204
    with _later(50):
        assert client.get(REVIEWS).status_code == 200
    with _later(81):
        assert client.get(REVIEWS).status_code == 302


def test_signed_in_pages_carry_the_warning_and_say_when_people_are_signed_out(client, lead_a):
    client.force_login(lead_a)

    html = client.get(REVIEWS).content.decode()

    assert 'data-module="app-session-timeout"' in html
    assert 'data-idle-minutes="30"' in html and 'data-warning-minutes="2"' in html
    assert f'data-keep-alive-url="{reverse("accounts:keep_alive")}"' in html
    assert f'data-signed-out-url="{reverse("accounts:signed_out")}"' in html
    assert "you will be signed out after 30 minutes of inactivity" in html


@pytest.mark.django_db
def test_signed_out_pages_have_no_warning(client):
    html = client.get(reverse("login")).content.decode()

    assert "app-session-timeout" not in html and "minutes of inactivity" not in html


@pytest.mark.django_db
def test_the_signed_out_page_explains_why(client):
    html = client.get(reverse("accounts:signed_out")).content.decode()

    assert "You have been signed out" in html and "30 minutes without activity" in html


def test_the_timeout_and_the_limits_come_from_the_environment():
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="scr_tracker.settings.local",
        SESSION_IDLE_TIMEOUT_MINUTES="15",
        AXES_FAILURE_LIMIT="7",
        AXES_COOLOFF_MINUTES="45",
        INVITATION_MAX_AGE_HOURS="24",
        MFA_REQUIRED_FOR_ALL="true",
    )
    script = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_AGE, s.SESSION_SAVE_EVERY_REQUEST, s.AXES_FAILURE_LIMIT,"
        " int(s.AXES_COOLOFF_TIME.total_seconds()), s.PASSWORD_RESET_TIMEOUT,"
        " s.MFA_REQUIRED_FOR_ALL, s.MFA_DEMO_MODE)"
    )
    result = subprocess.run(  # noqa: S603 - our own settings, fixed arguments
        [sys.executable, "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.split()[-7:] == ["900", "True", "7", "2700", "86400", "True", "True"]


def test_the_defaults():
    assert django_settings.SESSION_IDLE_TIMEOUT_MINUTES == 30
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is True
    assert django_settings.INVITATION_MAX_AGE_HOURS == 72
    assert django_settings.PASSWORD_RESET_TIMEOUT == 72 * 3600


# Deactivation -------------------------------------------------------------------------------


def test_deactivating_a_user_ends_their_existing_session(client, lead_a):
    client.force_login(lead_a)
    assert client.get(REVIEWS).status_code == 200

    lead_a.is_active = False
    lead_a.save()
    response = client.get(REVIEWS)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_deactivated_user_cannot_keep_the_session_alive(client, lead_a):
    client.force_login(lead_a)
    lead_a.is_active = False
    lead_a.save()

    assert client.get(reverse("accounts:keep_alive")).status_code == 302
