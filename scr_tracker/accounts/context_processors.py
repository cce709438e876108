from django.conf import settings

from .mfa import mfa_enforced


def security(request):
    """What base.html needs for the demo-mode banner and the inactivity warning, and the
    sign-in and locked-out pages for the lockout rules."""
    return {
        "axes_failure_limit": settings.AXES_FAILURE_LIMIT,
        "axes_cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "mfa_demo_mode": not mfa_enforced(),
        "session_idle_minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES,
        "session_warning_minutes": settings.SESSION_TIMEOUT_WARNING_MINUTES,
    }
