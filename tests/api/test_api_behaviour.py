"""How the API answers besides what it shows: GET and HEAD only, never cached, rate limited per
token, bad input refused with a problem document naming the parameter, paging, and reachable
with a token alone whatever the MFA and sign-in middleware would ask of a page."""

import pytest

from .conftest import make_token

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/v1/reviews/",
    "/api/v1/actions/",
    "/api/v1/dashboard/",
    "/api/v1/openapi.json",
    "/api/v1/",
]


@pytest.fixture
def raw(board_manager, plan):
    return make_token(board_manager)


def auth(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options", "trace"])
@pytest.mark.parametrize("path", PATHS)
def test_only_get_and_head(client, raw, method, path):
    response = getattr(client, method)(path, **auth(raw))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 405
    assert response["Cache-Control"] == "private, no-store"


def test_a_post_without_a_csrf_token_is_405_not_403(client, raw):
    csrf_client = type(client)(enforce_csrf_checks=True)
    response = csrf_client.post("/api/v1/actions/", {"x": 1}, **auth(raw))
    assert response.status_code == 405


@pytest.mark.parametrize("path", PATHS)
def test_head_answers_as_get_without_a_body(client, raw, path):
    get = client.get(path, **auth(raw))
    head = client.head(path, **auth(raw))
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
    assert head["Cache-Control"] == "private, no-store"


def test_every_answer_is_private_and_never_stored(client, raw):
    for path in [*PATHS, "/api/v1/actions/?colour=red", "/api/v1/nowhere/"]:
        for headers in ({}, auth(raw)):
            assert client.get(path, **headers)["Cache-Control"] == "private, no-store", path


def test_rate_limited_per_token(client, settings, board_manager, scrutineer, plan):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    first, second = make_token(board_manager), make_token(scrutineer)
    statuses = [client.get("/api/v1/themes/", **auth(first)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/themes/", **auth(first))
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["type"] == "urn:scr-tracker:api:problem:rate-limited"
    assert refused["Cache-Control"] == "private, no-store"
    # Another token has its own allowance.
    assert client.get("/api/v1/themes/", **auth(second)).status_code == 200


def test_the_limit_resets_each_minute(board_manager, settings):
    from assurance.api.auth import rate_limit
    from assurance.api.problems import ApiProblem
    from scr_tracker.models import ApiToken

    settings.API_RATE_LIMIT_PER_MINUTE = 1
    make_token(board_manager)
    token = ApiToken.objects.get()
    rate_limit(token, now=600.0)
    with pytest.raises(ApiProblem) as refused:
        rate_limit(token, now=630.0)
    assert refused.value.headers["Retry-After"] == "30"
    rate_limit(token, now=660.0)


BAD = [
    ("colour=red", "colour"),
    ("agency=banana", "agency"),
    ("agency=0", "agency"),
    ("agency=999999", "agency"),
    ("review=-3", "review"),
    ("status=finished", "status"),
    ("partnership_rag=purple", "partnership_rag"),
    ("overdue=perhaps", "overdue"),
    ("updated_since=31/12/2026", "updated_since"),
    ("updated_since=2026-02-30", "updated_since"),
    ("due_after_0=1", "due_after_0"),
    ("sort=due", "sort"),
    ("page_size=0", "page_size"),
    ("page_size=501", "page_size"),
    ("cursor=abc", "cursor"),
    ("q=" + "x" * 201, "q"),
    ("q=%00", "q"),
    ("theme=99999999999999999999999", "theme"),
]


@pytest.mark.parametrize(("query", "parameter"), BAD, ids=[q[:30] for q, _ in BAD])
def test_bad_input_is_a_400_problem_naming_the_parameter(client, raw, query, parameter):
    response = client.get(f"/api/v1/actions/?{query}", **auth(raw))
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "urn:scr-tracker:api:problem:invalid-parameter"
    assert problem["title"] and problem["detail"] and problem["status"] == 400
    assert problem["parameter"] == parameter


@pytest.mark.parametrize("path", ["/api/v1/dashboard/", "/api/v1/actions/1/"])
def test_endpoints_without_filters_refuse_parameters(client, raw, path):
    response = client.get(f"{path}?agency=1", **auth(raw))
    assert response.status_code == 400
    assert response.json()["parameter"] == "agency"


@pytest.mark.parametrize("path", ["/api/v1/actions/abc/", "/api/v1/actions/0/", "/api/v1/x/"])
def test_no_such_address_is_a_404_problem(client, raw, path):
    response = client.get(path, **auth(raw))
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_pages_link_to_the_next_until_the_end(client, board_manager, recommendation, agency_a):
    from tests.recommendations.factories import ActionFactory

    ActionFactory.create_batch(5, recommendation=recommendation, agency=agency_a)
    raw = make_token(board_manager)
    body = client.get("/api/v1/actions/", {"page_size": 2, "overdue": "false"}, **auth(raw)).json()
    assert body["count"] == 5 and len(body["results"]) == 2
    assert "overdue=false" in body["next"] and "cursor=" in body["next"]
    seen = [row["id"] for row in body["results"]]
    while body["next"]:
        body = client.get(body["next"], **auth(raw)).json()
        seen += [row["id"] for row in body["results"]]
    assert seen == sorted(seen) and len(seen) == 5


def test_reachable_with_a_token_when_mfa_is_enforced(client, settings, board_manager, plan):
    """The MFA middleware would send a signed-in board manager without a second factor to
    enrolment; a token request has no session and is not sent anywhere."""
    settings.MFA_DEMO_MODE = False
    raw = make_token(board_manager)
    assert client.get("/api/v1/actions/", **auth(raw)).status_code == 200
    client.force_login(board_manager)
    assert client.get("/assurance/actions/").status_code == 302  # the page still asks
    assert client.get("/api/v1/actions/", **auth(raw)).status_code == 200
    assert client.get("/api/v1/actions/").status_code == 401  # the session alone: never


def test_an_action_carries_both_ratings_and_every_timescale(client, board_manager, partnership):
    from tests.api.data import build_world
    from tests.reviews.factories import AgencyFactory, PartnershipFactory

    agency_a = AgencyFactory(partnership=partnership, name="Police")
    world = build_world(
        partnership=partnership,
        other_partnership=PartnershipFactory(name="Elsewhere"),
        agency_a=agency_a,
        agency_b=AgencyFactory(partnership=partnership, name="Health"),
        lead_a=board_manager,
    )
    raw = make_token(board_manager)
    overdue, _claimed, rated = world["actions"][:3]
    body = client.get(f"/api/v1/actions/{overdue.pk}/", **auth(raw)).json()
    assert body["partnership_rag"] == "red" and body["agency_rag"] is None
    assert [t["label"] for t in body["timescales"]] == ["Original", "Requested, awaiting decision"]
    assert body["timescales"][1]["reason"] == "Staff shortages"
    body = client.get(f"/api/v1/actions/{rated.pk}/", **auth(raw)).json()
    assert body["agency_rag"] == "amber"
