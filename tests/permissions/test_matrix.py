"""The permission matrix (matrix.py): every URL, for every role, answers the expected status to
GET and to POST. A URL pattern without a row fails `test_every_url_has_a_row`."""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .matrix import BY_NAME, ROWS, UNNAMED_ROUTES

GET_AND_POST = [row for row in ROWS if row.takes_post]
GET_ONLY = [row for row in ROWS if not row.takes_post]


def _patterns(patterns=None, namespace="", prefix=""):
    """(URL name or None, route) for every pattern of the project, the admin site's aside."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, ns, route)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else None), route


def test_every_url_has_a_row():
    missing = [f"{name} ({route})" for name, route in _patterns() if name and name not in BY_NAME]
    unnamed = [route for name, route in _patterns() if not name and route not in UNNAMED_ROUTES]
    assert not missing, f"Add a row to tests/permissions/rows_*.py for each of: {missing}"
    assert not unnamed, f"Name these URL patterns, and add a row for each: {unnamed}"


def test_every_row_names_a_url():
    names = {name for name, _ in _patterns()}
    routes = {route for _, route in _patterns()}
    assert not [row.name for row in ROWS if row.name not in names], "rows that name no URL"
    assert not set(UNNAMED_ROUTES) - routes, "UNNAMED_ROUTES that are no URL"


@pytest.mark.parametrize("row", ROWS, ids=str)
def test_get(db, world, row):
    assert world.answers("get", row.url(world.objects)) == row.get, f"GET {row.name}"


@pytest.mark.parametrize("row", GET_AND_POST, ids=str)
def test_post(db, world, row):
    assert world.answers("post", row.url(world.objects)) == row.post, f"POST {row.name}"


@pytest.mark.parametrize("row", GET_ONLY, ids=str)
def test_a_get_only_url_refuses_post(db, world, row):
    """405 to every role the view is reached for (see `Row.post_statuses`); the rows marked
    SAME_AS_GET do not refuse POST yet and answer it as they answer GET."""
    assert world.answers("post", row.url(world.objects)) == row.post_statuses(), f"POST {row.name}"


@pytest.mark.parametrize("role", ["lead_a", "scrutineer", "administrator", "scrutiny_member"])
def test_roles_that_cannot_change_a_review_change_nothing_by_posting(db, world, role):
    review = world.objects["review"]
    client = world.client(role)
    with transaction.atomic():
        for name in ("reviews:edit", "reviews:archive"):
            response = client.post(reverse(name, kwargs={"pk": review.pk}), {"title": "Changed"})
            assert response.status_code in (403, 404)
        review.refresh_from_db()
        transaction.set_rollback(True)
    assert review.title == "Baby F"
    assert review.archived_at is None


def test_anonymous_is_sent_to_sign_in_with_next(db, world):
    url = reverse("assurance:review_detail", kwargs={"pk": world.objects["review"].pk})
    response = world.client("anonymous").get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_django_admin_is_for_administrators_only(db, world):
    assert world.client("board_manager").get("/admin/").status_code == 302
    assert world.client("administrator").get("/admin/").status_code == 200


def test_the_admin_sign_in_is_the_services(db, world):
    response = world.client("anonymous").get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('login')}?next=")
    assert world.client("administrator").get("/admin/login/")["Location"] == reverse("admin:index")
