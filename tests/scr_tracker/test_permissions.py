"""The permission matrix: every URL of the app, for every role, answers the expected status.
A new URL pattern without an entry fails `test_every_url_has_a_matrix_entry`.

Core URLs are listed here. A feature adds its own `tests/<app>/url_matrix_<feature>.py` with
`MATRIX` (same shape) and, when its URLs need objects of their own, `make_objects(core, request)`
returning {name: object} built from the core objects; both are merged in automatically."""

import importlib
import pathlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assurance.models import AssuranceStatement

ROLES = [
    "anonymous",
    "board_manager",
    "lead_a",
    "lead_b",
    "scrutiny_member",
    "scrutineer",
    "administrator",
    "outsider",
]

# Columns follow ROLES. lead_a's agency owns the action under test; lead_b's agency has another
# action on the same recommendation, so lead_b sees the review and recommendation, not the action.
ANY = (302, 200, 200, 200, 200, 200, 200, 200)
EVERYONE = (200,) * 8
LIST = (302, 200, 200, 200, 403, 200, 200, 200)
CREATE = (302, 200, 403, 403, 403, 403, 403, 200)
READ = (302, 200, 200, 200, 404, 200, 200, 404)
CHANGE = (302, 200, 403, 403, 404, 403, 403, 404)
READ_ACTION = (302, 200, 200, 404, 404, 200, 200, 404)
CHANGE_ACTION = (302, 200, 403, 404, 404, 403, 403, 404)

MATRIX = {
    "home": ((302, 302, 302, 302, 302, 302, 302, 302), {}),
    "accessibility": (EVERYONE, {}),
    "login": (EVERYONE, {}),
    "logout": ((302,) + (405,) * 7, {}),
    "assurance:review_list": (LIST, {}),
    "reviews:create": (CREATE, {}),
    "assurance:review_detail": (READ, {"pk": "review"}),
    "reviews:edit": (CHANGE, {"pk": "review"}),
    "reviews:history": (READ, {"pk": "review"}),
    "reviews:archive": (CHANGE, {"pk": "review"}),
    "recommendations:create": (CHANGE, {"review_pk": "review"}),
    "assurance:recommendation_detail": (READ, {"pk": "recommendation"}),
    "recommendations:edit": (CHANGE, {"pk": "recommendation"}),
    "recommendations:history": (READ, {"pk": "recommendation"}),
    "recommendations:archive": (CHANGE, {"pk": "recommendation"}),
    "recommendations:action_create": (CHANGE, {"recommendation_pk": "recommendation"}),
    "assurance:action_detail": (READ_ACTION, {"pk": "action_a"}),
    "recommendations:action_edit": (CHANGE_ACTION, {"pk": "action_a"}),
    "recommendations:action_history": (READ_ACTION, {"pk": "action_a"}),
    "recommendations:action_archive": (CHANGE_ACTION, {"pk": "action_a"}),
    "assurance:statement_edit": (CHANGE, {"recommendation_pk": "recommendation"}),
    "assurance:statement_history": (READ, {"recommendation_pk": "recommendation"}),
}


FEATURE_MODULES = [
    importlib.import_module(
        ".".join(path.relative_to(pathlib.Path(__file__).parents[2]).with_suffix("").parts)
    )
    for path in sorted(pathlib.Path(__file__).parents[1].glob("*/url_matrix_*.py"))
]
for module in FEATURE_MODULES:
    clash = set(module.MATRIX) & set(MATRIX)
    assert not clash, f"{module.__name__} repeats matrix entries {clash}"
    MATRIX.update(module.MATRIX)


def _url_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            ns = pattern.namespace or ""
            yield from _url_names(pattern.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_has_a_matrix_entry():
    missing = sorted(set(_url_names()) - set(MATRIX))
    assert not missing, f"Add these URLs to the permission matrix: {missing}"


def test_matrix_has_no_stale_entries():
    stale = sorted(set(MATRIX) - set(_url_names()))
    assert not stale, f"These matrix entries name no URL: {stale}"


@pytest.fixture
def objects(request, plan, recommendation, action_a, action_b, board_manager):
    AssuranceStatement.objects.create(
        recommendation=recommendation, narrative="GP surgeries now meet."
    )
    core = {
        "review": plan,
        "recommendation": recommendation,
        "action_a": action_a,
        "action_b": action_b,
    }
    for module in FEATURE_MODULES:
        if hasattr(module, "make_objects"):
            core.update(module.make_objects(core, request))
    return core


CASES = [
    (name, role, statuses[i])
    for name, (statuses, _) in MATRIX.items()
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(
    ("url_name", "role", "expected"), CASES, ids=[f"{n}-{r}" for n, r, _ in CASES]
)
def test_permission_matrix(client, request, objects, url_name, role, expected):
    kwargs = {key: objects[value].pk for key, value in MATRIX[url_name][1].items()}
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(reverse(url_name, kwargs=kwargs))
    assert response.status_code == expected, f"{role} GET {url_name}"


@pytest.mark.parametrize("role", ["lead_a", "scrutineer", "administrator", "scrutiny_member"])
def test_roles_that_cannot_change_are_refused_on_post(client, request, objects, role):
    client.force_login(request.getfixturevalue(role))
    for name in ("reviews:edit", "reviews:archive"):
        response = client.post(
            reverse(name, kwargs={"pk": objects["review"].pk}), {"title": "Changed"}
        )
        assert response.status_code in (403, 404)
    objects["review"].refresh_from_db()
    assert objects["review"].title == "Baby F"
    assert objects["review"].archived_at is None


def test_anonymous_is_sent_to_sign_in_with_next(client, objects):
    url = reverse("assurance:review_detail", kwargs={"pk": objects["review"].pk})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_django_admin_is_for_administrators_only(client, administrator, board_manager):
    client.force_login(board_manager)
    assert client.get("/admin/").status_code == 302
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 200
