"""Enforce multi-factor authentication for the roles that need it."""

from urllib.parse import urlencode

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

from . import services
from .mfa import enrolment_allowed, has_mfa_device, mfa_enforced, mfa_required_for

#: What a signed-in user who still owes a second factor may open: signing in and out, the
#: emailed links, and pages that need no account. Enrolment itself (ENROLMENT_VIEWS) only in a
#: session that came through an emailed link.
OPEN_WITHOUT_MFA = frozenset(
    {
        "login",
        "logout",
        "accessibility",
        "accounts:keep_alive",
        "accounts:signed_out",
        "accounts:accept_invitation",
        "accounts:mfa_enrol",
        "accounts:mfa_enrolment_sent",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)
ENROLMENT_VIEWS = frozenset({"two_factor:setup", "two_factor:qr"})


class MfaRequiredMiddleware:
    """A user who must use MFA but has not verified a second factor this session reaches
    nothing but MFA enrolment (and signing out). Goes after AuthenticationMiddleware,
    django-otp's OTPMiddleware and LoginRequiredMiddleware.

    A user who already has an authenticator app but an unverified session (one started
    before they set it up, say) is signed out and asked to sign in again with the code. A user
    with none may set one up only in a session opened by an emailed link (their invitation,
    or an enrolment link); a session opened by a password alone is ended and the owner is
    emailed an enrolment link, so a guessed password never leads to enrolling a device."""

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
        if not enrolment_allowed(request):
            services.mfa_enrolment_send(user=user)
            logout(request)
            return redirect("accounts:mfa_enrolment_sent")
        if request.resolver_match.view_name in ENROLMENT_VIEWS:
            return None
        setup = reverse("two_factor:setup")
        if request.method == "GET":
            setup = f"{setup}?{urlencode({'next': path})}"
        return redirect(setup)


class PrivateResponsesMiddleware:
    """Nothing a signed-in person is shown may be kept by a shared computer's browser or by a
    proxy: every response to an authenticated request says ``Cache-Control: private,
    no-store`` (pages, downloads, redirects, errors alike)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
            _drop_directives(response, "public", "max-age", "s-maxage")
        return response


def _drop_directives(response, *names):
    parts = [p.strip() for p in response.get("Cache-Control", "").split(",") if p.strip()]
    kept = [p for p in parts if p.split("=", 1)[0].lower() not in names]
    response["Cache-Control"] = ", ".join(kept)
