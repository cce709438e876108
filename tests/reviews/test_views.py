import pytest
from django.urls import reverse
from django.utils.html import escape

from recommendations.models import ActionStatus
from reviews.models import Review
from tests.recommendations.factories import ActionFactory, RecommendationFactory
from tests.reviews.factories import ReviewFactory, ThemeFactory

pytestmark = pytest.mark.django_db

VALID = {
    "reference": "SCR-2016-01",
    "title": "Baby F",
    "kind": "scr",
    "status": "agreed",
    "is_exempt": "on",
    "recommendations_agreed_date_0": "24",
    "recommendations_agreed_date_1": "5",
    "recommendations_agreed_date_2": "2016",
}


def test_board_manager_creates_a_review(client, board_manager):
    theme = ThemeFactory(name="Voice of the child")
    client.force_login(board_manager)
    response = client.post(reverse("reviews:create"), {**VALID, "themes": [theme.pk]}, follow=True)
    review = Review.objects.get(reference="SCR-2016-01")
    assert review.partnership == board_manager.partnership
    assert str(review.recommendations_agreed_date) == "2016-05-24"
    assert list(review.themes.all()) == [theme]
    assert "Review SCR-2016-01 (Baby F) has been created." in response.content.decode()
    record = review.history.earliest()
    assert record.history_user == board_manager
    assert record.history_change_reason == "Review created"


