"""Personal API tokens on the account security page: created (shown once, stored as a digest,
at most a year), listed with when each was last used, revoked by the owner or an administrator
(on the page or in the Django admin); each creation, use and revocation in the access log and
each creation and revocation in the token's history with who and why."""

import pytest
from django.urls import reverse

from assurance.models import AccessKind, AccessLog
from scr_tracker.accounts import services
from scr_tracker.models import ApiToken

from .conftest import make_token


def _create(client, user, name="Power BI board dashboard", days="90"):
    client.force_login(user)
    return client.post(reverse("accounts:api_token_create"), {"name": name, "days": days})


@pytest.mark.django_db
def test_a_board_manager_creates_a_token_that_is_shown_once(client, board_manager):
    response = _create(client, board_manager)
    assert response.status_code == 200
    raw = response.context["raw_token"]
    assert raw.startswith("scr_") and raw in response.content.decode()
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
    token = ApiToken.objects.get()
    assert token.user == board_manager and token.name == "Power BI board dashboard"
    # Stored as a digest only: the token itself is nowhere in the database.
    assert raw not in (token.digest, token.prefix) and len(token.digest) == 64
    assert not ApiToken.objects.filter(digest__contains=raw[4:]).exists()
    assert round((token.expires_at - token.created_at).total_seconds() / 86400) == 90
    # The account page lists it, never again showing the token.
    page = client.get(reverse("two_factor:profile")).content.decode()
    assert "Power BI board dashboard" in page and raw not in page and "Never" in page
    history = token.history.get()
    assert history.history_user == board_manager
    assert history.history_change_reason == "Created, valid for 90 days"
    entry = AccessLog.objects.get(kind=AccessKind.API_TOKEN_CREATED)
    assert entry.user == board_manager and entry.object_id == token.pk


@pytest.mark.django_db
@pytest.mark.parametrize("days", ["366", "0", "-1", "730", "banana", ""])
def test_a_token_lives_a_year_at_most(client, board_manager, days):
    response = _create(client, board_manager, days=days)
    assert response.status_code == 200
    assert response.context["form"].errors["days"]
    assert not ApiToken.objects.exists()
    with pytest.raises(ValueError):
        services.api_token_create(user=board_manager, name="x", days=366)


@pytest.mark.django_db
def test_a_token_needs_a_name(client, board_manager):
    response = _create(client, board_manager, name="   ")
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("board_manager", 200),
        ("scrutineer", 200),
        ("administrator", 200),
        ("lead_a", 200),
        ("scrutiny_member", 403),
    ],
)
def test_who_may_create_a_token(client, request, role, status):
    response = _create(client, request.getfixturevalue(role))
    assert response.status_code == status
    assert ApiToken.objects.exists() == (status == 200)


def test_scrutiny_members_see_no_token_section_to_use(client, scrutiny_member):
    client.force_login(scrutiny_member)
    page = client.get(reverse("two_factor:profile")).content.decode()
    assert "Your role does not use API tokens." in page
    assert reverse("accounts:api_token_create") not in page


def test_use_is_logged_and_shown_as_last_used(client, lead_a, plan):
    raw = make_token(lead_a)
    response = client.get("/api/v1/actions/?overdue=true", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert token.last_used_at is not None
    entry = AccessLog.objects.get(kind=AccessKind.API_REQUEST)
    assert entry.user == lead_a and entry.partnership_id == lead_a.partnership_id
    assert entry.object_id == token.pk and "GET /api/v1/actions/?overdue=true" in entry.description
    # A use writes no history row (history is for who created and revoked it, and why).
    assert token.history.count() == 1
    client.force_login(lead_a)
    assert "Never" not in client.get(reverse("two_factor:profile")).content.decode()


def test_refused_requests_are_not_logged_as_use(client, board_manager, plan):
    raw = make_token(board_manager, "revoked")
    client.get("/api/v1/actions/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert not AccessLog.objects.filter(kind=AccessKind.API_REQUEST).exists()


def test_the_owner_revokes_a_token_with_a_reason(client, board_manager, plan):
    raw = make_token(board_manager)
    token = ApiToken.objects.get()
    client.force_login(board_manager)
    url = reverse("accounts:api_token_revoke", args=[token.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.context["form"].errors["reason"]
    response = client.post(url, {"reason": "Replaced by a new dashboard"})
    assert response.status_code == 302
    token.refresh_from_db()
    assert (
        token.revoked_by == board_manager and token.revoked_reason == "Replaced by a new dashboard"
    )
    latest = token.history.latest()
    assert latest.history_user == board_manager
    assert latest.history_change_reason == "Revoked: Replaced by a new dashboard"
    assert AccessLog.objects.filter(kind=AccessKind.API_TOKEN_REVOKED, user=board_manager).exists()
    assert client.get("/api/v1/reviews/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    # Revoking again changes nothing.
    client.post(url, {"reason": "Again"})
    assert token.history.count() == 2


@pytest.mark.parametrize("role", ["lead_a", "scrutineer", "outsider"])
def test_others_cannot_find_someone_elses_token(client, request, board_manager, role):
    make_token(board_manager)
    token = ApiToken.objects.get()
    client.force_login(request.getfixturevalue(role))
    url = reverse("accounts:api_token_revoke", args=[token.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Mine now"}).status_code == 404
    token.refresh_from_db()
    assert not token.is_revoked


def test_an_administrator_revokes_anyones_token(client, administrator, lead_a):
    make_token(lead_a)
    token = ApiToken.objects.get()
    client.force_login(administrator)
    response = client.post(
        reverse("accounts:api_token_revoke", args=[token.pk]), {"reason": "Lead left the trust"}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == administrator
    entry = AccessLog.objects.get(kind=AccessKind.API_TOKEN_REVOKED)
    assert entry.user == administrator and entry.partnership_id == lead_a.partnership_id


def test_an_administrator_revokes_tokens_in_the_admin(client, administrator, lead_a, scrutineer):
    make_token(lead_a)
    make_token(scrutineer)
    client.force_login(administrator)
    changelist = reverse("admin:scr_tracker_apitoken_changelist")
    assert client.get(changelist).status_code == 200
    response = client.post(
        changelist,
        {
            "action": "revoke",
            "_selected_action": list(ApiToken.objects.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 302
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 0
    assert AccessLog.objects.filter(kind=AccessKind.API_TOKEN_REVOKED).count() == 2
    for token in ApiToken.objects.all():
        assert token.history.latest().history_user == administrator


def test_tokens_are_never_deleted(board_manager):
    make_token(board_manager)
    with pytest.raises(Exception, match="never deleted"):
        ApiToken.objects.get().delete()
    with pytest.raises(Exception, match="never deleted"):
        ApiToken.objects.all().delete()
