"""The pre-issue check: issuing a report shows what is missing, each gap linking to where it
is closed; the board manager confirms it; the check is kept with the issued report."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assurance.models import IssuedReport, ReportKind, ReportVersion
from assurance.reports.builders import is_overdue
from assurance.reports.options import ReportOptions
from assurance.reports.services import report_draft_save
from recommendations.models import Action, ActionStatus
from scr_tracker.models import ScrutinyBoard, User
from tests.once import form_token
from tests.recommendations.factories import ActionFactory, RecommendationFactory

from .report_helpers import baby_f, issue_data

__all__ = ["baby_f"]


def _issue_url(review, kind=ReportKind.ASSURANCE, **extra):
    draft = report_draft_save(
        options=ReportOptions(kind=kind, review_ids=(review.pk,), **extra),
        actor=User.objects.get(username="board.manager"),
    )
    return reverse("assurance:reports:issue", args=[draft.pk])


@pytest.fixture
def gaps(baby_f):
    """Baby F with a recommendation that has no assurance statement and an action reported
    complete but not yet judged (the demo's Baby F already has an overdue action)."""
    review, manager = baby_f
    bare = RecommendationFactory(review=review, number="6", text="A sixth recommendation")
    claimed = ActionFactory(recommendation=bare, status=ActionStatus.COMPLETION_CLAIMED)
    return bare, claimed


def test_issue_page_lists_each_gap_with_a_link_to_it(client, baby_f, gaps):
    review, manager = baby_f
    bare, claimed = gaps
    overdue = [
        a
        for a in Action.objects.filter(recommendation__review=review)
        if is_overdue(a, timezone.localdate())
    ]
    assert overdue, "the demo's Baby F has an overdue action"
    client.force_login(manager)

    html = client.get(_issue_url(review)).content.decode()

    check = html[html.index("Pre-issue check") :]
    assert "1 recommendation has no implementation assurance statement" in check
    assert reverse("assurance:statement_edit", args=[bare.pk]) in check
    claimed_count = Action.objects.filter(
        recommendation__review=review, status=ActionStatus.COMPLETION_CLAIMED
    ).count()
    assert f"{claimed_count} actions are reported complete and not yet judged" in check
    assert reverse("assurance:action_detail", args=[claimed.pk]) in check
    assert f"{len(overdue)} action" in check and "overdue" in check
    for action in overdue:
        assert reverse("assurance:action_detail", args=[action.pk]) in check
    # The purpose paragraph is still the wording the report started with.
    assert "1 part of the text is still as the report first wrote it" in check
    assert re.search(r'href="/assurance/reports/drafts/\d+/#id_purpose"', check)
    assert "I have read the pre-issue check and want to issue the report as it is" in html


def test_exempt_reviews_are_named_in_the_check(client, baby_f):
    review, manager = baby_f
    review.is_exempt = True
    review.save()
    client.force_login(manager)
    html = client.get(_issue_url(review, version=ReportVersion.EXEMPT)).content.decode()
    assert "1 exempt review is in this exempt version" in html
    assert reverse("assurance:review_detail", args=[review.pk]) in html


def test_no_board_chosen_is_said_in_the_error_summary_at_the_top(client, baby_f):
    review, manager = baby_f
    client.force_login(manager)
    url = _issue_url(review)
    data = issue_data(
        client, url, ScrutinyBoard.objects.get(partnership=review.partnership), audience=""
    )

    response = client.post(url, data)

    html = response.content.decode()
    assert response.status_code == 200 and not IssuedReport.objects.exists()
    summary = html.index("govuk-error-summary")
    assert summary < html.index("<h1")
    assert "Select the scrutiny board to issue the report to" in html[summary : html.index("<h1")]
    assert "<title>Error: " in html


def test_the_check_must_be_confirmed(client, baby_f):
    review, manager = baby_f
    client.force_login(manager)
    url = _issue_url(review)
    data = issue_data(client, url, ScrutinyBoard.objects.get(partnership=review.partnership))
    del data["confirm"]
    response = client.post(url, data)
    assert "Confirm that you have read the pre-issue check" in response.content.decode()
    assert not IssuedReport.objects.exists()


def test_the_check_is_stored_with_the_issued_report_and_shown_on_its_page(client, baby_f, gaps):
    review, manager = baby_f
    bare, _ = gaps
    client.force_login(manager)
    url = _issue_url(review)

    response = client.post(
        url, issue_data(client, url, ScrutinyBoard.objects.get(partnership=review.partnership))
    )

    report = IssuedReport.objects.get()
    assert response["Location"] == report.get_absolute_url()
    codes = [gap["code"] for gap in report.pre_issue_check]
    assert codes == ["no_statement", "unjudged", "overdue", "default_text"]
    assert report.pre_issue_check[0]["items"] == [
        {"text": bare.label, "url": reverse("assurance:statement_edit", args=[bare.pk])}
    ]
    assert report.history.earliest().pre_issue_check == report.pre_issue_check
    html = client.get(report.get_absolute_url()).content.decode()
    assert "read and confirmed these gaps before issuing" in html
    assert "1 recommendation has no implementation assurance statement" in html


def test_a_check_that_changed_after_it_was_read_issues_nothing(client, baby_f):
    review, manager = baby_f
    client.force_login(manager)
    url = _issue_url(review)
    data = issue_data(client, url, ScrutinyBoard.objects.get(partnership=review.partnership))
    # Meanwhile an agency reports an action complete: the check the manager read is stale.
    ActionFactory(
        recommendation=review.recommendations.first(), status=ActionStatus.COMPLETION_CLAIMED
    )
    claimed = Action.objects.filter(
        recommendation__review=review, status=ActionStatus.COMPLETION_CLAIMED
    ).count()

    response = client.post(url, {**data, "form_token": form_token(client)})

    assert not IssuedReport.objects.exists()
    html = response.content.decode()
    assert "The pre-issue check has changed since the page was shown" in html
    assert f"{claimed} actions are reported complete and not yet judged" in html
