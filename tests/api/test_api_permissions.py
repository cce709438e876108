"""The API's permission matrix: every endpoint x every role x every token state.

Roles: anonymous (no token at all), board manager, agency lead (lead_a, whose agency owns
action_a; lead_b, whose agency does not), independent scrutineer, scrutiny member (who can
hold no token: one made for them anyway, as if their role changed after, is refused),
administrator, and an outsider (board manager of another partnership). Token states: valid,
expired, revoked, and valid but on a deactivated account."""

import pytest

from .conftest import TOKEN_STATES, make_token

ROLES = [
    "anonymous",
    "board_manager",
    "lead_a",
    "lead_b",
    "scrutineer",
    "scrutiny_member",
    "administrator",
    "outsider",
]

# With a valid token, in ROLES order. Lists answer 200 to everyone who may hold a token (the
# outsider's are empty: see test_api_scope.py); one record answers 404 outside the scope,
# exactly as its page.
LIST = (401, 200, 200, 200, 200, 401, 200, 200)
ONE = (401, 200, 200, 200, 200, 401, 200, 404)
ONE_ACTION = (401, 200, 200, 404, 200, 401, 200, 404)

ENDPOINTS = {
    "reviews": ("/api/v1/reviews/", LIST),
    "review": ("/api/v1/reviews/{review}/", ONE),
    "recommendations": ("/api/v1/recommendations/", LIST),
    "recommendation": ("/api/v1/recommendations/{recommendation}/", ONE),
    "actions": ("/api/v1/actions/", LIST),
    "action": ("/api/v1/actions/{action_a}/", ONE_ACTION),
    "progress_updates": ("/api/v1/progress-updates/", LIST),
    "assurance_statements": ("/api/v1/assurance-statements/", LIST),
    "themes": ("/api/v1/themes/", LIST),
    "dashboard": ("/api/v1/dashboard/", LIST),
}


def test_every_api_url_is_in_this_matrix():
    from tests.permissions.matrix import BY_NAME

    api_names = {name.removeprefix("api:") for name in BY_NAME if name.startswith("api:")}
    assert api_names - {"api-root", "openapi-json"} == set(ENDPOINTS)


@pytest.fixture
def objects(plan, recommendation, action_a, action_b, statement):
    return {"review": plan.pk, "recommendation": recommendation.pk, "action_a": action_a.pk}


CASES = [
    (endpoint, role, state)
    for endpoint in ENDPOINTS
    for role in ROLES
    for state in (["none"] if role == "anonymous" else TOKEN_STATES)
]


@pytest.mark.parametrize(
    ("endpoint", "role", "state"), CASES, ids=[f"{e}-{r}-{s}" for e, r, s in CASES]
)
def test_api_permission_matrix(client, request, objects, endpoint, role, state):
    path, statuses = ENDPOINTS[endpoint]
    url = path.format(**objects)
    headers = {}
    if role != "anonymous":
        raw = make_token(request.getfixturevalue(role), state)
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    expected = statuses[ROLES.index(role)] if state in ("valid", "none") else 401

    response = client.get(url, **headers)

    assert response.status_code == expected, f"{role} ({state} token) GET {url}"
    assert response["Cache-Control"] == "private, no-store"
    if expected == 401:
        assert response["Content-Type"] == "application/problem+json"
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["status"] == 401


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
@pytest.mark.parametrize("role", ["board_manager", "lead_a", "scrutineer", "administrator"])
def test_a_session_is_never_accepted_instead_of_a_token(client, request, objects, endpoint, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(ENDPOINTS[endpoint][0].format(**objects))
    assert response.status_code == 401


def test_a_session_does_not_widen_a_token(client, objects, board_manager, outsider):
    """Signed in to the browser as a board manager, with the outsider's token: the API reads
    as the token's owner."""
    client.force_login(board_manager)
    raw = make_token(outsider)
    response = client.get(
        f"/api/v1/actions/{objects['action_a']}/", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 404
    response = client.get("/api/v1/actions/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer scr_nope", "Token abc", "Bearer x y"],
)
def test_malformed_or_unknown_tokens_are_refused(client, objects, header):
    response = client.get("/api/v1/actions/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["type"] == "urn:scr-tracker:api:problem:unauthorised"


@pytest.mark.parametrize(
    ("state", "words"),
    [("expired", "expired"), ("revoked", "revoked"), ("deactivated", "deactivated")],
)
def test_a_refused_token_says_why(client, objects, board_manager, state, words):
    raw = make_token(board_manager, state)
    response = client.get("/api/v1/reviews/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert words in response.json()["detail"]
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_a_scrutiny_members_token_reads_nothing(client, objects, scrutiny_member):
    raw = make_token(scrutiny_member)
    for path, _ in ENDPOINTS.values():
        response = client.get(path.format(**objects), HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert response.status_code == 401
        assert "may not use the API" in response.json()["detail"]


@pytest.mark.parametrize("role", ["anonymous", "board_manager"])
def test_the_openapi_document_and_index_need_no_token(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    document = client.get("/api/v1/openapi.json")
    assert document.status_code == 200
    assert document.json()["info"]["title"] == "SCR Tracker API"
    assert client.get("/api/v1/").json()["openapi"].endswith("/api/v1/openapi.json")
