"""Signing in to the API: a personal token in `Authorization: Bearer ...`, never a session.
A token that passes is rate limited (per token, in Django's cache) and each request it makes
is written to the access log, as every download is."""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from ninja.security import HttpBearer

from scr_tracker.accounts import api_tokens
from scr_tracker.models import ApiToken

from ..models import AccessKind
from ..services import access_log_record
from .problems import ApiProblem, unauthorised

RATE_WINDOW_SECONDS = 60
# last_used_at is written at most this often per token (a plain UPDATE, no history row).
LAST_USED_RESOLUTION = 60


def rate_limit(token: ApiToken, now: float | None = None) -> None:
    """At most API_RATE_LIMIT_PER_MINUTE requests per token in each clock minute; past that,
    429 with Retry-After (seconds to the next minute). Keyed by the token's random prefix, so
    every process sharing the cache shares the count."""
    limit = settings.API_RATE_LIMIT_PER_MINUTE
    now = time.time() if now is None else now
    window = int(now // RATE_WINDOW_SECONDS)
    key = f"api-rate:{token.prefix}:{window}"
    if cache.add(key, 1, timeout=RATE_WINDOW_SECONDS * 2):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=RATE_WINDOW_SECONDS * 2)
            count = 1
    if count > limit:
        retry_after = max(1, math.ceil((window + 1) * RATE_WINDOW_SECONDS - now))
        raise ApiProblem(
            429,
            "Too many requests",
            f"This token may make {limit} requests a minute. Try again in {retry_after} seconds.",
            kind="rate-limited",
            headers={"Retry-After": str(retry_after)},
        )


class TokenAuth(HttpBearer):
    """The one way into the API. A session cookie, if one is sent, is ignored: without a
    token the answer is 401, whoever is signed in to the browser."""

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise unauthorised(
                "Send a personal API token: Authorization: Bearer <token>.", invalid_token=False
            )
        return self.authenticate(request, raw.strip())

    def authenticate(self, request, token):
        found = api_tokens.authenticate(token)
        if isinstance(found, api_tokens.Refusal):
            raise unauthorised(found.detail, invalid_token=True)
        rate_limit(found)
        user = found.user
        # The API reads as the token's owner, whatever session the request may carry.
        request.user = user
        request.api_token = found
        access_log_record(
            request=request,
            kind=AccessKind.API_REQUEST,
            obj=found,
            description=f"{found.name} ({found.prefix}): {request.method} "
            f"{request.get_full_path()}",
        )
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() >= (
            LAST_USED_RESOLUTION
        ):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return user
