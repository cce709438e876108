"""Local development and the `make run` demo. Never use in production."""

from .base import *  # noqa: F403
from .env import env_bool, env_str

DEBUG = True
# The demo (load_demo, generate_demo_data) exists only here, in test and in bench settings.
INSTALLED_APPS = [*INSTALLED_APPS, "fixtures.demo"]  # noqa: F405
SECRET_KEY = env_str("SECRET_KEY", "local-development-only-not-secret")
# Emails go through the worker (`make run` starts it) and print in its terminal.
EMAIL_DELIVERY_BACKEND = env_str(
    "EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# The demo runs without multi-factor authentication unless MFA_DEMO_MODE=false; every page says so.
MFA_DEMO_MODE = env_bool("MFA_DEMO_MODE", True)
