"""My actions: an agency lead's actions across reviews, overdue first, then due soon."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations.models import ActionStatus
from tests.recommendations.factories import ActionFactory, RecommendationFactory
from tests.reviews.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def day(offset):
    return timezone.localdate() + datetime.timedelta(days=offset)


def test_overdue_first_then_due_within_30_days_then_the_rest(client, lead_a, agency_a, partnership):
    other_review = RecommendationFactory(
        review=ReviewFactory(partnership=partnership, title="Child H")
    )
    later = ActionFactory(
        agency=agency_a, recommendation=other_review, due_date=day(200), key_actions="Later work"
    )
    assured = ActionFactory(
        agency=agency_a,
        recommendation=other_review,
        due_date=day(-400),
        status=ActionStatus.ASSURED,
        key_actions="Assured work",
    )
    soon = ActionFactory(
        agency=agency_a, recommendation=other_review, due_date=day(12), key_actions="Soon work"
    )
    overdue = ActionFactory(
        agency=agency_a, recommendation=other_review, due_date=day(-3), key_actions="Overdue work"
    )
    claimed = ActionFactory(
        agency=agency_a,
        recommendation=other_review,
        due_date=day(-30),
        status=ActionStatus.COMPLETION_CLAIMED,
        key_actions="Claimed work",
    )
    client.force_login(lead_a)
    html = client.get(reverse("assurance:my_actions")).content.decode()
    order = [html.index(a.key_actions) for a in (overdue, soon, claimed, later, assured)]
    assert order == sorted(order)
    headings = [
        "Overdue</h2>",
        "Due within 30 days</h2>",
        "Other open actions</h2>",
        "Assured or closed</h2>",
    ]
    assert [html.index(h) for h in headings] == sorted(html.index(h) for h in headings)
    assert "<strong>1</strong> overdue" in html and "<strong>1</strong> due within 30 days" in html
    assert f'href="{overdue.get_absolute_url()}"' in html


def test_both_ratings_show_in_words(client, lead_a, action_a):
    action_a.due_date = day(-1)
    action_a.agency_rag = "green"
    action_a.save()
    client.force_login(lead_a)
    html = " ".join(client.get(reverse("assurance:my_actions")).content.decode().split())
    assert 'Partnership: <strong class="govuk-tag govuk-tag--red">Red</strong>' in html
    assert 'Agency: <strong class="govuk-tag govuk-tag--green">Green</strong>' in html


def test_only_the_leads_own_agencies(client, lead_a, action_a, action_b):
    client.force_login(lead_a)
    html = client.get(reverse("assurance:my_actions")).content.decode()
    assert action_a.key_actions in html and action_b.key_actions not in html


def test_nav_shows_my_actions_to_leads_and_the_queue_to_board_managers(
    client, lead_a, board_manager
):
    client.force_login(lead_a)
    html = client.get(reverse("assurance:my_actions")).content.decode()
    assert ">My actions<" in html.replace("\n", "").replace("  ", "") and "Review queue" not in html
    client.force_login(board_manager)
    html = client.get(reverse("assurance:review_list")).content.decode()
    assert "Review queue" in html and "Access log" in html and "My actions" not in html


@pytest.mark.parametrize("size", [1, 12])
def test_my_actions_query_count_does_not_grow(
    client, django_assert_max_num_queries, lead_a, agency_a, partnership, size
):
    for n in range(size):
        recommendation = RecommendationFactory(review=ReviewFactory(partnership=partnership))
        ActionFactory(agency=agency_a, recommendation=recommendation, due_date=day(n * 7 - 20))
    client.force_login(lead_a)
    # 9 for the lists, 6 for "Needs your attention" (one per kind), and on the first visit of
    # a session 2 to read and record the visit and 1 to keep it in the session.
    with django_assert_max_num_queries(18):
        response = client.get(reverse("assurance:my_actions"))
    assert response.content.decode().count("Partnership: ") == size
    with django_assert_max_num_queries(15):
        response = client.get(reverse("assurance:my_actions"))
