"""Writes for accounts: inviting a user, accepting an invitation, emailing an enrolment link;
personal API tokens."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from scr_tracker.audit import audited_save
from scr_tracker.models import API_TOKEN_MAX_DAYS, ApiToken, User

from . import api_tokens
from .tokens import invitation_token_generator, mfa_enrolment_token_generator


def _emailed_link(url_name: str, user, tokens) -> str:
    """An absolute link for an email: the user's id and a token from `tokens`."""
    path = reverse(
        url_name,
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": tokens.make_token(user),
        },
    )
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def invitation_url(user) -> str:
    """The absolute, single-use link that lets `user` choose a password."""
    return _emailed_link("accounts:accept_invitation", user, invitation_token_generator)


def user_invite(
    *,
    first_name,
    last_name,
    email,
    role,
    partnership,
    agencies=(),
    scrutiny_board=None,
    job_title="",
    actor,
) -> User:
    """Create an account that cannot sign in until its owner follows the emailed link and
    chooses a password. The email is sent inside the transaction: if it cannot be sent, no
    account is left behind."""
    user = User(
        username=email,
        email=email,
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
        role=role,
        partnership=partnership,
        scrutiny_board=scrutiny_board,
    )
    user.set_unusable_password()
    with transaction.atomic():
        audited_save(
            user, actor=actor, reason=f"Invited by {actor}", m2m={"agencies": list(agencies)}
        )
        invitation_send(user=user, actor=actor)
    return user


def invitation_resend(*, user, actor):
    """Send a new invitation link and revoke every earlier one: the link is a keyed hash of the
    (unusable) password hash, so a fresh unusable password makes the old links worthless."""
    user.set_unusable_password()
    with transaction.atomic():
        audited_save(user, actor=actor, reason=f"Invitation sent again by {actor}")
        invitation_send(user=user, actor=actor)


def invitation_send(*, user, actor):
    """Email `user` their invitation link."""
    context = {
        "user": user,
        "actor": actor,
        "url": invitation_url(user),
        "service_name": settings.SERVICE_NAME,
        "max_age_hours": settings.INVITATION_MAX_AGE_HOURS,
        "protective_marking": settings.PROTECTIVE_MARKING,
    }
    send_mail(
        subject=f"You have been invited to {settings.SERVICE_NAME}",
        message=render_to_string("scr_tracker/accounts/invitation_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def invitation_accept(*, user, password) -> User:
    """Set the password an invited user chose. This spends the invitation link."""
    user.set_password(password)
    with transaction.atomic():
        audited_save(user, actor=user, reason="Accepted the invitation and chose a password")
    return user


#: At most one enrolment email per account in this many seconds, however often its password is
#: typed: each email also tells the owner that someone signed in with their password.
ENROLMENT_EMAIL_INTERVAL = 15 * 60


def mfa_enrolment_url(user) -> str:
    """The absolute, single-use link that lets `user` set up an authenticator app."""
    return _emailed_link("accounts:mfa_enrol", user, mfa_enrolment_token_generator)


def mfa_enrolment_send(*, user) -> bool:
    """Email `user` the link to set up an authenticator app, unless one went in the last
    ENROLMENT_EMAIL_INTERVAL seconds. True when an email was sent."""
    if not user.email or not cache.add(
        f"mfa-enrolment-email:{user.pk}", 1, ENROLMENT_EMAIL_INTERVAL
    ):
        return False
    context = {
        "user": user,
        "url": mfa_enrolment_url(user),
        "service_name": settings.SERVICE_NAME,
        "max_age_hours": settings.INVITATION_MAX_AGE_HOURS,
        "protective_marking": settings.PROTECTIVE_MARKING,
    }
    send_mail(
        subject=f"Set up multi-factor authentication for {settings.SERVICE_NAME}",
        message=render_to_string("scr_tracker/accounts/mfa_enrolment_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
    return True


def api_token_create(*, user, name: str, days: int, request=None) -> tuple[ApiToken, str]:
    """Create a personal API token for `user`, valid for `days` (at most a year). Returns the
    token and, once only, the token itself: only its digest is kept."""
    if not 1 <= days <= API_TOKEN_MAX_DAYS:
        raise ValueError(f"A token lives between 1 and {API_TOKEN_MAX_DAYS} days.")
    prefix, raw = api_tokens.generate()
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=prefix,
        digest=api_tokens.digest(raw),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    with transaction.atomic():
        audited_save(token, actor=user, reason=f"Created, valid for {days} days")
        api_tokens.api_token_created.send(ApiToken, token=token, actor=user, request=request)
    return token, raw


def api_token_revoke(*, token: ApiToken, actor, reason: str, request=None) -> ApiToken:
    """Revoke a token (its owner, or an administrator): it answers 401 from now on. Revoking
    twice changes nothing."""
    if token.is_revoked:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.revoked_reason = reason.strip()
    with transaction.atomic():
        audited_save(token, actor=actor, reason=f"Revoked: {token.revoked_reason}")
        api_tokens.api_token_revoked.send(ApiToken, token=token, actor=actor, request=request)
    return token
