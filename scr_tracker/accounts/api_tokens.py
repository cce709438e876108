"""Personal API tokens: making one, recognising one, and the signals the API layer listens to.

A token reads `scr_<prefix>_<secret>`: the prefix (8 random characters) is stored as it is, to
show in lists; the whole token is stored only as its SHA-256 digest, so the database never
holds a token that works. Tokens are 256-bit random strings, so a fast digest is enough (a
password hash, made slow against guessing, would add nothing here).

The foundation cannot import the access log (assurance sits above it), so creating and revoking
send `api_token_created` / `api_token_revoked`; assurance records them (assurance/api/signals.py).
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.dispatch import Signal
from django.utils import timezone

from scr_tracker.access import can
from scr_tracker.models import ApiToken

TOKEN_PREFIX = "scr_"  # noqa: S105 - the marker every token starts with

#: Sent after a token is created and after it is revoked, inside the same transaction, with
#: `token`, `actor` and `request` (None outside a request).
api_token_created = Signal()
api_token_revoked = Signal()


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def generate() -> tuple[str, str]:
    """A new token: (prefix, whole token)."""
    prefix = secrets.token_hex(4)
    return prefix, f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"


@dataclass(frozen=True)
class Refusal:
    """Why a presented token does not sign anyone in (said in the 401 answer)."""

    detail: str


UNKNOWN = Refusal("The token is not recognised.")
EXPIRED = Refusal("The token has expired. Create a new one on your account security page.")
REVOKED = Refusal("The token has been revoked.")
INACTIVE = Refusal("The token's account is deactivated.")
NOT_ALLOWED = Refusal("The token's account may not use the API.")


def authenticate(raw: str, now=None) -> ApiToken | Refusal:
    """The token (with its user loaded) for a presented token, or why it is refused: unknown,
    revoked, expired, a deactivated account, or a role that may not hold one. One query."""
    now = now or timezone.now()
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return UNKNOWN
    token = ApiToken.objects.select_related("user").filter(digest=digest(raw)).first()
    if token is None:
        return UNKNOWN
    if token.is_revoked:
        return REVOKED
    if token.is_expired(now):
        return EXPIRED
    if not token.user.is_active:
        return INACTIVE
    if not can(token.user, "scr_tracker.use_api"):
        return NOT_ALLOWED
    return token
