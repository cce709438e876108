import datetime

import pytest
from django.urls import reverse

from recommendations.models import (
    Action,
    ActionStatus,
    DueDateRevision,
    Recommendation,
    RevisionState,
)
from tests.once import form_token, sent_once
from tests.recommendations.factories import ActionFactory, RecommendationFactory
from tests.reviews.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def action_data(agency, **overrides):
    data = {
        "agency": agency.pk,
        "key_actions": "Refresh the chronology guidance",
        "lead_officer": "Strategic Head of Service, Safeguarding Unit",
        "timescale": "By September 2015",
        "evidence_expected": "Revised guidance",
        "outcome_measure": "Audit shows accurate chronologies",
        "status": "not_started",
    }
    data.update(overrides)
    return data


def test_board_manager_records_recommendations_as_numbered(client, board_manager, review):
    theme = ThemeFactory(name="Voice of the child")
    client.force_login(board_manager)
    for number in ("iv", "2a"):
        client.post(
            reverse("recommendations:create", args=[review.pk]),
            {
                "number": number,
                "text": f"Recommendation {number}",
                "source": "overview",
                "scope": "multi",
                "themes": [theme.pk],
            },
        )
    assert list(review.recommendations.values_list("number", flat=True)) == ["iv", "2a"]
    assert review.recommendations.first().history.earliest().history_user == board_manager


def test_duplicate_number_is_refused_with_a_clear_message(client, board_manager, recommendation):
    client.force_login(board_manager)
    response = client.post(
        reverse("recommendations:create", args=[recommendation.review.pk]),
        {"number": "1", "text": "Again", "source": "overview", "scope": "multi"},
    )
    assert (
        "Recommendation 1 already exists for this source in this review."
        in response.content.decode()
    )
    assert Recommendation.objects.count() == 1


def test_imr_recommendation_without_agency_is_refused(client, board_manager, review):
    client.force_login(board_manager)
    response = client.post(
        reverse("recommendations:create", args=[review.pk]),
        {"number": "1", "text": "IMR rec", "source": "imr", "scope": "multi"},
    )
    assert "Choose the agency whose IMR made this recommendation." in response.content.decode()


def test_add_action_derives_due_date_and_keeps_the_original_timescale(
    client, board_manager, recommendation, agency_a
):
    client.force_login(board_manager)
    client.post(
        reverse("recommendations:action_create", args=[recommendation.pk]), action_data(agency_a)
    )
    action = Action.objects.get()
    assert action.timescale == "By September 2015"
    assert action.due_date == datetime.date(2015, 9, 30)
    original = DueDateRevision.objects.get(action=action)
    assert (original.state, original.due_date) == (
        RevisionState.ORIGINAL,
        datetime.date(2015, 9, 30),
    )


def test_typed_due_date_wins_over_the_timescale(client, board_manager, recommendation, agency_a):
    client.force_login(board_manager)
    data = action_data(agency_a, due_date_0="1", due_date_1="10", due_date_2="2015")
    client.post(reverse("recommendations:action_create", args=[recommendation.pk]), data)
    assert Action.objects.get().due_date == datetime.date(2015, 10, 1)


def test_unreadable_timescale_is_kept_with_a_message(
    client, board_manager, recommendation, agency_a
):
    client.force_login(board_manager)
    response = client.post(
        reverse("recommendations:action_create", args=[recommendation.pk]),
        action_data(agency_a, timescale="On advice from legal services"),
        follow=True,
    )
    action = Action.objects.get()
    assert action.timescale == "On advice from legal services" and action.due_date is None
    assert "Could not read a date from" in response.content.decode()


def test_already_actioned_marks_the_action_reported_complete(
    client, board_manager, recommendation, agency_a
):
    client.force_login(board_manager)
    client.post(
        reverse("recommendations:action_create", args=[recommendation.pk]),
        action_data(agency_a, timescale="Already actioned see 8.5.2"),
    )
    action = Action.objects.get()
    assert action.status == ActionStatus.COMPLETION_CLAIMED
    assert action.due_date is None


def test_the_edit_form_cannot_close_an_action(client, board_manager, action_a):
    """Closing goes through "Close as not implemented", which asks for the reason."""
    client.force_login(board_manager)
    response = client.post(
        reverse("recommendations:action_edit", args=[action_a.pk]),
        action_data(action_a.agency, status="not_implemented", not_implemented_reason="x"),
    )
    assert response.status_code == 200
    action_a.refresh_from_db()
    assert action_a.status == "not_started" and action_a.not_implemented_reason == ""


def test_editing_an_action_creates_a_history_row_naming_user_and_fields(
    client, board_manager, action_a
):
    client.force_login(board_manager)
    data = action_data(
        action_a.agency,
        lead_officer="Head of Health Visiting",
        timescale=action_a.timescale,
        due_date_0="31",
        due_date_1="12",
        due_date_2="2030",
        change_reason="New lead agreed",
    )
    data["loaded_version"] = action_a.version
    client.post(reverse("recommendations:action_edit", args=[action_a.pk]), data)
    latest = action_a.history.latest()
    assert latest.history_user == board_manager
    assert latest.history_change_reason == "New lead agreed"
    delta = latest.diff_against(latest.prev_record)
    assert "lead_officer" in delta.changed_fields
    html = client.get(
        reverse("recommendations:action_history", args=[action_a.pk])
    ).content.decode()
    assert (
        "Lead officer" in html and "Head of Service" in html and "Head of Health Visiting" in html
    )


