"""Signing in (password, then code), MFA enrolment, invitations, password resets, sessions."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from two_factor import views as two_factor_views
from two_factor.utils import get_otpauth_url, totp_digits

from scr_tracker import once
from scr_tracker.access import can, get_for_user, require_perm
from scr_tracker.models import ApiToken, User

from . import services
from .forms import (
    ApiTokenForm,
    ApiTokenRevokeForm,
    BackupCodeForm,
    GovukPasswordResetForm,
    GovukSetPasswordForm,
    InvitationForm,
    SignInForm,
    TokenForm,
)
from .mfa import allow_enrolment, has_mfa_device, mfa_required_for
from .queries import invited_users
from .tokens import invitation_token_generator, mfa_enrolment_token_generator


class SignInView(two_factor_views.LoginView):
    """One journey: username and password, then (for anyone with an authenticator app) the
    code. Failed passwords count towards django-axes' lockout; wrong codes are throttled by
    django-otp."""

    form_list = (
        (two_factor_views.LoginView.AUTH_STEP, SignInForm),
        (two_factor_views.LoginView.TOKEN_STEP, TokenForm),
        (two_factor_views.LoginView.BACKUP_STEP, BackupCodeForm),
    )
    template_name = "registration/login.html"


class MfaSetupView(two_factor_views.SetupView):
    """Set up an authenticator app: an introduction, then the QR code and the first code."""

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        if self.steps.current == "generator":
            # Name the service, not the host name, in the user's authenticator app.
            context["issuer"] = settings.SERVICE_NAME
            context["otpauth_url"] = get_otpauth_url(
                self.request.user.get_username(), context["secret_key"], settings.SERVICE_NAME
            )
            context["secret_key_groups"] = [
                context["secret_key"][i : i + 4] for i in range(0, len(context["secret_key"]), 4)
            ]
        context["mfa_required"] = mfa_required_for(self.request.user)
        context["totp_digits"] = totp_digits()
        return context


class QrCodeView(two_factor_views.QRGeneratorView):
    def get_issuer(self):
        return settings.SERVICE_NAME


class MfaSetupCompleteView(two_factor_views.SetupCompleteView):
    pass


class BackupCodesView(two_factor_views.BackupTokensView):
    pass


class AccountSecurityView(two_factor_views.ProfileView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["mfa_required"] = mfa_required_for(user)
        context["can_add_api_token"] = can(user, "scr_tracker.add_api_token")
        now = timezone.now()
        tokens = list(ApiToken.objects.filter(user=user))
        for token in tokens:
            token.state_label = token.state(now)
        context["api_tokens"] = tokens
        return context


@never_cache
@require_http_methods(["GET", "POST"])
def api_token_create(request):
    """Create a personal API token. The token is shown on the answer to the POST, once: only
    its digest is stored, and the page is never cached."""
    require_perm(request, "scr_tracker.add_api_token")
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, raw = services.api_token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            days=int(form.cleaned_data["days"]),
            request=request,
        )
        return render(
            request,
            "scr_tracker/accounts/api_token_created.html",
            {"token": token, "raw_token": raw, "breadcrumbs": _token_crumbs("Your new API token")},
        )
    return render(
        request,
        "scr_tracker/accounts/api_token_create.html",
        {"form": form, "breadcrumbs": _token_crumbs("Create an API token")},
    )


@require_http_methods(["GET", "POST"])
def api_token_revoke(request, pk):
    """Revoke a token: its owner, or an administrator (anyone's). Others' tokens are not
    found."""
    token = get_for_user(
        request,
        ApiToken.objects.select_related("user", "revoked_by"),
        pk,
        perm="scr_tracker.revoke_api_token",
    )
    form = ApiTokenRevokeForm(request.POST or None)
    if request.method == "POST" and not token.is_revoked and form.is_valid():
        services.api_token_revoke(
            token=token, actor=request.user, reason=form.cleaned_data["reason"], request=request
        )
        messages.success(request, f"The token {token.name} is revoked. It no longer works.")
        if token.user_id != request.user.pk:
            return redirect("admin:scr_tracker_apitoken_changelist")
        return redirect("two_factor:profile")
    return render(
        request,
        "scr_tracker/accounts/api_token_revoke.html",
        {
            "form": form,
            "token": token,
            "state": token.state(timezone.now()),
            "breadcrumbs": _token_crumbs("Revoke an API token"),
        },
    )


def _token_crumbs(label: str):
    return [("Account security", reverse("two_factor:profile")), (label, "")]


def invite(request):
    """An administrator invites someone: the account is created and the link emailed."""
    require_perm(request, "scr_tracker.invite_user")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not once.spend(request):
            return once.already_done(request, "accounts:invite")
        data = form.cleaned_data
        user = services.user_invite(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            job_title=data["job_title"],
            role=data["role"],
            partnership=data["partnership"],
            agencies=data["agencies"],
            scrutiny_board=data["scrutiny_board"],
            actor=request.user,
        )
        messages.success(
            request,
            f"Invitation sent to {user.email}. The link works once and expires after "
            f"{settings.INVITATION_MAX_AGE_HOURS} hours.",
        )
        return redirect("accounts:invite")
    return render(
        request,
        "scr_tracker/accounts/invite.html",
        {
            "form": form,
            "breadcrumbs": [("Home", reverse("home"))],
            "max_age_hours": settings.INVITATION_MAX_AGE_HOURS,
            "mfa_required_for_all": settings.MFA_REQUIRED_FOR_ALL,
            "pending": invited_users().select_related("partnership").order_by("email"),
        },
    )


@require_POST
def resend_invitation(request, pk):
    """Send a new link to someone who has not accepted their invitation yet."""
    require_perm(request, "scr_tracker.invite_user")
    user = get_object_or_404(invited_users(), pk=pk)
    services.invitation_resend(user=user, actor=request.user)
    messages.success(
        request, f"Invitation sent again to {user.email}. Earlier links no longer work."
    )
    return redirect("accounts:invite")


def _invited_user(uidb64, token):
    """The user an invitation link is for, or None when the link is wrong, used or expired."""
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None
    if not user.is_active or user.has_usable_password():
        return None
    if not invitation_token_generator.check_token(user, token):
        return None
    return user


@login_not_required
@never_cache
@sensitive_post_parameters()
def accept_invitation(request, uidb64, token):
    """The invited person chooses a password, is signed in and, if their role needs it, goes
    on to set up multi-factor authentication."""
    user = _invited_user(uidb64, token)
    if user is None:
        return render(
            request,
            "scr_tracker/accounts/invitation_invalid.html",
            {"max_age_hours": settings.INVITATION_MAX_AGE_HOURS},
        )
    form = GovukSetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.invitation_accept(user=user, password=form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        # The invitation came by email: this session may set up an authenticator app.
        allow_enrolment(request)
        if mfa_required_for(user):
            return redirect("two_factor:setup")
        messages.success(request, "Your password has been set. You are signed in.")
        return redirect("home")
    return render(
        request, "scr_tracker/accounts/accept_invitation.html", {"form": form, "invited_user": user}
    )


def _user_from_link(uidb64):
    try:
        return User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None


@login_not_required
@never_cache
def mfa_enrol(request, uidb64, token):
    """The emailed link that lets someone with no authenticator app set one up: it signs them
    in for that alone (the middleware lets such a session reach nothing but enrolment)."""
    user = _user_from_link(uidb64)
    if (
        user is None
        or not user.is_active
        or has_mfa_device(user)
        or not mfa_enrolment_token_generator.check_token(user, token)
    ):
        return render(
            request,
            "scr_tracker/accounts/mfa_enrolment_invalid.html",
            {"max_age_hours": settings.INVITATION_MAX_AGE_HOURS},
            status=404,
        )
    if request.user.is_authenticated and request.user != user:
        logout(request)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    allow_enrolment(request)
    return redirect("two_factor:setup")


@login_not_required
@never_cache
def mfa_enrolment_sent(request):
    return render(
        request,
        "scr_tracker/accounts/mfa_enrolment_sent.html",
        {
            "max_age_hours": settings.INVITATION_MAX_AGE_HOURS,
            "interval_minutes": services.ENROLMENT_EMAIL_INTERVAL // 60,
        },
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view: the same message whether or not the address has an account."""

    form_class = GovukPasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        self.extra_email_context = {
            "site_url": settings.SITE_URL.rstrip("/"),
            "service_name": settings.SERVICE_NAME,
            "max_age_hours": settings.INVITATION_MAX_AGE_HOURS,
        }
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "max_age_hours": settings.INVITATION_MAX_AGE_HOURS,
        }


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = GovukSetPasswordForm
    template_name = "registration/password_reset_confirm.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "max_age_hours": settings.INVITATION_MAX_AGE_HOURS,
        }


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


@never_cache
def keep_alive(request):
    """Called by the inactivity warning's "Stay signed in": any request moves the session's
    expiry on (SESSION_SAVE_EVERY_REQUEST), this one just has nothing to show."""
    return HttpResponse(status=204)


@login_not_required
@never_cache
def signed_out(request):
    """Where the inactivity warning sends a page whose session has run out. Someone still
    signed in (busy in another tab) goes straight back."""
    if request.user.is_authenticated:
        return redirect("home")
    return render(
        request,
        "scr_tracker/accounts/signed_out.html",
        {"idle_minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES},
    )


@login_not_required
def admin_login(request):
    """The admin site's own sign-in page would skip the second factor: use the service's.
    Someone signed in whom the admin site does not let in is refused (403) here, rather than
    sent back to the admin index, which would send them here again, for ever."""
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return redirect("admin:index")
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
