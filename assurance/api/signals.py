"""The access log records creating and revoking personal API tokens. The token lives in the
foundation (scr_tracker), which cannot import the access log: it sends a signal, heard here."""

from django.dispatch import receiver

from scr_tracker.accounts.api_tokens import api_token_created, api_token_revoked

from ..models import AccessKind, AccessLog
from ..services import _client_ip


def _record(*, kind, token, actor, request, description):
    entry = AccessLog(
        user=actor,
        partnership_id=token.user.partnership_id,
        kind=kind,
        object_id=token.pk,
        description=description[:500],
        ip_address=_client_ip(request) if request is not None else None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:500] if request is not None else "",
    )
    entry.full_clean()
    entry.save()


@receiver(api_token_created, dispatch_uid="assurance.api.token_created")
def token_created(sender, *, token, actor, request=None, **kwargs):
    _record(
        kind=AccessKind.API_TOKEN_CREATED,
        token=token,
        actor=actor,
        request=request,
        description=f"{token.name} ({token.prefix}) for {token.user}, expires "
        f"{token.expires_at:%d/%m/%Y}",
    )


@receiver(api_token_revoked, dispatch_uid="assurance.api.token_revoked")
def token_revoked(sender, *, token, actor, request=None, **kwargs):
    _record(
        kind=AccessKind.API_TOKEN_REVOKED,
        token=token,
        actor=actor,
        request=request,
        description=f"{token.name} ({token.prefix}) of {token.user}: {token.revoked_reason}",
    )
