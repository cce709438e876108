"""Two-stage assurance: the board manager judges evidence; only accepted evidence of a
completion claim assures an action; closing as not implemented; the impact check."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from assurance import services
from assurance.models import Judgement
from recommendations import services as action_services
from recommendations.models import ActionStatus
from recommendations.rag import RAG, rating_for
from tests.assurance.factories import EvidenceFactory, ProgressUpdateFactory
from tests.once import form_token, sent_once
from tests.recommendations.factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(action_a, lead_a):
    """lead_a reports action_a complete, with a file."""
    action_a.status = ActionStatus.COMPLETION_CLAIMED
    action_a.save()
    update = ProgressUpdateFactory(action=action_a, author=lead_a, claims_completion=True)
    EvidenceFactory(update=update)
    return update


def judge(client, update, **data):
    return client.post(reverse("assurance:update_judge", args=[update.pk]), data)


def test_accepting_a_completion_claim_assures_the_action(client, board_manager, claim, action_a):
    client.force_login(board_manager)
    response = judge(client, claim, decision="accept", comment="")
    assert response.status_code == 302 and response["Location"] == reverse("assurance:review_queue")
    claim.refresh_from_db()
    action_a.refresh_from_db()
    assert claim.judgement == Judgement.ACCEPTED and claim.judged_by == board_manager
    assert [e.judgement for e in claim.evidence.all()] == [Judgement.ACCEPTED]
    assert action_a.status == ActionStatus.ASSURED
    assert action_a.assured_by == board_manager and action_a.assured_at is not None
    assert rating_for(action_a, timezone.localdate()).rag == RAG.BLUE
    assert action_a.history.latest().history_user == board_manager


def test_accepting_progress_evidence_does_not_assure(client, board_manager, lead_a, action_a):
    update = ProgressUpdateFactory(action=action_a, author=lead_a)
    EvidenceFactory(update=update)
    client.force_login(board_manager)
    judge(client, update, decision="accept")
    action_a.refresh_from_db()
    assert action_a.status == ActionStatus.NOT_STARTED


def test_returning_needs_a_comment(client, board_manager, claim):
    client.force_login(board_manager)
    response = judge(client, claim, decision="return", comment=" ")
    assert "Say what more is needed: the lead sees this comment." in response.content.decode()
    claim.refresh_from_db()
    assert claim.judgement == Judgement.AWAITING


def test_returned_claim_reopens_the_action_and_the_lead_sees_the_comment(
    client, board_manager, lead_a, claim, action_a
):
    client.force_login(board_manager)
    judge(client, claim, decision="return", comment="Only 3 of 12 practices are in the log.")
    action_a.refresh_from_db()
    assert action_a.status == ActionStatus.IN_PROGRESS and action_a.completion_claimed_at is None
    client.force_login(lead_a)
    html = client.get(action_a.get_absolute_url()).content.decode()
    assert "Returned: more needed" in html and "Only 3 of 12 practices are in the log." in html


def test_an_update_is_judged_once(client, board_manager, claim):
    client.force_login(board_manager)
    judge(client, claim, decision="accept")
    response = judge(client, claim, decision="return", comment="Changed my mind")
    assert "This update has already been judged." in response.content.decode()
    claim.refresh_from_db()
    assert claim.judgement == Judgement.ACCEPTED


def test_lead_cannot_judge_their_own_evidence(client, lead_a, claim, action_a):
    client.force_login(lead_a)
    assert judge(client, claim, decision="accept").status_code == 403
    action_a.refresh_from_db()
    assert action_a.status == ActionStatus.COMPLETION_CLAIMED


def test_lead_can_never_assure_even_through_the_service(lead_a, claim, action_a):
    with pytest.raises(PermissionDenied):
        services.update_judge(update=claim, actor=lead_a, accept=True)
    with pytest.raises(PermissionDenied):
        services.action_assure(action=action_a, actor=lead_a, update=claim)
    action_a.refresh_from_db()
    assert action_a.status == ActionStatus.COMPLETION_CLAIMED


def test_assuring_is_blocked_until_the_claims_evidence_is_accepted(board_manager, claim, action_a):
    with pytest.raises(ValidationError, match="must be accepted before the action is assured"):
        services.action_assure(action=action_a, actor=board_manager, update=claim)
    action_a.refresh_from_db()
    assert action_a.status == ActionStatus.COMPLETION_CLAIMED


def test_assuring_needs_a_completion_claim(board_manager, lead_a, action_a):
    update = ProgressUpdateFactory(action=action_a, author=lead_a, judgement=Judgement.ACCEPTED)
    with pytest.raises(ValidationError, match="Only the agency's claim"):
        services.action_assure(action=action_a, actor=board_manager, update=update)


def test_the_edit_form_offers_no_assured_status(client, board_manager, action_a):
    client.force_login(board_manager)
    html = client.get(reverse("recommendations:action_edit", args=[action_a.pk])).content.decode()
    assert 'value="assured"' not in html


def test_board_manager_of_another_partnership_cannot_judge(client, outsider, claim):
    client.force_login(outsider)
    assert judge(client, claim, decision="accept").status_code == 404


def test_closing_as_not_implemented_needs_a_reason(client, board_manager, action_a):
    client.force_login(board_manager)
    url = reverse("assurance:action_close", args=[action_a.pk])
    assert (
        "Give the reason this action was not implemented"
        in client.post(url, sent_once(client, {"reason": ""})).content.decode()
    )
    client.post(url, sent_once(client, {"reason": "Superseded by the single MASH front door."}))
    action_a.refresh_from_db()
    assert action_a.status == ActionStatus.NOT_IMPLEMENTED
    assert action_a.not_implemented_reason == "Superseded by the single MASH front door."
    html = client.get(action_a.get_absolute_url()).content.decode()
    assert "Closed: not implemented" in html and "Superseded by the single MASH front door." in html


def test_lead_cannot_close_an_action(client, lead_a, action_a):
    client.force_login(lead_a)
    response = client.post(reverse("assurance:action_close", args=[action_a.pk]), {"reason": "No"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        action_services.action_close_not_implemented(action=action_a, actor=lead_a, reason="No")


def test_impact_check_pending_then_evidenced(client, board_manager, action_a):
    action_a.status = ActionStatus.ASSURED
    action_a.save()
    client.force_login(board_manager)
    url = reverse("assurance:action_impact", args=[action_a.pk])
    client.post(
        url,
        sent_once(
            client,
            {
                "reaudit_due_0": "31",
                "reaudit_due_1": "5",
                "reaudit_due_2": "2027",
                "impact_result": "",
            },
        ),
    )
    action_a.refresh_from_db()
    assert action_a.reaudit_due == datetime.date(2027, 5, 31) and action_a.impact_pending
    html = client.get(action_a.recommendation.review.get_absolute_url()).content.decode()
    assert "Completed, impact not yet evidenced" in html
    assert (
        "Completed, impact not yet evidenced"
        in client.get(action_a.get_absolute_url()).content.decode()
    )
    client.post(
        url,
        {
            "reaudit_due_0": "31",
            "reaudit_due_1": "5",
            "reaudit_due_2": "2027",
            "impact_result": "Repeat audit: 96% of files show the child's voice.",
            "form_token": form_token(client),
        },
    )
    action_a.refresh_from_db()
    assert not action_a.impact_pending and action_a.impact_recorded_at is not None
    html = client.get(action_a.get_absolute_url()).content.decode()
    assert "Completed, impact not yet evidenced" not in html and "Repeat audit: 96%" in html


def test_impact_result_waits_for_assurance(client, board_manager, action_a):
    client.force_login(board_manager)
    response = client.post(
        reverse("assurance:action_impact", args=[action_a.pk]),
        {
            "reaudit_due_0": "",
            "reaudit_due_1": "",
            "reaudit_due_2": "",
            "impact_result": "Too early",
            "form_token": form_token(client),
        },
    )
    assert (
        "Record the re-audit result once the board has assured the action."
        in response.content.decode()
    )


def test_queue_lists_awaiting_updates_and_requests_oldest_first_with_counts(
    client, board_manager, lead_a, lead_b, action_a, action_b
):
    older = ProgressUpdateFactory(action=action_b, author=lead_b, claims_completion=True)
    newer = ProgressUpdateFactory(action=action_a, author=lead_a)
    ProgressUpdateFactory(action=action_a, author=lead_a, judgement=Judgement.ACCEPTED)
    ProgressUpdateFactory(action=action_a, author=lead_a, judgement=Judgement.NOT_NEEDED)
    services.due_date_request(
        action=action_a,
        actor=lead_a,
        due_date=timezone.localdate() + datetime.timedelta(days=90),
        reason="Venue",
    )
    client.force_login(board_manager)
    html = client.get(reverse("assurance:review_queue")).content.decode()
    assert "<strong>2</strong> updates awaiting judgement" in html
    assert "<strong>1</strong> due date request to decide" in html
    older_link = reverse("assurance:update_judge", args=[older.pk])
    newer_link = reverse("assurance:update_judge", args=[newer.pk])
    assert html.index(older_link) < html.index(newer_link)
    assert "Completion claimed" in html


def test_queue_shows_nothing_of_another_partnership(client, outsider, claim):
    client.force_login(outsider)
    html = client.get(reverse("assurance:review_queue")).content.decode()
    assert "<strong>0</strong> updates awaiting judgement" in html


@pytest.mark.parametrize("size", [1, 8])
def test_queue_and_judge_page_query_counts_do_not_grow(
    client, django_assert_max_num_queries, board_manager, lead_a, recommendation, agency_a, size
):
    last = None
    for _ in range(size):
        action = ActionFactory(recommendation=recommendation, agency=agency_a)
        last = ProgressUpdateFactory(action=action, author=lead_a, claims_completion=True)
        EvidenceFactory(update=last)
        EvidenceFactory(update=last)
        services.due_date_request(
            action=action,
            actor=lead_a,
            due_date=timezone.localdate() + datetime.timedelta(days=60),
            reason="Staffing",
        )
    client.force_login(board_manager)
    # 12: the queue's lists of actions no one can update and of completions recorded with no
    # evidence are one more query each (not per row).
    with django_assert_max_num_queries(12):
        html = client.get(reverse("assurance:review_queue")).content.decode()
    assert html.count("attendance-audit.pdf") == 2 * size
    with django_assert_max_num_queries(10):
        assert client.get(reverse("assurance:update_judge", args=[last.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert (
            client.get(reverse("assurance:action_close", args=[last.action_id])).status_code == 200
        )
    with django_assert_max_num_queries(10):
        assert (
            client.get(reverse("assurance:action_impact", args=[last.action_id])).status_code == 200
        )
