"""Single-use, expiring links for invitations.

Like Django's password-reset tokens (and valid for the same PASSWORD_RESET_TIMEOUT, set from
INVITATION_MAX_AGE_HOURS), an invitation token is a keyed hash of the user's password hash and
last sign-in: choosing a password, or signing in, makes it worthless. A different salt keeps
invitation and reset links from standing in for each other."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "scr_tracker.accounts.tokens.InvitationTokenGenerator"


invitation_token_generator = InvitationTokenGenerator()


class MfaEnrolmentTokenGenerator(PasswordResetTokenGenerator):
    """The emailed link that lets someone with no authenticator app yet set one up. Signing in
    through it updates the last sign-in, which spends it."""

    key_salt = "scr_tracker.accounts.tokens.MfaEnrolmentTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        # The last sign-in to the microsecond (Django's own drops them), so that the sign-in
        # the link makes spends it even within the same second.
        last_login = user.last_login.isoformat() if user.last_login else ""
        return f"{user.pk}{user.password}{last_login}{timestamp}{user.email}"


mfa_enrolment_token_generator = MfaEnrolmentTokenGenerator()
