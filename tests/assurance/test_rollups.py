"""Roll-ups on the pages: a recommendation's rating and progress on its page, in the review's
action plan, the Recommendations list (filter, sort, downloads) and the API; each review's
recommendations and actions by rating on the Reviews list and the review page. The list's
database roll-up and the pages' Python roll-up agree; query counts stay flat as rows grow."""

import csv
import datetime
import io
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from recommendations.models import ActionStatus
from recommendations.queries import review_rollup
from tests.recommendations.factories import ActionFactory, RecommendationFactory
from tests.reviews.factories import ReviewFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _days(n):
    return TODAY + datetime.timedelta(days=n)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def plan(review, agency_a, agency_b):
    """Five recommendations, one of each kind of roll-up that matters."""
    red = RecommendationFactory(review=review, number="1", text="Red one")
    for _ in range(3):
        ActionFactory(recommendation=red, agency=agency_a, status=ActionStatus.ASSURED)
    ActionFactory(recommendation=red, agency=agency_b, due_date=_days(-10))
    blue = RecommendationFactory(review=review, number="2", text="Blue one")
    ActionFactory(recommendation=blue, agency=agency_a, status=ActionStatus.ASSURED)
    ActionFactory(  # archived: does not count, though overdue
        recommendation=blue, agency=agency_b, due_date=_days(-10), archived_at=timezone.now()
    )
    partly = RecommendationFactory(review=review, number="3", text="Partly one")
    ActionFactory(recommendation=partly, agency=agency_a, status=ActionStatus.ASSURED)
    ActionFactory(
        recommendation=partly,
        agency=agency_b,
        status=ActionStatus.NOT_IMPLEMENTED,
        not_implemented_reason="Service decommissioned",
    )
    none = RecommendationFactory(review=review, number="4", text="Nothing agreed")
    green = RecommendationFactory(review=review, number="5", text="Green one")
    ActionFactory(recommendation=green, agency=agency_b, due_date=_days(300), agency_rag="green")
    return {"red": red, "blue": blue, "partly": partly, "none": none, "green": green}


def test_recommendation_page_shows_rating_and_progress(client, board_manager, plan):
    client.force_login(board_manager)
    html = client.get(plan["red"].get_absolute_url()).content.decode()
    text = _text(html)
    assert "Where it stands" in text
    assert "Red : an open action is off track or overdue" in text
    assert "3 of 4 actions assured, 1 overdue" in text
    assert "govuk-tag--red" in html


def test_partly_implemented_is_never_blue(client, board_manager, plan):
    client.force_login(board_manager)
    html = client.get(plan["partly"].get_absolute_url()).content.decode()
    text = _text(html)
    assert "Partly implemented : every action is closed: some assured, some not implemented" in (
        text
    )
    assert "1 of 2 actions assured, 1 not implemented" in text
    standing = html[html.index("Where it stands") : html.index("Implementation assurance")]
    assert "govuk-tag--blue" not in standing and "govuk-tag--grey" in standing


def test_no_actions_is_said_in_words_without_a_colour(client, board_manager, plan):
    client.force_login(board_manager)
    html = client.get(plan["none"].get_absolute_url()).content.decode()
    standing = html[html.index("Where it stands") : html.index("Implementation assurance")]
    assert "No actions agreed" in _text(standing)
    assert "govuk-tag" not in standing


def test_archived_action_does_not_count(client, board_manager, plan):
    client.force_login(board_manager)
    text = _text(client.get(plan["blue"].get_absolute_url()).content.decode())
    assert "Blue : every action is complete and assured" in text
    assert "1 of 1 action assured" in text


def test_agency_lead_sees_the_roll_up_of_their_agencies_actions(client, lead_a, plan):
    client.force_login(lead_a)
    text = _text(client.get(plan["red"].get_absolute_url()).content.decode())
    assert "Blue : every action is complete and assured" in text
    assert "3 of 3 actions assured" in text
    assert "Rolled up from your agencies' actions" in text


