"""Account queries that the User model's manager does not carry."""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

from scr_tracker.models import User


def invited_users():
    """Active users who have not yet accepted their invitation (no password chosen)."""
    return User.objects.filter(is_active=True, password__startswith=UNUSABLE_PASSWORD_PREFIX)
