"""Settings for the test suite. DATABASE_URL selects SQLite (default) or PostgreSQL."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
# The demo (load_demo, generate_demo_data) exists only here, in local and in bench settings.
INSTALLED_APPS = [*INSTALLED_APPS, "fixtures.demo"]  # noqa: F405
# Each app's migrations stay one line: max_migration.txt names the latest, so two branches
# adding a migration each conflict in git instead of both landing as parallel 000N files.
INSTALLED_APPS += ["django_linear_migrations"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Sent at once into mail.outbox; the tests of the worker's email (test_mail_backend.py) switch
# EMAIL_BACKEND to the task backend and deliver to a real SMTP server.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="scr-tracker-test-evidence-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests sign users in with force_login, which gives no second factor: MFA is relaxed by
# default, and the MFA tests turn MFA_DEMO_MODE off explicitly.
MFA_DEMO_MODE = True

# Quiet django-axes in test output; lockouts are asserted by the tests themselves.
AXES_VERBOSE = False
LOGGING = {  # noqa: F405
    **LOGGING,  # noqa: F405
    "loggers": {**LOGGING.get("loggers", {}), "axes": {"level": "WARNING"}},  # noqa: F405
}
