"""Signing in and out, password resets, MFA enrolment, invitations, the inactivity warning.

The test settings relax MFA (MFA_DEMO_MODE), as the matrix signs in without a second factor;
what enforcement does is tested in tests/scr_tracker/test_mfa.py. Who may resend an invitation,
and what accepting one does, in tests/scr_tracker/test_invitations.py."""

from .row import SAME_AS_GET, Row
from .statuses import (
    ADMINISTRATORS,
    EVERYONE,
    POST_ONLY,
    REDIRECTED,
    SIGNED_IN_ONLY,
    statuses,
)

# An empty POST to a sign-in or set-up wizard has no management form: 400.
WIZARD_WITHOUT_ITS_STEP = statuses(400, anonymous=400)
# A link that was never issued (or has been used, or has expired) shows a clear page, to GET
# and POST alike.
BAD_LINK = {"uidb64": "bad_uid", "token": "bad_token"}

ROWS = (
    Row("login", get=EVERYONE, post=WIZARD_WITHOUT_ITS_STEP),
    # POST only; an anonymous visitor is sent to sign in, anyone else signed out (to sign in).
    Row("logout", get=POST_ONLY, post=REDIRECTED),
    Row("password_reset", get=EVERYONE, post=EVERYONE),
    Row("password_reset_done", get=EVERYONE),
    Row("password_reset_confirm", kwargs=BAD_LINK, get=EVERYONE, post=EVERYONE),
    Row("password_reset_complete", get=EVERYONE),
    Row(
        "two_factor:setup",
        get=SIGNED_IN_ONLY,
        post=statuses(400),  # the wizard's management form is missing
    ),
    # The QR code exists only during setup, while the secret is in the session.
    Row("two_factor:qr", get=statuses(404)),
    # Behind django-otp's otp_required: nobody signed in here has verified a code, so everyone
    # is redirected, POST or GET.
    Row("two_factor:setup_complete", get=REDIRECTED),
    Row("two_factor:backup_tokens", get=REDIRECTED, post=REDIRECTED),
    Row("two_factor:profile", get=SIGNED_IN_ONLY),
    # An empty POST: the form again, with its errors.
    Row("accounts:invite", get=ADMINISTRATORS, post=ADMINISTRATORS),
    # POST only: the administrator resends the link (302 back to the invitations page).
    Row(
        "accounts:resend_invitation",
        kwargs={"pk": "invited_user"},
        get=POST_ONLY,
        post=statuses(403, administrator=302),
    ),
    Row("accounts:accept_invitation", kwargs=BAD_LINK, get=EVERYONE, post=EVERYONE),
    # The emailed enrolment link: one never issued says so (404) to everyone.
    Row("accounts:mfa_enrol", kwargs=BAD_LINK, get=statuses(404, anonymous=404), post=SAME_AS_GET),
    # "Check your email": where a password-only session is sent when it owes an authenticator.
    Row("accounts:mfa_enrolment_sent", get=EVERYONE, post=SAME_AS_GET),
    # The inactivity warning's "Stay signed in" (a GET from session-timeout.js).
    Row("accounts:keep_alive", get=statuses(204), post=SAME_AS_GET),
    # Where an ended session lands; someone still signed in goes straight back home.
    Row("accounts:signed_out", get=statuses(302, anonymous=200), post=SAME_AS_GET),
)