def test_action_plan_shows_each_recommendations_roll_up(client, board_manager, review, plan):
    client.force_login(board_manager)
    text = _text(client.get(review.get_absolute_url()).content.decode())
    for rec, words in [
        ("red", "Rating: Red 3 of 4 actions assured, 1 overdue"),
        ("blue", "Rating: Blue 1 of 1 action assured"),
        ("partly", "Rating: Partly implemented 1 of 2 actions assured, 1 not implemented"),
        ("none", "Rating: No actions No actions agreed"),
        ("green", "Rating: Green 0 of 1 action assured"),
    ]:
        section = text[text.index(f"Recommendation {plan[rec].number} Overview") :]
        assert section.split(" Recommendation ")[0].count(words) == 1, rec


def test_review_page_shows_recommendations_and_actions_by_rating(
    client, board_manager, review, plan
):
    client.force_login(board_manager)
    html = client.get(review.get_absolute_url()).content.decode()
    start = html.index("Recommendations and actions by rating")
    table = html[start : html.index('id="action-plan"', start)]
    rows = {
        _text(row).split(" ")[0]: _text(row)
        for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table)
    }
    assert rows["Red"].endswith("1 Red recommendations 1 Red actions")
    assert rows["Blue"].endswith("1 Blue recommendations 5 Blue actions")
    assert rows["Partly"].endswith(
        "1 Partly implemented recommendations – None: only a recommendation has this rating"
    )
    assert rows["No"].endswith(
        "1 No actions recommendations – None: only a recommendation has this rating"
    )
    assert rows["Not"].endswith("0 1 Not implemented actions")
    assert rows["Total"] == "Total 5 8"
    assert (
        reverse(
            "assurance:recommendation_list", query={"review": review.pk, "rating": "red"}
        ).replace("&", "&amp;")
        in table
    )


def test_reviews_list_roll_up_agrees_with_the_review_page(client, board_manager, review, plan, rf):
    """The Reviews list counts in the database, the review page in Python: the same."""
    client.force_login(board_manager)
    listed = client.get(reverse("assurance:review_list"))
    row = next(r for r in listed.context["page_obj"] if r.pk == review.pk)
    page = client.get(review.get_absolute_url())
    assert review_rollup(row) == page.context["rollup"]
    text = _text(listed.content.decode())
    assert "5 1 Red, 1 Green, 1 Blue, 1 Partly implemented, 1 with no actions" in text
    assert "9 1 Red, 1 Green, 5 Blue, 1 Not implemented" in text  # 9: one archived


def test_recommendation_list_filters_by_rating(client, board_manager, plan):
    client.force_login(board_manager)
    url = reverse("assurance:recommendation_list")
    for rating, expected in [
        ("red", {"red"}),
        ("blue", {"blue"}),
        ("partly", {"partly"}),
        ("none", {"none"}),
        ("closed", set()),
    ]:
        listed = client.get(url, {"rating": rating}).context["page_obj"]
        assert {r.pk for r in listed} == {plan[k].pk for k in expected}, rating
    overdue = client.get(url, {"overdue_actions": "on"}).context["page_obj"]
    assert [r.pk for r in overdue] == [plan["red"].pk]


def test_recommendation_list_sorts_by_rating_worst_first(client, board_manager, plan):
    client.force_login(board_manager)
    url = reverse("assurance:recommendation_list")
    order = [r.pk for r in client.get(url, {"sort": "rating"}).context["page_obj"]]
    names = ["red", "green", "blue", "partly", "none"]
    assert order == [plan[n].pk for n in names]
    backwards = [r.pk for r in client.get(url, {"sort": "-rating"}).context["page_obj"]]
    assert backwards == order[::-1]


def test_recommendation_list_shows_rating_and_progress(client, board_manager, plan):
    client.force_login(board_manager)
    html = client.get(reverse("assurance:recommendation_list")).content.decode()
    text = _text(html)
    assert "Red 3 of 4 actions assured, 1 overdue" in text
    assert "Partly implemented 1 of 2 actions assured, 1 not implemented" in text
    assert "No actions No actions agreed" in text


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _csv(response):
    return list(csv.DictReader(io.StringIO(_body(response).decode("utf-8-sig"))))


