"""Who must use multi-factor authentication, and whether it is enforced at all."""

from django.conf import settings

from scr_tracker.models import Role

#: Roles that must always sign in with a second factor: they see or change a whole partnership.
MFA_ROLES = frozenset({Role.ADMINISTRATOR, Role.BOARD_MANAGER})


def mfa_required_for(user) -> bool:
    """True when this signed-in user must have verified a second factor to use the service."""
    if not user.is_authenticated:
        return False
    return settings.MFA_REQUIRED_FOR_ALL or user.role in MFA_ROLES


def mfa_enforced() -> bool:
    """False only in demo mode (local settings), where every page carries a warning instead."""
    return not settings.MFA_DEMO_MODE


def has_mfa_device(user) -> bool:
    """True when the user has finished setting up an authenticator app."""
    return user.totpdevice_set.filter(confirmed=True).exists()


#: Set in a session that came through an emailed link (an invitation, or an enrolment link):
#: only such a session may set up an authenticator app. A password alone never can, so
#: someone who has guessed a password cannot enrol their own device.
ENROLMENT_SESSION_KEY = "scr_tracker_mfa_enrolment_allowed"


def allow_enrolment(request) -> None:
    request.session[ENROLMENT_SESSION_KEY] = True


def enrolment_allowed(request) -> bool:
    return bool(request.session.get(ENROLMENT_SESSION_KEY))