def test_changing_the_due_date_keeps_every_timescale(
    client, board_manager, recommendation, agency_a
):
    client.force_login(board_manager)
    client.post(
        reverse("recommendations:action_create", args=[recommendation.pk]), action_data(agency_a)
    )
    action = Action.objects.get()
    client.post(
        reverse("recommendations:action_edit", args=[action.pk]),
        action_data(
            agency_a,
            timescale="April 2016",
            change_reason="Agreed at board",
            loaded_version=action.version,
        ),
    )
    revisions = list(DueDateRevision.objects.filter(action=action).order_by("id"))
    assert [(r.timescale, r.state) for r in revisions] == [
        ("By September 2015", RevisionState.ORIGINAL),
        ("April 2016", RevisionState.APPROVED),
    ]
    html = client.get(reverse("assurance:action_detail", args=[action.pk])).content.decode()
    assert "By September 2015" in html and "April 2016" in html and "Agreed at board" in html


def test_action_page_shows_both_ratings_in_words(client, board_manager, action_a):
    action_a.due_date = datetime.date(2016, 1, 31)
    action_a.agency_rag = "green"
    action_a.save()
    client.force_login(board_manager)
    html = client.get(reverse("assurance:action_detail", args=[action_a.pk])).content.decode()
    assert "Red: it was due on 31 January 2016 and is not complete." in html
    assert "Agency&#x27;s own rating" in html or "Agency's own rating" in html
    assert ">Green<" in html.replace("\n", "").replace("  ", "")


def test_agency_lead_cannot_see_other_agency_action(client, lead_b, action_a):
    client.force_login(lead_b)
    assert client.get(reverse("assurance:action_detail", args=[action_a.pk])).status_code == 404


def test_agency_lead_may_see_but_not_change_own_action(client, lead_a, action_a):
    client.force_login(lead_a)
    assert client.get(reverse("assurance:action_detail", args=[action_a.pk])).status_code == 200
    response = client.post(
        reverse("recommendations:action_edit", args=[action_a.pk]), action_data(action_a.agency)
    )
    assert response.status_code == 403


def test_archived_action_stays_visible_to_board_manager_only(
    client, board_manager, lead_a, action_a
):
    client.force_login(board_manager)
    client.post(
        reverse("recommendations:action_archive", args=[action_a.pk]),
        {"action": "archive", "reason": "Duplicate row"},
    )
    assert client.get(reverse("assurance:action_detail", args=[action_a.pk])).status_code == 200
    client.force_login(lead_a)
    assert client.get(reverse("assurance:action_detail", args=[action_a.pk])).status_code == 404


def test_recommendation_page_shows_repeat_chain(client, board_manager, review, partnership):
    earlier = RecommendationFactory(
        number="2", review__partnership=partnership, review__title="Child Q"
    )
    later = RecommendationFactory(review=review, number="iv", repeats=earlier)
    client.force_login(board_manager)
    html = client.get(reverse("assurance:recommendation_detail", args=[later.pk])).content.decode()
    assert "Child Q recommendation 2" in html
    html = client.get(
        reverse("assurance:recommendation_detail", args=[earlier.pk])
    ).content.decode()
    assert "Baby F recommendation iv" in html


@pytest.mark.parametrize("size", [1, 10])
def test_recommendation_detail_query_count_does_not_grow(
    client, django_assert_max_num_queries, board_manager, recommendation, agency_a, size
):
    for _ in range(size):
        ActionFactory(recommendation=recommendation, agency=agency_a)
        RecommendationFactory(review=recommendation.review, repeats=recommendation)
    client.force_login(board_manager)
    with django_assert_max_num_queries(10):
        assert (
            client.get(
                reverse("assurance:recommendation_detail", args=[recommendation.pk])
            ).status_code
            == 200
        )


@pytest.mark.parametrize("size", [1, 10])
def test_action_detail_and_history_query_counts_do_not_grow(
    client, django_assert_max_num_queries, board_manager, action_a, size
):
    client.force_login(board_manager)
    for n in range(size):
        client.post(
            reverse("recommendations:action_edit", args=[action_a.pk]),
            action_data(action_a.agency, timescale=f"March {2031 + n}"),
        )
    with django_assert_max_num_queries(10):
        assert client.get(reverse("assurance:action_detail", args=[action_a.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert (
            client.get(reverse("recommendations:action_history", args=[action_a.pk])).status_code
            == 200
        )


def test_assurance_statement_written_and_revised_with_history(
    client, board_manager, recommendation
):
    client.force_login(board_manager)
    url = reverse("assurance:statement_edit", args=[recommendation.pk])
    client.post(
        url, sent_once(client, {"narrative": "GP surgeries now meet.", "level": "Reasonable"})
    )
    client.post(
        url,
        {
            "narrative": "GP surgeries now meet monthly.",
            "level": "Substantial",
            "change_reason": "Audit",
            "loaded_version": recommendation.assurance_statement.version,
            "form_token": form_token(client),
        },
    )
    statement = recommendation.assurance_statement.__class__.objects.get(
        recommendation=recommendation
    )
    assert statement.level == "Substantial"
    assert statement.history.count() == 2
    html = client.get(
        reverse("assurance:statement_history", args=[recommendation.pk])
    ).content.decode()
    assert "Reasonable" in html and "Substantial" in html


def test_assurance_level_must_be_one_of_the_partnerships_levels(
    client, board_manager, recommendation
):
    client.force_login(board_manager)
    response = client.post(
        reverse("assurance:statement_edit", args=[recommendation.pk]),
        {"narrative": "x", "level": "Total"},
    )
    assert "Select a valid choice" in response.content.decode()
