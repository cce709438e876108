"""For each role, the API shows exactly the records the pages show: the ids each endpoint
returns (every page of it) equal the ids of the HTML list (its whole paginator) or, where
there is no list page, of the pages' own `for_user` queries."""

import pytest
from django.urls import reverse

from assurance.models import AssuranceStatement

from .conftest import make_token
from .data import build_world, days

ROLES = ["board_manager", "lead_a", "lead_b", "scrutineer", "administrator", "outsider"]


@pytest.fixture
def world(partnership, other_partnership, agency_a, agency_b, lead_a):
    return build_world(
        partnership=partnership,
        other_partnership=other_partnership,
        agency_a=agency_a,
        agency_b=agency_b,
        lead_a=lead_a,
    )


def pull(client, raw, path, **params):
    """Every result of a list, following `next` (pages of 2, to walk the cursor)."""
    results, url, params = [], path, {"page_size": 2, **params}
    while url:
        response = client.get(url, params, HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert response.status_code == 200, response.content
        body = response.json()
        results.extend(body["results"])
        url, params = body["next"], {}
    assert len(results) == body["count"]
    return results


def ids(results):
    found = [row["id"] for row in results]
    assert found == sorted(found), "ordered by id"
    assert len(found) == len(set(found)), "no id twice"
    return set(found)


def page_ids(client, url_name, **params):
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    return {row.pk for row in response.context["page_obj"].paginator.object_list}


@pytest.mark.parametrize("role", ROLES)
def test_api_ids_equal_the_pages_ids(client, request, world, role):
    user = request.getfixturevalue(role)
    raw = make_token(user)
    client.force_login(user)

    for endpoint, url_name in [
        ("reviews", "assurance:review_list"),
        ("recommendations", "assurance:recommendation_list"),
        ("actions", "assurance:action_list"),
    ]:
        api = ids(pull(client, raw, f"/api/v1/{endpoint}/"))
        assert api == page_ids(client, url_name), f"{role} {endpoint}"

    actions = page_ids(client, "assurance:action_list")
    shown_updates = set()
    for action_id in actions:
        response = client.get(reverse("assurance:action_detail", args=[action_id]))
        shown_updates |= {update.pk for update in response.context["updates"]}
    assert ids(pull(client, raw, "/api/v1/progress-updates/")) == shown_updates

    statements = set(AssuranceStatement.objects.for_user(user).values_list("pk", flat=True))
    assert ids(pull(client, raw, "/api/v1/assurance-statements/")) == statements

    themes = {theme.pk for theme in client.get(reverse("reviews:theme_list")).context["themes"]}
    assert ids(pull(client, raw, "/api/v1/themes/")) == themes

    board = client.get(reverse("assurance:dashboard")).context["board"]
    figures = client.get("/api/v1/dashboard/", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert figures["summary"] == board.summary
    assert [row["id"] for row in figures["overdue"]] == [a.pk for a in board.overdue]
    assert [m["open"] for m in figures["trend"]] == board.trend.open


@pytest.mark.parametrize("role", ["board_manager", "lead_a", "scrutineer", "outsider"])
def test_each_record_answers_as_its_page(client, request, world, role):
    """Every record of the partnership: 200 from the API exactly where its page is 200."""
    user = request.getfixturevalue(role)
    raw = make_token(user)
    client.force_login(user)
    records = [
        ("reviews", "assurance:review_detail", [world["exempt"], world["public"]]),
        ("actions", "assurance:action_detail", world["actions"]),
        (
            "recommendations",
            "assurance:recommendation_detail",
            {action.recommendation for action in world["actions"]},
        ),
    ]
    for endpoint, url_name, objects in records:
        for obj in objects:
            page = client.get(reverse(url_name, args=[obj.pk])).status_code
            api = client.get(
                f"/api/v1/{endpoint}/{obj.pk}/", HTTP_AUTHORIZATION=f"Bearer {raw}"
            ).status_code
            assert api == page, f"{role} {endpoint} {obj.pk}"


FILTERS = [
    # (API parameters, the page's query string for the same filter)
    ({"overdue": "true"}, {"overdue": "on"}),
    ({"to_do": "true", "partnership_rag": "red"}, {"to_do": "on", "partnership_rag": "red"}),
    ({"agency_rag": "amber"}, {"agency_rag": "amber"}),
    ({"agency_rag": "none"}, {"agency_rag": "none"}),
    ({"status": "claimed"}, {"status": "claimed"}),
    ({"q": "Key action"}, {"q": "Key action"}),
    ({"awaiting_judgement": "true"}, {"awaiting_judgement": "on"}),
    ({"review_kind": "dhr"}, {"review_kind": "dhr"}),
    (
        {"updated_since": days(-1).isoformat()},
        {
            "updated_since_0": days(-1).day,
            "updated_since_1": days(-1).month,
            "updated_since_2": days(-1).year,
        },
    ),
    (
        {"due_after": days(-7).isoformat(), "due_before": days(30).isoformat()},
        {
            "due_after_0": days(-7).day,
            "due_after_1": days(-7).month,
            "due_after_2": days(-7).year,
            "due_before_0": days(30).day,
            "due_before_1": days(30).month,
            "due_before_2": days(30).year,
        },
    ),
    ({"overdue": "false"}, {}),
]


@pytest.mark.parametrize("role", ["board_manager", "lead_a"])
@pytest.mark.parametrize(("api", "page"), FILTERS, ids=[str(api) for api, _ in FILTERS])
def test_action_filters_mean_what_the_pages_filters_mean(client, request, world, role, api, page):
    user = request.getfixturevalue(role)
    raw = make_token(user)
    client.force_login(user)
    expected = page_ids(client, "assurance:action_list", **page)
    assert ids(pull(client, raw, "/api/v1/actions/", **api)) == expected


def test_record_filters_take_ids_in_scope(client, world, board_manager, agency_a, lead_b):
    raw = make_token(board_manager)
    client.force_login(board_manager)
    for params in ({"agency": agency_a.pk}, {"review": world["public"].pk}):
        assert ids(pull(client, raw, "/api/v1/actions/", **params)) == page_ids(
            client, "assurance:action_list", **params
        )
    theme = {"theme": world["theme"].pk}
    assert ids(pull(client, raw, "/api/v1/reviews/", **theme)) == page_ids(
        client, "assurance:review_list", **theme
    )
    assert ids(pull(client, raw, "/api/v1/recommendations/", **theme)) == page_ids(
        client, "assurance:recommendation_list", **theme
    )
    # Another agency than one's own is refused, as the page's filter refuses it.
    response = client.get(
        "/api/v1/actions/",
        {"agency": agency_a.pk},
        HTTP_AUTHORIZATION=f"Bearer {make_token(lead_b)}",
    )
    assert response.status_code == 400
    assert response.json()["parameter"] == "agency"


def test_progress_updates_follow_the_action_filters(client, world, board_manager, agency_a):
    raw = make_token(board_manager)
    all_updates = pull(client, raw, "/api/v1/progress-updates/")
    agency_updates = pull(client, raw, "/api/v1/progress-updates/", agency=agency_a.pk)
    agency_actions = ids(pull(client, raw, "/api/v1/actions/", agency=agency_a.pk))
    assert {u["action_id"] for u in agency_updates} <= agency_actions
    assert {u["id"] for u in agency_updates} == {
        u["id"] for u in all_updates if u["action_id"] in agency_actions
    }
    assert pull(client, raw, "/api/v1/progress-updates/", created_since=days(1).isoformat()) == []


def test_evidence_is_described_never_sent(client, world, board_manager):
    raw = make_token(board_manager)
    updates = pull(client, raw, "/api/v1/progress-updates/")
    evidence = [e for u in updates for e in u["evidence"]]
    assert evidence and all(e["has_file"] for e in evidence)
    assert set(evidence[0]) == {
        "id",
        "description",
        "has_file",
        "original_filename",
        "content_type",
        "size",
        "sha256",
        "judgement",
        "judged_at",
        "judgement_comment",
        "created_at",
    }
    body = client.get(
        "/api/v1/progress-updates/", HTTP_AUTHORIZATION=f"Bearer {raw}"
    ).content.decode()
    assert "%PDF" not in body and "/evidence/" not in body
