import datetime

import pytest
from django.urls import reverse

from assurance.themes import recurring_themes, repeat_chains
from reviews.models import Theme
from tests.recommendations.factories import ActionFactory, RecommendationFactory
from tests.reviews.factories import ReviewFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def themed(partnership, agency_a, agency_b, outsider):
    sharing, voice = (
        ThemeFactory(name="Information sharing"),
        ThemeFactory(name="Voice of the child"),
    )
    old = ReviewFactory(
        partnership=partnership,
        title="Child Q",
        recommendations_agreed_date=datetime.date(2019, 5, 1),
    )
    new = ReviewFactory(
        partnership=partnership,
        title="Child B1",
        recommendations_agreed_date=datetime.date(2024, 2, 1),
    )
    old.themes.set([sharing])
    new.themes.set([sharing, voice])
    q2 = RecommendationFactory(review=old, number="2")
    q2.themes.set([sharing])
    b1 = RecommendationFactory(review=new, number="iv", repeats=q2)
    b1.themes.set([sharing, voice])
    b2 = RecommendationFactory(review=new, number="v")
    b2.themes.set([voice])
    ActionFactory(recommendation=q2, agency=agency_a)
    ActionFactory(recommendation=b1, agency=agency_a)
    ActionFactory(recommendation=b2, agency=agency_b)
    elsewhere = ReviewFactory(
        partnership=outsider.partnership, recommendations_agreed_date=datetime.date(2024, 1, 1)
    )
    elsewhere.themes.set([sharing])
    RecommendationFactory(review=elsewhere).themes.set([sharing])
    return {"sharing": sharing, "voice": voice, "q2": q2, "b1": b1, "b2": b2}


def _row(recurrence, name):
    return next(r for r in recurrence.rows if r.theme.name == name)


def test_theme_counts_reviews_and_recommendations_by_year(board_manager, themed):
    recurrence = recurring_themes(board_manager)
    sharing = _row(recurrence, "Information sharing")
    assert (sharing.reviews, sharing.recommendations) == (2, 2)
    assert sharing.by_year == {2019: 1, 2024: 1}
    voice = _row(recurrence, "Voice of the child")
    assert (voice.reviews, voice.recommendations, voice.by_year) == (1, 2, {2024: 2})
    assert recurrence.years == [2019, 2024]


def test_theme_counts_respect_the_users_scope(lead_b, themed):
    recurrence = recurring_themes(lead_b)
    assert _row(recurrence, "Voice of the child").recommendations == 1
    assert _row(recurrence, "Information sharing").recommendations == 0


def test_repeat_chains_read_latest_first(board_manager, themed):
    chains = repeat_chains(board_manager)
    assert [[(r.review.title, r.number) for r in chain] for chain in chains] == [
        [("Child B1", "iv"), ("Child Q", "2")]
    ]


def test_repeat_chains_follow_several_links(board_manager, themed, partnership):
    later = RecommendationFactory(
        review=ReviewFactory(
            partnership=partnership,
            title="Child Z",
            recommendations_agreed_date=datetime.date(2025, 1, 1),
        ),
        number="1",
        repeats=themed["b1"],
    )
    chains = repeat_chains(board_manager)
    assert [[r.pk for r in chain] for chain in chains] == [
        [later.pk, themed["b1"].pk, themed["q2"].pk]
    ]


def test_recurring_page_shows_chain_sentence_and_links(client, board_manager, themed):
    client.force_login(board_manager)
    html = " ".join(client.get(reverse("assurance:recurring_themes")).content.decode().split())
    assert "Child B1 rec iv</a> repeats <a" in html and "Child Q rec 2" in html
    assert f"?theme={themed['sharing'].pk}" in html
    assert 'role="img"' in html


@pytest.mark.parametrize("size", [1, 12])
def test_recurring_page_query_count_does_not_grow(
    client, django_assert_max_num_queries, board_manager, partnership, size
):
    theme = ThemeFactory(name="Neglect")
    previous = None
    for n in range(size):
        review = ReviewFactory(
            partnership=partnership, recommendations_agreed_date=datetime.date(2015 + n % 10, 1, 1)
        )
        review.themes.set([theme])
        previous = RecommendationFactory(review=review, repeats=previous)
        previous.themes.set([theme])
    client.force_login(board_manager)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("assurance:recurring_themes")).status_code == 200


def test_board_manager_adds_and_edits_a_theme_with_history(client, board_manager):
    client.force_login(board_manager)
    client.post(
        reverse("reviews:theme_create"),
        {"name": "Transitions", "source": "Adult SAR", "is_active": "on"},
    )
    theme = Theme.objects.get(name="Transitions")
    client.post(
        reverse("reviews:theme_edit", args=[theme.pk]),
        {
            "name": "Transitions to adulthood",
            "source": "Adult SAR",
            "change_reason": "Clearer name",
        },
    )
    theme.refresh_from_db()
    assert theme.name == "Transitions to adulthood" and not theme.is_active
    history = list(theme.history.order_by("history_date"))
    assert [h.name for h in history] == ["Transitions", "Transitions to adulthood"]
    assert (
        history[-1].history_user == board_manager
        and history[-1].history_change_reason == "Clearer name"
    )
    html = client.get(reverse("reviews:theme_history", args=[theme.pk])).content.decode()
    assert "Clearer name" in html


def test_agency_lead_cannot_edit_themes(client, lead_a):
    theme = ThemeFactory(name="Supervision")
    client.force_login(lead_a)
    assert (
        client.post(reverse("reviews:theme_edit", args=[theme.pk]), {"name": "X"}).status_code
        == 403
    )
    theme.refresh_from_db()
    assert theme.name == "Supervision"
