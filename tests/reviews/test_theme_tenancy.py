"""Themes and tenancy (issue 17, item 6): a partnership's themes, their descriptions and their
history are its own; the national list carries no partnership's text and only administrators
change it."""

import pytest
from django.urls import reverse

from reviews.models import Theme
from tests.reviews.factories import ThemeFactory

pytestmark = pytest.mark.django_db

SECRET = "Baby F recommendation 1: the health visitor's notes"


@pytest.fixture
def own_theme(partnership):
    return ThemeFactory(name="Information sharing", partnership=partnership, description=SECRET)


@pytest.fixture
def national_theme():
    return ThemeFactory(name="Voice of the child", partnership=None)


def test_another_partnership_never_sees_a_partnerships_theme(
    client, outsider, own_theme, national_theme
):
    client.force_login(outsider)

    listing = client.get(reverse("reviews:theme_list")).content.decode()
    actions = client.get(reverse("assurance:action_list")).content.decode()
    recurring = client.get(reverse("assurance:recurring_themes")).content.decode()

    for html in (listing, actions, recurring):
        assert SECRET not in html and "Information sharing" not in html
    assert "Voice of the child" in listing
    for name in ("reviews:theme_history", "reviews:theme_edit"):
        assert client.get(reverse(name, args=[own_theme.pk])).status_code == 404
    assert (
        client.post(reverse("reviews:theme_edit", args=[own_theme.pk]), {"name": "x"}).status_code
        == 404
    )
    own_theme.refresh_from_db()
    assert own_theme.name == "Information sharing"


def test_a_board_manager_adds_themes_to_their_own_partnership(client, board_manager):
    client.force_login(board_manager)

    client.post(reverse("reviews:theme_create"), {"name": "Neglect", "is_active": "on"})

    assert Theme.objects.get(name="Neglect").partnership == board_manager.partnership


def test_only_administrators_change_the_national_list(
    client, board_manager, administrator, national_theme
):
    client.force_login(board_manager)
    url = reverse("reviews:theme_edit", args=[national_theme.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Renamed"}).status_code == 403

    client.force_login(administrator)
    response = client.post(
        url, {"name": "Voice and lived experience of the child", "is_active": "on"}
    )
    assert response.status_code == 302
    national_theme.refresh_from_db()
    assert national_theme.name == "Voice and lived experience of the child"
    created = client.post(reverse("reviews:theme_create"), {"name": "Neglect", "is_active": "on"})
    assert created.status_code == 302 and Theme.objects.get(name="Neglect").is_national


def test_forms_offer_the_national_themes_and_the_partnerships_own(
    client, board_manager, outsider, review, national_theme
):
    theirs = ThemeFactory(name="Their own theme", partnership=outsider.partnership)
    mine = ThemeFactory(name="Our own theme", partnership=board_manager.partnership)
    client.force_login(board_manager)

    form = client.get(reverse("reviews:edit", args=[review.pk])).context["form"]

    offered = set(form.fields["themes"].queryset)
    assert national_theme in offered and mine in offered and theirs not in offered


def test_the_list_marks_national_themes_and_offers_edit_only_where_allowed(
    client, board_manager, own_theme, national_theme
):
    client.force_login(board_manager)

    html = client.get(reverse("reviews:theme_list")).content.decode()

    assert reverse("reviews:theme_edit", args=[own_theme.pk]) in html
    assert reverse("reviews:theme_edit", args=[national_theme.pk]) not in html
    assert "National" in html
