"""Security headers on every page, no inline script or style anywhere, and a production
configuration that `manage.py check --deploy` passes."""

import os
import pathlib
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.permissions.statuses import ROLES
from tests.permissions.walk import is_page, walk

REPO = pathlib.Path(__file__).resolve().parents[2]


def _assert_preview_headers(response, where):
    """An evidence preview (an image or PDF shown inside the judge page): sandboxed, loading
    nothing but itself, and framed only by this site's own pages."""
    csp = response.get("Content-Security-Policy", "")
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in (d.strip() for d in csp.split(";")) if part
    )
    if response.get("Content-Type") != "application/pdf":  # Chromium shows no sandboxed PDF
        assert "sandbox" in directives and directives["sandbox"] == [], where
    assert directives.get("default-src") == ["'none'"], where
    assert directives.get("frame-ancestors") == ["'self'"], where
    assert response.get("X-Frame-Options") == "SAMEORIGIN", where
    assert response.get("X-Content-Type-Options") == "nosniff", where


def _assert_security_headers(response, where):
    if where.endswith("assurance:evidence_preview") and response.status_code == 200:
        return _assert_preview_headers(response, where)
    csp = response.get("Content-Security-Policy", "")
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in (d.strip() for d in csp.split(";")) if part
    )
    assert directives.get("default-src") == ["'self'"], where
    assert directives.get("script-src") == ["'self'"], where
    assert directives.get("style-src") == ["'self'"], where
    assert directives.get("frame-ancestors") == ["'none'"], where
    assert directives.get("object-src") == ["'none'"], where
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    assert response.get("X-Frame-Options") == "DENY", where
    assert response.get("X-Content-Type-Options") == "nosniff", where
    assert response.get("Referrer-Policy") == "same-origin", where


@pytest.mark.parametrize("role", ROLES)
def test_every_page_sends_the_security_headers(client, request, objects, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    for name, response in walk(client, objects):
        _assert_security_headers(response, f"{role} GET {name}")


@pytest.mark.parametrize("role", ["anonymous", "board_manager", "lead_a"])
def test_no_page_has_inline_script_or_style(client, request, objects, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    for name, response in walk(client, objects):
        if not is_page(response):
            continue
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"inline script on {name}"
        assert "<style" not in html and not re.search(r"\sstyle=", html), f"inline style on {name}"


def test_no_template_has_inline_script_style_or_event_handler():
    offenders = []
    for path in (REPO / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if (
            re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
            or "<style" in text
            or re.search(r"\sstyle=", text)
            or re.search(r"\son[a-z]+=", text)
            or "javascript:" in text
        ):
            offenders.append(str(path.relative_to(REPO)))
    assert not offenders


@pytest.mark.django_db
def test_error_and_lockout_pages_send_the_security_headers(client, settings):
    _assert_security_headers(client.get("/no-such-page/"), "404")
    settings.AXES_FAILURE_LIMIT = 1
    response = client.post(
        reverse("login"),
        {"sign_in_view-current_step": "auth", "auth-username": "x", "auth-password": "y"},
    )
    assert response.status_code == 429
    _assert_security_headers(response, "lockout")


@pytest.mark.django_db
def test_hsts_is_sent_over_https_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    response = client.get(reverse("accessibility"), secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def _production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "SESSION_", "MFA_", "AXES_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="scr_tracker.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{REPO / 'var' / 'check-deploy.sqlite3'}",
        **extra,
    )
    return env


def test_check_deploy_with_production_settings_reports_nothing():
    result = subprocess.run(  # noqa: S603 - our own manage.py with a fixed argument list
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=_production_env(),
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    # Only HSTS preloading may be silenced: it is the decision of whoever owns the parent domain
    # (SECURE_HSTS_PRELOAD, off by default).
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_production_settings_enforce_mfa_and_secure_cookies():
    script = (
        "from django.conf import settings as s;"
        "print(s.MFA_DEMO_MODE, s.MFA_REQUIRED_FOR_ALL, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS > 0, s.X_FRAME_OPTIONS)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=REPO,
        env=_production_env(MFA_DEMO_MODE="true"),
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.split()[-8:] == [
        "False",
        "True",
        "True",
        "True",
        "True",
        "True",
        "True",
        "DENY",
    ]


def test_test_settings_keep_cookies_http_only():
    assert django_settings.SESSION_COOKIE_HTTPONLY is True
    assert django_settings.CSRF_COOKIE_HTTPONLY is True
