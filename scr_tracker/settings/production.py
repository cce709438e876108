"""Production settings: every secret comes from the environment, nothing has a default."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE, STORAGES
from .env import env_bool, env_int, env_list, env_str

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = False

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

# Multi-factor authentication is always enforced, and required of everyone unless switched off.
MFA_DEMO_MODE = False
MFA_REQUIRED_FOR_ALL = env_bool("MFA_REQUIRED_FOR_ALL", True)


# Deployment (docs/operations.md).
# Old keys still accepted for sessions and signed links while a new SECRET_KEY takes over.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
# Needed only when the proxy does not pass the browser's Host header through.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Load balancers check health over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# WhiteNoise serves the collected static files: hashed names, cached for ten years.
MIDDLEWARE = [
    *MIDDLEWARE[: MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1 :],
]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "scr_tracker.staticfiles.StaticFilesStorage"},
}
# Preloading HSTS is the decision of whoever owns the whole domain (usually the council's or
# trust's parent domain), not of one service on it: the check only asks whether it was made.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