def test_create_review_shows_errors_in_summary_and_inline(client, board_manager):
    client.force_login(board_manager)
    response = client.post(
        reverse("reviews:create"), {**VALID, "title": "", "recommendations_agreed_date_1": "13"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert 'href="#id_title"' in html
    assert "must be a real date" in html
    assert "<title>Error:" in html
    assert not Review.objects.exists()


def test_reference_must_be_unique_in_the_partnership(client, board_manager, review):
    client.force_login(board_manager)
    response = client.post(
        reverse("reviews:create"), {**VALID, "reference": review.reference.lower()}
    )
    assert f"already uses the reference {review.reference.lower()}" in response.content.decode()


def test_another_partnership_may_reuse_a_reference(client, outsider, review):
    client.force_login(outsider)
    client.post(reverse("reviews:create"), {**VALID, "reference": review.reference})
    assert Review.objects.filter(reference=review.reference).count() == 2


def test_edit_review_records_the_change_and_reason(client, board_manager, review):
    client.force_login(board_manager)
    data = {
        **VALID,
        "reference": review.reference,
        "title": "Child F",
        "change_reason": "Report renamed the child",
    }
    client.post(reverse("reviews:edit", args=[review.pk]), data)
    review.refresh_from_db()
    assert review.title == "Child F"
    latest = review.history.latest()
    assert latest.history_user == board_manager
    assert latest.history_change_reason == "Report renamed the child"


def test_review_page_shows_the_whole_action_plan(client, board_manager, plan, action_a, action_b):
    client.force_login(board_manager)
    html = client.get(reverse("assurance:review_detail", args=[plan.pk])).content.decode()
    for column in (
        "Key actions",
        "Lead officer",
        "Timescale",
        "Due date",
        "Evidence expected",
        "Outcome measure",
        "Status",
    ):
        assert column in html
    assert action_a.key_actions in html and action_b.key_actions in html
    assert "31 Dec 2030" in html  # due date derived from "December 2030"


def test_review_page_groups_by_agency(client, board_manager, plan, agency_a, agency_b):
    client.force_login(board_manager)
    html = client.get(
        reverse("assurance:review_detail", args=[plan.pk]), {"group": "agency"}
    ).content.decode()
    assert html.index(escape(agency_b.name)) < html.index(
        escape(agency_a.name)
    )  # alphabetical: Children's before Health
    assert "Recommendation 1" in html


def test_agency_lead_sees_only_their_agencys_actions(client, lead_a, plan, action_a, action_b):
    client.force_login(lead_a)
    html = client.get(reverse("assurance:review_detail", args=[plan.pk])).content.decode()
    assert action_a.key_actions in html
    assert action_b.key_actions not in html


def test_agency_lead_does_not_see_reviews_without_their_actions(client, lead_a, partnership, plan):
    other = ReviewFactory(partnership=partnership, title="Child Z")
    client.force_login(lead_a)
    html = client.get(reverse("assurance:review_list")).content.decode()
    assert "Baby F" in html and "Child Z" not in html
    assert client.get(reverse("assurance:review_detail", args=[other.pk])).status_code == 404


def test_review_list_never_shows_another_partnership(client, outsider, plan):
    client.force_login(outsider)
    assert "Baby F" not in client.get(reverse("assurance:review_list")).content.decode()


def test_review_list_counts_overdue_actions(client, board_manager, plan, recommendation, agency_a):
    ActionFactory(
        recommendation=recommendation, agency=agency_a, timescale="", due_date="2016-01-31"
    )
    ActionFactory(
        recommendation=recommendation,
        agency=agency_a,
        due_date="2016-01-31",
        status=ActionStatus.ASSURED,
    )
    client.force_login(board_manager)
    response = client.get(reverse("assurance:review_list"))
    row = response.context["page_obj"][0]
    assert (row.recommendation_count, row.action_count, row.overdue_count) == (1, 4, 1)


def test_archive_hides_review_from_all_but_board_managers(client, board_manager, scrutineer, plan):
    client.force_login(board_manager)
    client.post(
        reverse("reviews:archive", args=[plan.pk]), {"action": "archive", "reason": "Entered twice"}
    )
    plan.refresh_from_db()
    assert plan.is_archived
    assert plan.history.latest().history_change_reason == "Entered twice"
    assert client.get(reverse("assurance:review_detail", args=[plan.pk])).status_code == 200
    client.force_login(scrutineer)
    assert client.get(reverse("assurance:review_detail", args=[plan.pk])).status_code == 404


def test_restore_brings_an_archived_review_back(client, board_manager, plan):
    client.force_login(board_manager)
    url = reverse("reviews:archive", args=[plan.pk])
    client.post(url, {"action": "archive", "reason": "Mistake"})
    client.post(url, {"action": "restore", "reason": "Not a duplicate after all"})
    plan.refresh_from_db()
    assert not plan.is_archived


def test_review_history_names_who_changed_what(client, board_manager, review):
    client.force_login(board_manager)
    data = {**VALID, "reference": review.reference, "title": "Child F", "status": "published"}
    client.post(reverse("reviews:edit", args=[review.pk]), data)
    html = client.get(reverse("reviews:history", args=[review.pk])).content.decode()
    assert f"Changed by {board_manager}" in html
    assert "Baby F" in html and "Child F" in html
    assert "Published" in html  # choice label, not the code


def test_review_history_shows_theme_changes_by_name(client, board_manager, review):
    theme = ThemeFactory(name="Neglect")
    client.force_login(board_manager)
    data = {**VALID, "reference": review.reference, "title": review.title, "themes": [theme.pk]}
    client.post(reverse("reviews:edit", args=[review.pk]), data)
    html = client.get(reverse("reviews:history", args=[review.pk])).content.decode()
    assert "Themes" in html and "Neglect" in html


@pytest.mark.parametrize("size", [1, 12])
def test_review_detail_query_count_does_not_grow(
    client, django_assert_max_num_queries, board_manager, review, agency_a, agency_b, size
):
    for n in range(size):
        recommendation = RecommendationFactory(review=review, number=str(n + 1))
        recommendation.themes.add(ThemeFactory(name=f"Theme {n}"))
        ActionFactory(recommendation=recommendation, agency=agency_a)
        ActionFactory(recommendation=recommendation, agency=agency_b)
    client.force_login(board_manager)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("assurance:review_detail", args=[review.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert (
            client.get(
                reverse("assurance:review_detail", args=[review.pk]), {"group": "agency"}
            ).status_code
            == 200
        )


@pytest.mark.parametrize("size", [1, 30])
def test_review_list_query_count_does_not_grow(
    client, django_assert_max_num_queries, lead_a, partnership, agency_a, size
):
    for _ in range(size):
        ActionFactory(
            recommendation=RecommendationFactory(review=ReviewFactory(partnership=partnership)),
            agency=agency_a,
        )
    client.force_login(lead_a)
    # 8, 2 for the lifecycle column (the partnership's stage rules and the stage records) and 2
    # for the roll-ups (rating thresholds; the page's recommendations with their roll-ups).
    with django_assert_max_num_queries(12):
        response = client.get(reverse("assurance:review_list"))
    assert response.context["page_obj"].paginator.count == size


@pytest.mark.parametrize("size", [1, 15])
def test_review_history_query_count_does_not_grow(
    client, django_assert_max_num_queries, board_manager, review, size
):
    client.force_login(board_manager)
    for n in range(size):
        theme = ThemeFactory(name=f"T{n}")
        data = {**VALID, "reference": review.reference, "title": f"Child {n}", "themes": [theme.pk]}
        client.post(reverse("reviews:edit", args=[review.pk]), data)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("reviews:history", args=[review.pk])).status_code == 200


def test_history_shows_archiving_and_restoring(client, board_manager, plan):
    client.force_login(board_manager)
    url = reverse("reviews:archive", args=[plan.pk])
    client.post(url, {"action": "archive", "reason": "Entered twice"})
    client.post(url, {"action": "restore", "reason": "Not a duplicate"})
    html = client.get(reverse("reviews:history", args=[plan.pk])).content.decode()
    assert "Archived at" in html
    assert "Entered twice" in html and "Not a duplicate" in html
