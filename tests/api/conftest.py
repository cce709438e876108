"""Tokens for the API tests: `token_for(user, state)` gives the token a request sends, in one
of the states the matrix walks (valid, expired, revoked, deactivated user)."""

import datetime

import pytest
from django.utils import timezone

from assurance.models import AssuranceStatement
from scr_tracker.accounts import services
from scr_tracker.models import ApiToken

TOKEN_STATES = ["valid", "expired", "revoked", "deactivated"]


def make_token(user, state="valid", *, name="Power BI"):
    token, raw = services.api_token_create(user=user, name=name, days=30)
    if state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
    elif state == "revoked":
        services.api_token_revoke(token=token, actor=user, reason="Laptop lost")
    elif state == "deactivated":
        user.is_active = False
        user.save()
    return raw


@pytest.fixture
def token_for(db):
    return make_token


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def api_get(client):
    """GET an API path with a token (or none)."""

    def get(path, raw=None, **params):
        headers = bearer(raw) if raw else {}
        return client.get(path, params, **headers)

    return get


@pytest.fixture
def statement(recommendation):
    return AssuranceStatement.objects.create(
        recommendation=recommendation, narrative="GP surgeries now meet.", level="Reasonable"
    )
