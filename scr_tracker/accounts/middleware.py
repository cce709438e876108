"""Enforce multi-factor authentication for the roles that need it."""

from urllib.parse import urlencode

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from .mfa import has_mfa_device, mfa_enforced, mfa_required_for

#: What a signed-in user who still owes a second factor may open: enrolment, signing in and
#: out, and pages that need no account.
OPEN_WITHOUT_MFA = frozenset(
    {
        "two_factor:setup",
        "two_factor:qr",
        "login",
        "logout",
        "accessibility",
        "accounts:keep_alive",
        "accounts:signed_out",
        "accounts:accept_invitation",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)


class MfaRequiredMiddleware:
    """A user who must use MFA but has not verified a second factor this session reaches
    nothing but MFA enrolment (and signing out). Goes after AuthenticationMiddleware,
    django-otp's OTPMiddleware and LoginRequiredMiddleware.

    A user who already has an authenticator app but an unverified session (one started
    before they set it up, say) is signed out and asked to sign in again with the code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # The read-only API (assurance/api/) signs in by token only, never by session: a
        # session's second factor means nothing there, and a token request has no session.
        if getattr(view_func, "token_authenticated", False):
            return None
        user = request.user
        if not mfa_enforced() or not mfa_required_for(user) or user.is_verified():
            return None
        if request.resolver_match.view_name in OPEN_WITHOUT_MFA:
            return None
        path = request.get_full_path()
        if has_mfa_device(user):
            logout(request)
            return redirect_to_login(path)
        setup = reverse("two_factor:setup")
        if request.method == "GET":
            setup = f"{setup}?{urlencode({'next': path})}"
        return redirect(setup)
