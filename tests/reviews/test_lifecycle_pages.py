"""The timeline on the review page and its forms: recording a stage, a decision, a late stage,
an extension; errors named in the error summary; bounded queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.models import ReviewKind, ReviewStage, StageExtension
from tests.once import sent_once
from tests.reviews.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def _date(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def rapid(partnership):
    return ReviewFactory(partnership=partnership, kind=ReviewKind.RAPID, title="Child R")


def test_board_manager_records_a_notification_and_a_decision(client, board_manager, rapid):
    today = timezone.localdate()
    client.force_login(board_manager)
    url = reverse("reviews:stage_record", args=[rapid.pk, "incident"])
    assert "Date done" in client.get(url).content.decode()
    response = client.post(
        url, sent_once(client, _date("completed_on", today - datetime.timedelta(days=3)))
    )
    assert response.status_code == 302
    page = client.get(reverse("assurance:review_detail", args=[rapid.pk])).content.decode()
    assert "Timeline" in page
    assert "Current stage" in page
    assert reverse("reviews:stage_extend", args=[rapid.pk, "notification"]) in page
    # A decision without a reason is named in the error summary.
    url = reverse("reviews:stage_record", args=[rapid.pk, "decision"])
    response = client.post(
        url, sent_once(client, {**_date("completed_on", today), "decision": "review"})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Enter the reason for the decision." in html
    assert 'href="#id_decision_reason"' in html
    response = client.post(
        url,
        sent_once(
            client,
            {
                **_date("completed_on", today),
                "decision": "review",
                "decision_reason": "New learning",
            },
        ),
    )
    assert response.status_code == 302
    rapid.refresh_from_db()
    assert rapid.kind == ReviewKind.LCSPR


def test_a_future_date_is_refused_in_the_error_summary(client, board_manager, rapid):
    client.force_login(board_manager)
    url = reverse("reviews:stage_record", args=[rapid.pk, "incident"])
    future = timezone.localdate() + datetime.timedelta(days=5)
    html = client.post(url, sent_once(client, _date("completed_on", future))).content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_completed_on' in html
    assert "date in the future" in html
    assert not ReviewStage.objects.filter(review=rapid, state="done").exists()


def test_an_extension_is_recorded_once(client, board_manager, rapid):
    today = timezone.localdate()
    services.stage_record(
        review=rapid, key="incident", completed_on=today, actor=board_manager, today=today
    )
    stage = ReviewStage.objects.get(review=rapid, key="notification")
    client.force_login(board_manager)
    url = reverse("reviews:stage_extend", args=[rapid.pk, "notification"])
    data = sent_once(
        client,
        {
            **_date("due_date", stage.current_due + datetime.timedelta(days=7)),
            "agreed_by": "Independent scrutineer",
            "reason": "The police asked for a week",
        },
    )
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert StageExtension.objects.filter(stage=stage).count() == 1
    page = client.get(reverse("assurance:review_detail", args=[rapid.pk])).content.decode()
    assert "agreed by Independent scrutineer" in page


def test_agency_leads_read_the_timeline_without_the_links(client, plan, lead_a, review):
    client.force_login(lead_a)
    page = client.get(reverse("assurance:review_detail", args=[review.pk])).content.decode()
    assert "Timeline" in page
    assert reverse("reviews:stage_record", args=[review.pk, "incident"]) not in page


def test_the_stages_page_names_each_source(client, board_manager):
    client.force_login(board_manager)
    html = client.get(reverse("reviews:stages")).content.decode()
    assert "Working Together to Safeguard Children 2023" in html
    assert "Care and support statutory guidance" in html
    assert "Within 5 working days of: Serious incident known to the local authority" in html


def _page_queries(client, review) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("assurance:review_detail", args=[review.pk])).status_code == 200
    return len(queries)


def test_the_review_page_query_count_does_not_grow_with_stages(client, board_manager, partnership):
    """The timeline costs the same queries for a review at its first stage as for one six
    stages on with an extension."""
    day = datetime.date(2026, 1, 5)
    keys = ["incident", "notification", "rapid_review", "decision", "commissioned", "draft"]
    counts = []
    client.force_login(board_manager)
    for stages in (1, 6):
        review = ReviewFactory(partnership=partnership, kind=ReviewKind.RAPID)
        for key in keys[:stages]:
            services.stage_record(
                review=review,
                key=key,
                completed_on=day,
                actor=board_manager,
                today=day,
                decision="review",
                decision_reason="Learning",
            )
        if stages > 1:
            services.stage_extend(
                stage=ReviewStage.objects.get(review=review, key="published"),
                due_date=datetime.date(2027, 1, 1),
                agreed_by="Chair",
                reason="Criminal trial",
                actor=board_manager,
            )
        counts.append(_page_queries(client, review))
    assert counts[0] == counts[1]


def test_the_reviews_list_shows_stages_and_filters_by_deadline(client, board_manager, partnership):
    today = timezone.localdate()
    soon = ReviewFactory(partnership=partnership, kind=ReviewKind.RAPID, title="Child Soon")
    late = ReviewFactory(partnership=partnership, kind=ReviewKind.RAPID, title="Child Late")
    quiet = ReviewFactory(partnership=partnership, kind=ReviewKind.SAR, title="Adult Quiet")
    services.stage_record(
        review=soon, key="incident", completed_on=today, actor=board_manager, today=today
    )
    services.stage_record(
        review=late,
        key="incident",
        completed_on=today - datetime.timedelta(days=30),
        actor=board_manager,
        today=today,
    )
    client.force_login(board_manager)
    url = reverse("assurance:review_list")
    html = client.get(url).content.decode()
    assert "Stage and next deadline" in html
    assert "Serious incident notification to the national panel" in html
    assert "working days late" in html
    soon_html = client.get(url, {"deadline_soon": "on"}).content.decode()
    assert "Child Soon" in soon_html
    assert "Child Late" not in soon_html and "Adult Quiet" not in soon_html
    late_html = client.get(url, {"late": "on"}).content.decode()
    assert "Child Late" in late_html
    assert "Child Soon" not in late_html and quiet.title not in late_html


def test_the_reviews_list_query_count_does_not_grow_with_reviews(
    client, board_manager, partnership
):
    today = timezone.localdate()
    client.force_login(board_manager)
    counts = []
    for _ in range(2):
        for kind in (ReviewKind.RAPID, ReviewKind.SAR, ReviewKind.DHR):
            review = ReviewFactory(partnership=partnership, kind=kind)
            key = "incident" if kind == ReviewKind.RAPID else "referral"
            services.stage_record(
                review=review, key=key, completed_on=today, actor=board_manager, today=today
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("assurance:review_list")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
