"""Settings shared by every environment. Environment-specific modules import * from here."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from scr_tracker.logging import logging_config

from .env import env_bool, env_int, env_list, env_str
from .storages import evidence_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    "scr_tracker",
    "reviews",
    "recommendations",
    "assurance",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "django_filters",
    "crispy_forms",
    "crispy_forms_gds",
    # Security: multi-factor authentication, login protection, Content-Security-Policy.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "axes",
    "csp",
    # Background work (docs/background-work.md): Django's tasks API (the django-tasks backport)
    # with its database backend; `manage.py db_worker` runs the tasks.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "scr_tracker.logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "scr_tracker.accounts.middleware.PrivateResponsesMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "scr_tracker.accounts.middleware.MfaRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "scr_tracker.urls"
WSGI_APPLICATION = "scr_tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "scr_tracker.context_processors.service",
                "scr_tracker.accounts.context_processors.security",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
# Two saves at once on SQLite (the local demo): the second waits for the first (BEGIN
# IMMEDIATE takes the write lock when the transaction starts, and waits up to `timeout` seconds
# for it) instead of failing with "database is locked". WAL lets pages read meanwhile.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
# PostgreSQL settings for this application's sessions, made for a web application's short,
# partnership-scoped queries (issue 18, measured on the national dataset): no JIT compilation
# (it spent 125 ms compiling the dashboard's figures query to save a few), random reads priced
# as on SSD storage (so the planner follows a partnership's rows by index instead of hashing
# every partnership's recommendations), and no parallel workers for a page's query (starting
# them cost more than the query; under load the cores are busy serving other pages).
# DATABASE_PG_OPTIONS replaces them (libpq's "options"); set it empty to keep the server's own.
PG_SESSION_OPTIONS = "-c jit=off -c random_page_cost=1.1 -c max_parallel_workers_per_gather=0"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _pg_options = env_str("DATABASE_PG_OPTIONS", PG_SESSION_OPTIONS).strip()
    if _pg_options:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = _pg_options
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "scr_tracker.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out sign-ins
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

MEDIA_ROOT = Path(env_str("EVIDENCE_ROOT", str(BASE_DIR / "var" / "evidence")))
MEDIA_URL = None
# Evidence files go to EVIDENCE_STORAGE (filesystem or s3); see settings/storages.py.
STORAGES = {
    "default": evidence_storage(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# The name shown in the header of every page and document.
SERVICE_NAME = env_str("SERVICE_NAME", "SCR Tracker")
# Protective marking shown on every page, e.g. OFFICIAL-SENSITIVE. Empty hides the banner.
PROTECTIVE_MARKING = env_str("PROTECTIVE_MARKING", "OFFICIAL-SENSITIVE")
# Where the accessibility statement sends requests and problem reports. Empty: "your
# partnership's business support team".
ACCESSIBILITY_CONTACT_EMAIL = env_str("ACCESSIBILITY_CONTACT_EMAIL", "")

# Email is queued for the background worker (scr_tracker/mail_backends.py), which sends it with
# EMAIL_DELIVERY_BACKEND: a slow mail server never slows a page.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "scr_tracker.mail_backends.TaskEmailBackend")
EMAIL_DELIVERY_BACKEND = env_str(
    "EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "scr-tracker@localhost")
# Absolute address of the app, used for links in emails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")


# --- Security: accounts, MFA, login protection, sessions, headers (SECURITY.md) ---------------

# Multi-factor authentication (django-two-factor-auth, TOTP with backup codes). Administrators
# and board managers must use it; everyone must when MFA_REQUIRED_FOR_ALL is on. MFA_DEMO_MODE
# (local settings only) lets the demo run without it and says so on every page.
MFA_REQUIRED_FOR_ALL = env_bool("MFA_REQUIRED_FOR_ALL", False)
MFA_DEMO_MODE = False
TWO_FACTOR_REMEMBER_COOKIE_AGE = None  # always ask for the code
TWO_FACTOR_PATCH_ADMIN = False  # the admin's sign-in URL goes to the service's sign-in instead
OTP_TOTP_ISSUER = SERVICE_NAME
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # administrators never see anyone's authenticator secret

# Invitations and password resets: emailed single-use links valid for this many hours.
INVITATION_MAX_AGE_HOURS = env_int("INVITATION_MAX_AGE_HOURS", 72)
PASSWORD_RESET_TIMEOUT = INVITATION_MAX_AGE_HOURS * 3600

# Login protection (django-axes): lock out an account, and separately an address, after
# AXES_FAILURE_LIMIT failed sign-ins, for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Off: a sign-in resets only its own account's failures (scr_tracker/accounts/lockout.py).
AXES_RESET_ON_SUCCESS = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# The sign-in wizard posts "auth-password": never store it with the recorded attempt.
AXES_PASSWORD_FORM_FIELD = "auth-password"  # noqa: S105 - a field name
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "auth-username", "csrfmiddlewaretoken"]
AXES_LOCKOUT_TEMPLATE = "scr_tracker/accounts/locked_out.html"
AXES_ENABLE_ADMIN = False  # scr_tracker/accounts/admin.py shows the records read-only
AXES_CLIENT_IP_CALLABLE = "scr_tracker.accounts.client_ip.client_ip"
# Reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Sessions end after this many minutes without a request (checked by the server: the session
# expiry moves forward on every request). Pages warn a couple of minutes before.
SESSION_IDLE_TIMEOUT_MINUTES = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_TIMEOUT_WARNING_MINUTES = min(2, SESSION_IDLE_TIMEOUT_MINUTES)

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere, never framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "base-uri": [SELF],
        "connect-src": [SELF],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "img-src": [SELF],
        "object-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
    }
}
# Evidence files (assurance.evidence_files): the size limit, and an optional clamd virus
# scanner reached by a unix socket (CLAMD_SOCKET) or TCP (CLAMD_HOST, CLAMD_PORT). When a
# scanner is configured and cannot be reached, uploads are refused.
EVIDENCE_MAX_UPLOAD_BYTES = env_int("EVIDENCE_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
CLAMD_SOCKET = env_str("CLAMD_SOCKET", "")
CLAMD_HOST = env_str("CLAMD_HOST", "")
CLAMD_PORT = env_int("CLAMD_PORT", 3310)
CLAMD_TIMEOUT = env_int("CLAMD_TIMEOUT", 30)

# Importing action plans from spreadsheets (docs/importer.md).
IMPORT_MAX_UPLOAD_MB = env_int("IMPORT_MAX_UPLOAD_MB", 10)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20000)
IMPORT_PREVIEW_HOURS = env_int("IMPORT_PREVIEW_HOURS", 24)

# To stderr, "text" or "json", each line with the request id (scr_tracker/logging.py).
LOGGING = logging_config(
    log_format=env_str("LOG_FORMAT", "text"), level=env_str("LOG_LEVEL", "INFO")
)

# The read-only API (assurance/api/, docs/api.md): requests a personal token may make in a
# minute, and the largest page of results.
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 120)
API_MAX_PAGE_SIZE = 500


# --- Background work (docs/background-work.md) ----------------------------------------------
# Long work runs in a worker (`manage.py db_worker --queue-name '*'`) through Django's tasks API;
# the tasks wait in the database, so no other server is needed. Queues: "default" for reports,
# exports and imports, "email" for outgoing email (a second worker can take it alone).
TASK_QUEUES = ["default", "email"]
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": TASK_QUEUES,
    }
}
# A finished job's file is kept this many hours, then removed (the job's record stays).
JOB_RESULT_HOURS = env_int("JOB_RESULT_HOURS", 24)
# The worker's finished task rows (each email's text among them) are pruned after this many
# days by `manage.py expire_job_files`; the jobs themselves are kept.
TASK_RESULT_DAYS = env_int("TASK_RESULT_DAYS", 7)
# Work bigger than these is done by the worker, the user following it on a progress page;
# anything smaller is answered at once, as part of the request.
#   reports: recommendations and actions printed (a 100-row report takes 2-3 s to lay out)
#   exports: rows in a CSV or XLSX download of a list
#   imports: rows of a spreadsheet, when the import is confirmed
REPORT_BACKGROUND_ROWS = env_int("REPORT_BACKGROUND_ROWS", 100)
EXPORT_BACKGROUND_ROWS = env_int("EXPORT_BACKGROUND_ROWS", 5000)
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", 500)
