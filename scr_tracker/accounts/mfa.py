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
