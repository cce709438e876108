"""Facts kept once (layout decision, docs/decisions/0003-layers.md): counted nouns, the
breadcrumb trail, the navigation (which asks the same rules as the pages), the partnership
predicate."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from scr_tracker.access import can
from scr_tracker.breadcrumbs import crumb, trail
from scr_tracker.navigation import NAVIGATION, navigation_for
from scr_tracker.text import count_noun, noun_for


@pytest.mark.parametrize(
    ("count", "args", "expected"),
    [
        (0, ("review",), "0 reviews"),
        (1, ("review",), "1 review"),
        (2, ("review",), "2 reviews"),
        (1234, ("review",), "1,234 reviews"),
        (1, ("entry", "entries"), "1 entry"),
        (3, ("entry", "entries"), "3 entries"),
    ],
)
def test_count_noun(count, args, expected):
    assert count_noun(count, *args) == expected
    assert noun_for(count, *args) == expected.split(" ", 1)[1]


def test_count_noun_filter_in_templates():
    template = Template(
        '{% load counts %}{{ a|count_noun:"action" }}; {{ b|noun_for:"entry,entries" }}'
    )
    assert template.render(Context({"a": 1, "b": 2})) == "1 action; entries"


@pytest.mark.django_db
def test_trail_walks_up_from_the_object_with_reverse(action_a):
    recommendation = action_a.recommendation
    review = recommendation.review
    assert trail(action_a, ("Edit", "")) == [
        ("Reviews", reverse("assurance:review_list")),
        (review.title, review.get_absolute_url()),
        (f"Recommendation {recommendation.number}", recommendation.get_absolute_url()),
        (f"{action_a.agency.name} action", action_a.get_absolute_url()),
        ("Edit", ""),
    ]
    assert trail(None, crumb("Import")) == [
        ("Reviews", reverse("assurance:review_list")),
        ("Import", ""),
    ]


ROLES = ["board_manager", "lead_a", "scrutiny_member", "scrutineer", "administrator"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_navigation_shows_exactly_the_pages_the_rules_open(request, role):
    user = request.getfixturevalue(role)
    http = RequestFactory().get("/")
    http.user = user
    shown = {item.label for item in navigation_for(http)}
    assert shown == {label for label, _, perm in NAVIGATION if can(user, perm)}
    assert shown, f"{role} sees no navigation"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["board_manager", "lead_a", "scrutineer", "scrutiny_member"])
def test_every_navigation_link_opens_for_its_user(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    http = RequestFactory().get("/")
    http.user = user
    for item in navigation_for(http):
        assert client.get(item.url).status_code == 200, f"{role}: {item.label} ({item.url})"


@pytest.mark.django_db
def test_one_partnership_rule_for_every_kind_of_object(board_manager, outsider, action_a):
    recommendation = action_a.recommendation
    for obj, perm in [
        (recommendation.review, "reviews.change_review"),
        (recommendation, "recommendations.change_recommendation"),
        (action_a, "recommendations.change_action"),
    ]:
        assert obj.partnership_id == board_manager.partnership_id
        assert can(board_manager, perm, obj)
        assert not can(outsider, perm, obj)
