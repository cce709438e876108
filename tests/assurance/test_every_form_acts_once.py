"""Every form acts once: each state-changing form posted twice (a double click, back and
resubmit) does its thing once. Forms that create or save carry a one-time token
(scr_tracker/once.py); judging, deciding and archiving check the record's state. Archive and
restore are separate, explicit actions, each with a reason."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assurance.models import AssuranceStatement, IssuedReport, Judgement, ProgressUpdate
from assurance.reports.options import ReportOptions
from assurance.reports.services import report_draft_save
from recommendations.models import ActionStatus, DueDateRevision, RevisionState
from scr_tracker import once
from scr_tracker.models import ScrutinyBoard, User
from tests.assurance.factories import EvidenceFactory, ProgressUpdateFactory
from tests.assurance.report_helpers import baby_f, issue_data
from tests.once import sent_once

__all__ = ["baby_f"]

pytestmark = pytest.mark.django_db


def twice(client, url, data):
    """Post the same form, token and all, twice: the two answers."""
    return client.post(url, data), client.post(url, data)


def assert_second_did_nothing(client, second, to):
    assert second.status_code == 302 and second["Location"] == to
    page = client.get(to).content.decode()
    assert once.ALREADY_DONE in page


def in_future(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_a_form_page_carries_a_token_that_works_once(client, lead_a, action_a):
    client.force_login(lead_a)
    url = reverse("assurance:update_create", args=[action_a.pk])
    html = client.get(url).content.decode()
    assert f'name="{once.FIELD}"' in html
    token = html.split(f'name="{once.FIELD}" value="', 1)[1].split('"', 1)[0]
    data = {"narrative": "Audit done", "rag": "green", "rag_reason": "On track", "artefact": ""}
    first, second = twice(client, url, {**data, once.FIELD: token})
    assert first.status_code == 302
    assert_second_did_nothing(client, second, action_a.get_absolute_url())
    assert ProgressUpdate.objects.filter(action=action_a).count() == 1


def test_a_post_without_a_token_does_nothing(client, lead_a, action_a):
    client.force_login(lead_a)
    url = reverse("assurance:update_create", args=[action_a.pk])
    data = {"narrative": "Audit done", "rag": "green", "rag_reason": "On track", "artefact": ""}
    response = client.post(url, data)
    assert_second_did_nothing(client, response, action_a.get_absolute_url())
    assert not ProgressUpdate.objects.exists()


def test_a_form_sent_with_errors_can_be_corrected_and_sent(client, lead_a, action_a):
    """The token is spent only when the form acts: a form with mistakes can be sent again."""
    client.force_login(lead_a)
    url = reverse("assurance:update_create", args=[action_a.pk])
    data = sent_once(client, {"narrative": "", "rag": "green", "rag_reason": "Ok", "artefact": ""})
    assert client.post(url, data).status_code == 200
    data["narrative"] = "Audit done"
    assert client.post(url, data).status_code == 302
    assert ProgressUpdate.objects.count() == 1


def test_progress_update_posted_twice_is_one_update_and_one_email(
    client,
    lead_a,
    board_manager,
    action_a,
    evidence_root,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(lead_a)
    url = reverse("assurance:update_create", args=[action_a.pk])
    data = sent_once(
        client,
        {
            "narrative": "Audit done",
            "rag": "green",
            "rag_reason": "On track",
            "artefact": "Audit of 40 case files, March 2018: 95% compliant",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        first, second = twice(client, url, data)
    assert first.status_code == 302
    assert_second_did_nothing(client, second, action_a.get_absolute_url())
    assert ProgressUpdate.objects.filter(action=action_a).count() == 1
    assert len(mailoutbox) == 1


def test_due_date_request_sent_twice_is_one_request(client, lead_a, action_a):
    client.force_login(lead_a)
    day = in_future(200)
    data = sent_once(
        client,
        {
            "due_date_0": day.day,
            "due_date_1": day.month,
            "due_date_2": day.year,
            "reason": "Vacancy",
        },
    )
    first, second = twice(client, reverse("assurance:due_date_request", args=[action_a.pk]), data)
    assert first.status_code == 302
    assert_second_did_nothing(client, second, action_a.get_absolute_url())
    assert DueDateRevision.objects.filter(action=action_a, state=RevisionState.PENDING).count() == 1


def test_due_date_decision_sent_twice_is_decided_once(client, board_manager, lead_a, action_a):
    revision = DueDateRevision.objects.create(
        action=action_a,
        due_date=in_future(100),
        reason="Vacancy",
        state=RevisionState.PENDING,
        requested_by=lead_a,
    )
    client.force_login(board_manager)
    url = reverse("assurance:due_date_decide", args=[revision.pk])
    first = client.post(url, {"decision": "approve", "comment": "Agreed"})
    assert first.status_code == 302
    count = revision.history.count()
    second = client.post(url, {"decision": "decline", "comment": "Changed my mind"})
    assert second.status_code == 200  # the page shows the decision already made
    revision.refresh_from_db()
    assert revision.state == RevisionState.APPROVED and revision.history.count() == count


def test_judgement_sent_twice_is_judged_once(client, board_manager, lead_a, action_a):
    action_a.status = ActionStatus.COMPLETION_CLAIMED
    action_a.save()
    claim = ProgressUpdateFactory(action=action_a, author=lead_a, claims_completion=True)
    EvidenceFactory(update=claim)
    client.force_login(board_manager)
    url = reverse("assurance:update_judge", args=[claim.pk])
    assert client.post(url, {"decision": "accept", "comment": ""}).status_code == 302
    count, action_count = claim.history.count(), action_a.history.count()
    second = client.post(url, {"decision": "return", "comment": "Wrong file"})
    assert second.status_code == 200
    claim.refresh_from_db()
    action_a.refresh_from_db()
    assert claim.judgement == Judgement.ACCEPTED and action_a.status == ActionStatus.ASSURED
    assert (claim.history.count(), action_a.history.count()) == (count, action_count)


def test_close_sent_twice_closes_once(client, board_manager, action_a):
    client.force_login(board_manager)
    data = sent_once(client, {"reason": "Superseded by the MASH"})
    first, second = twice(client, reverse("assurance:action_close", args=[action_a.pk]), data)
    assert first.status_code == 302
    assert_second_did_nothing(client, second, action_a.get_absolute_url())
    assert action_a.history.filter(status=ActionStatus.NOT_IMPLEMENTED).count() == 1


def test_impact_sent_twice_is_recorded_once(client, board_manager, action_a):
    action_a.status = ActionStatus.ASSURED
    action_a.save()
    count = action_a.history.count()
    client.force_login(board_manager)
    data = sent_once(
        client,
        {"reaudit_due_0": "31", "reaudit_due_1": "5", "reaudit_due_2": "2027", "impact_result": ""},
    )
    first, second = twice(client, reverse("assurance:action_impact", args=[action_a.pk]), data)
    assert first.status_code == 302
    assert_second_did_nothing(client, second, action_a.get_absolute_url())
    assert action_a.history.count() == count + 1


def test_statement_sent_twice_is_saved_once(client, board_manager, recommendation):
    client.force_login(board_manager)
    data = sent_once(client, {"narrative": "GP surgeries now meet.", "level": "Reasonable"})
    first, second = twice(
        client, reverse("assurance:statement_edit", args=[recommendation.pk]), data
    )
    assert first.status_code == 302
    assert_second_did_nothing(client, second, recommendation.get_absolute_url())
    assert AssuranceStatement.objects.get(recommendation=recommendation).history.count() == 1


def test_invitation_sent_twice_invites_once(client, administrator, partnership, mailoutbox):
    client.force_login(administrator)
    url = reverse("accounts:invite")
    data = sent_once(
        client,
        {
            "first_name": "Ada",
            "last_name": "Example",
            "email": "ada@example.org",
            "role": "scrutineer",
            "partnership": partnership.pk,
        },
    )
    first, second = twice(client, url, data)
    assert first.status_code == 302
    # The form itself sees that the address has an account now, before the token is looked at.
    assert second.status_code == 200 and "already" in second.content.decode()
    assert User.objects.filter(email="ada@example.org").count() == 1
    assert len(mailoutbox) == 1


def test_report_issued_twice_is_one_issued_report(client, baby_f):
    review, manager = baby_f
    board = ScrutinyBoard.objects.get(partnership=review.partnership)
    client.force_login(manager)
    draft = report_draft_save(
        options=ReportOptions(kind="assurance", review_ids=(review.pk,)), actor=manager
    )
    url = reverse("assurance:reports:issue", args=[draft.pk])
    data = issue_data(client, url, board)
    first, second = twice(client, url, data)
    assert first.status_code == 302
    assert_second_did_nothing(client, second, reverse("assurance:reports:register"))
    assert IssuedReport.objects.count() == 1


ARCHIVABLE = [
    ("reviews:archive", "plan"),
    ("recommendations:archive", "recommendation"),
    ("recommendations:action_archive", "action_a"),
]


@pytest.mark.parametrize(("url_name", "fixture"), ARCHIVABLE)
def test_archiving_twice_archives_once_and_never_restores(
    request, client, board_manager, url_name, fixture
):
    obj = request.getfixturevalue(fixture)
    client.force_login(board_manager)
    url = reverse(url_name, args=[obj.pk])
    data = {"action": "archive", "reason": "Entered twice"}
    first, second = twice(client, url, data)
    assert first.status_code == 302 and second.status_code == 302
    obj.refresh_from_db()
    assert obj.is_archived
    assert obj.history.filter(history_change_reason="Entered twice").count() == 1
    assert (
        "already archived, so nothing was changed"
        in client.get(second["Location"]).content.decode()
    )


@pytest.mark.parametrize(("url_name", "fixture"), ARCHIVABLE)
def test_restoring_is_its_own_action_with_its_own_reason(
    request, client, board_manager, url_name, fixture
):
    obj = request.getfixturevalue(fixture)
    client.force_login(board_manager)
    url = reverse(url_name, args=[obj.pk])
    client.post(url, {"action": "archive", "reason": "Entered twice"})
    page = client.get(url).content.decode()
    assert 'name="action" value="restore"' in page
    refused = client.post(url, {"action": "restore", "reason": ""})
    assert (
        refused.status_code == 200 and "Give the reason for restoring" in refused.content.decode()
    )
    first, second = twice(client, url, {"action": "restore", "reason": "Not a duplicate"})
    assert first.status_code == 302 and second.status_code == 302
    obj.refresh_from_db()
    assert not obj.is_archived
    latest = obj.history.order_by("-history_id").first()
    assert latest.history_change_reason == "Not a duplicate"
    assert obj.history.filter(history_change_reason="Not a duplicate").count() == 1


def test_archiving_needs_a_reason(client, board_manager, plan):
    client.force_login(board_manager)
    url = reverse("reviews:archive", args=[plan.pk])
    response = client.post(url, {"action": "archive", "reason": " "})
    assert response.status_code == 200
    assert "Give the reason for archiving the review" in response.content.decode()
    plan.refresh_from_db()
    assert not plan.is_archived


def test_an_issued_report_is_archived_once_and_restored_explicitly(client, baby_f):
    from assurance.reports.services import report_issue

    review, manager = baby_f
    report = report_issue(
        options=ReportOptions(kind="assurance", review_ids=(review.pk,)),
        audience=ScrutinyBoard.objects.get(partnership=review.partnership),
        actor=manager,
    )
    client.force_login(manager)
    url = reverse("assurance:reports:archive", args=[report.pk])
    twice(client, url, {"action": "archive", "reason": "Superseded"})
    report.refresh_from_db()
    assert report.is_archived
    client.post(url, {"action": "restore", "reason": "Still current"})
    report.refresh_from_db()
    assert not report.is_archived
    assert [h.history_change_reason for h in report.history.order_by("history_id")][-2:] == [
        "Superseded",
        "Still current",
    ]
