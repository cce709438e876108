"""Single-use, expiring links for invitations.

Like Django's password-reset tokens (and valid for the same PASSWORD_RESET_TIMEOUT, set from
INVITATION_MAX_AGE_HOURS), an invitation token is a keyed hash of the user's password hash and
last sign-in: choosing a password, or signing in, makes it worthless. A different salt keeps
invitation and reset links from standing in for each other."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "scr_tracker.accounts.tokens.InvitationTokenGenerator"


invitation_token_generator = InvitationTokenGenerator()
