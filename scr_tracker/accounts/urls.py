"""Every URL under /accounts/. Included by scr_tracker/urls.py without a namespace, so that
`login`, `logout` and Django's `password_reset*` names stay as Django expects them."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

# django-two-factor-auth's views reverse these names in the `two_factor` namespace.
two_factor_patterns = (
    [
        path("two-factor/setup/", views.MfaSetupView.as_view(), name="setup"),
        path("two-factor/qr-code/", views.QrCodeView.as_view(), name="qr"),
        path(
            "two-factor/setup/complete/",
            views.MfaSetupCompleteView.as_view(),
            name="setup_complete",
        ),
        path("two-factor/backup-codes/", views.BackupCodesView.as_view(), name="backup_tokens"),
        path("security/", views.AccountSecurityView.as_view(), name="profile"),
    ],
    "two_factor",
)

account_patterns = (
    [
        path("invitations/new/", views.invite, name="invite"),
        path("invitations/<int:pk>/resend/", views.resend_invitation, name="resend_invitation"),
        path("invitations/<uidb64>/<token>/", views.accept_invitation, name="accept_invitation"),
        path("two-factor/enrol/<uidb64>/<token>/", views.mfa_enrol, name="mfa_enrol"),
        path("two-factor/check-your-email/", views.mfa_enrolment_sent, name="mfa_enrolment_sent"),
        path("session/keep-alive/", views.keep_alive, name="keep_alive"),
        path("signed-out/", views.signed_out, name="signed_out"),
        path("security/api-tokens/new/", views.api_token_create, name="api_token_create"),
        path(
            "security/api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"
        ),
    ],
    "accounts",
)

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("", include(two_factor_patterns)),
    path("", include(account_patterns)),
]
