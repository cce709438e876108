"""The protective marking (PROTECTIVE_MARKING) is on every page of the app, for every role,
and says what the setting says."""

import pytest
from django.urls import reverse

from tests.permissions.statuses import ROLES
from tests.permissions.walk import is_page, walk

MARKING = "OFFICIAL-SENSITIVE [PERSONAL]"


def _marking_banner(html):
    start = html.index('<div class="app-protective-marking">')
    return html[start : html.index("</div>", start)]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_shows_the_configured_marking(client, request, objects, settings, role):
    settings.PROTECTIVE_MARKING = MARKING
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))

    pages = 0
    for name, response in walk(client, objects):
        if not is_page(response):
            continue
        pages += 1
        html = response.content.decode()
        assert "OFFICIAL-SENSITIVE [PERSONAL]" in _marking_banner(html), f"{role} GET {name}"
        assert html.index("app-protective-marking") < html.index('id="main-content"'), name
        assert "marked OFFICIAL-SENSITIVE [PERSONAL]" in html, name
    assert pages > 0


@pytest.mark.django_db
def test_the_marking_is_on_the_sign_in_steps_and_the_lockout_page(client, settings):
    settings.PROTECTIVE_MARKING = "OFFICIAL"
    settings.AXES_FAILURE_LIMIT = 1

    sign_in = client.get(reverse("login")).content.decode()
    locked = client.post(
        reverse("login"),
        {"sign_in_view-current_step": "auth", "auth-username": "x", "auth-password": "y"},
    )

    assert "OFFICIAL" in _marking_banner(sign_in)
    assert locked.status_code == 429 and "OFFICIAL" in _marking_banner(locked.content.decode())


@pytest.mark.django_db
def test_the_marking_is_on_error_pages(client, settings):
    settings.PROTECTIVE_MARKING = "OFFICIAL"

    assert "OFFICIAL" in _marking_banner(client.get("/no-such-page/").content.decode())


@pytest.mark.django_db
def test_an_empty_marking_hides_the_banner(client, settings):
    settings.PROTECTIVE_MARKING = ""

    assert "app-protective-marking" not in client.get(reverse("accessibility")).content.decode()