def test_recommendation_exports_carry_the_roll_up(client, board_manager, plan):
    client.force_login(board_manager)
    rows = {
        r["Number"]: r for r in _csv(client.get(reverse("assurance:recommendation_export_csv")))
    }
    assert (rows["1"]["Rating"], rows["1"]["Progress"]) == (
        "Red",
        "3 of 4 actions assured, 1 overdue",
    )
    assert rows["3"]["Rating"] == "Partly implemented"
    assert (rows["3"]["Assured actions"], rows["3"]["Not implemented actions"]) == ("1", "1")
    assert (rows["4"]["Rating"], rows["4"]["Progress"]) == ("No actions", "No actions agreed")
    assert rows["2"]["Actions"] == "1"  # the archived action left out
    filtered = _csv(client.get(reverse("assurance:recommendation_export_csv"), {"rating": "blue"}))
    assert [r["Number"] for r in filtered] == ["2"]

    response = client.get(reverse("assurance:recommendation_export_xlsx"))
    sheet = load_workbook(io.BytesIO(_body(response))).active
    head = [cell.value for cell in sheet[1]]
    values = {
        row[head.index("Number")]: row for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert values["3"][head.index("Rating")] == "Partly implemented"


def test_api_recommendation_and_review_carry_the_roll_up(client, board_manager, review, plan):
    from tests.api.conftest import make_token

    raw = make_token(board_manager)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    rec = client.get(reverse("api:recommendation", args=[plan["partly"].pk]), **auth).json()
    assert (rec["rating"], rec["rating_label"], rec["progress"]) == (
        "partly",
        "Partly implemented",
        "1 of 2 actions assured, 1 not implemented",
    )
    assert (rec["assured_count"], rec["not_implemented_count"]) == (1, 1)
    listed = client.get(reverse("api:recommendations"), {"rating": "none"}, **auth).json()
    assert [r["id"] for r in listed["results"]] == [plan["none"].pk]
    data = client.get(reverse("api:review", args=[review.pk]), **auth).json()
    assert data["recommendations_by_rating"] == {
        "red": 1,
        "amber": 0,
        "green": 1,
        "blue": 1,
        "partly": 1,
        "closed": 0,
        "none": 1,
    }
    assert data["actions_by_rating"] == {
        "red": 1,
        "amber": 0,
        "green": 1,
        "blue": 5,
        "closed": 1,
    }


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def _grow(review, agency_a, agency_b, n):
    for _ in range(n):
        rec = RecommendationFactory(review=review)
        ActionFactory(recommendation=rec, agency=agency_a, due_date=_days(-3))
        ActionFactory(recommendation=rec, agency=agency_b, status=ActionStatus.ASSURED)
        other = ReviewFactory(partnership=review.partnership)
        ActionFactory(
            recommendation=RecommendationFactory(review=other),
            agency=agency_a,
            status=ActionStatus.NOT_IMPLEMENTED,
            not_implemented_reason="Superseded",
        )


@pytest.mark.parametrize("role", ["board_manager", "lead_a"])
def test_roll_up_pages_run_the_same_queries_however_many_rows(
    client, request, review, agency_a, agency_b, role
):
    client.force_login(request.getfixturevalue(role))
    pages = [
        (reverse("assurance:review_list"), {}),
        (reverse("assurance:recommendation_list"), {}),
        (reverse("assurance:recommendation_list"), {"sort": "rating", "rating": "red"}),
        (reverse("assurance:recommendation_export_csv"), {}),
        (review.get_absolute_url(), {}),
    ]
    _grow(review, agency_a, agency_b, 1)
    # Warm up: the first request of a session may note the login.
    client.get(reverse("assurance:review_list"))
    few = [_queries(client, url, params) for url, params in pages]
    _grow(review, agency_a, agency_b, 12)
    many = [_queries(client, url, params) for url, params in pages]
    assert many == few
