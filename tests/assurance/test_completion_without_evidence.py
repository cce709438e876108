"""Completion recorded, no evidence: an action reported complete with no evidence (the
"Already actioned" timescale, an import, an edit) is not a dead end. It shows in the review
queue, where the board manager asks the agency for the evidence (its leads are emailed a link;
the action needs their attention) or records the evidence the board has seen (an update made
by the board manager, labelled as the board's own), then assures it through the judgement."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assurance import queries, services
from assurance.models import EvidenceRequest, Judgement, ProgressUpdate
from recommendations import services as action_services
from recommendations.models import Action, ActionStatus
from tests.assurance.conftest import SAMPLES, upload
from tests.assurance.factories import EvidenceFactory, ProgressUpdateFactory
from tests.once import sent_once
from tests.recommendations.factories import ActionFactory
from tests.scr_tracker.factories import UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://scr-tracker.example.org"
HEADING = "Completion recorded, no evidence"
KEY_ACTIONS = "Audit GP attendance at child protection conferences across every practice."


@pytest.fixture
def already_actioned(recommendation, agency_a, board_manager, lead_a):
    """An action whose timescale says it was done before the plan: reported complete on
    creation, with no update and no evidence."""
    action, _ = action_services.action_save(
        action=Action(
            recommendation=recommendation,
            agency=agency_a,
            key_actions=KEY_ACTIONS,
            timescale="Already actioned",
            lead_officer_user=lead_a,
        ),
        actor=board_manager,
    )
    assert action.status == ActionStatus.COMPLETION_CLAIMED
    return action


def queue(client):
    return client.get(reverse("assurance:review_queue")).content.decode()


def test_it_is_in_the_queue_named_by_its_action_with_both_remedies(
    client, board_manager, already_actioned, action_a
):
    client.force_login(board_manager)
    html = queue(client)
    assert HEADING in html
    assert "<strong>1</strong> completion recorded with no evidence" in html
    assert KEY_ACTIONS in html
    assert reverse("assurance:evidence_ask", args=[already_actioned.pk]) in html
    assert reverse("assurance:board_evidence", args=[already_actioned.pk]) in html
    # Open actions not reported complete are not in that list.
    assert reverse("assurance:evidence_ask", args=[action_a.pk]) not in html
    page = client.get(already_actioned.get_absolute_url()).content.decode()
    assert HEADING in page and "Record the evidence the board has seen" in page


def test_a_claim_with_evidence_awaiting_judgement_is_not_listed(
    board_manager, lead_a, already_actioned
):
    update = ProgressUpdateFactory(action=already_actioned, author=lead_a, claims_completion=True)
    assert list(queries.queue_completion_without_evidence_for(board_manager)) == [already_actioned]
    EvidenceFactory(update=update)
    assert list(queries.queue_completion_without_evidence_for(board_manager)) == []


def test_asking_for_evidence_emails_the_leads_a_link_and_asks_for_their_attention(
    client,
    smtp_inbox,
    django_capture_on_commit_callbacks,
    board_manager,
    lead_a,
    lead_b,
    partnership,
    agency_a,
    already_actioned,
):
    other_lead = UserFactory(
        username="lead.a2", role="agency_lead", partnership=partnership, agencies=[agency_a]
    )
    client.force_login(board_manager)
    url = reverse("assurance:evidence_ask", args=[already_actioned.pk])
    assert client.get(url).status_code == 200
    comment = "Please send the audit of Baby F's practices that the timescale refers to."
    data = sent_once(client, {"comment": comment})
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
        second = client.post(url, data)
    assert first.status_code == 302 and first["Location"] == reverse("assurance:review_queue")
    assert second.status_code == 302  # the same form again: nothing done again
    [asked] = EvidenceRequest.objects.all()
    assert (asked.requested_by, asked.comment, asked.answered_at) == (board_manager, comment, None)
    row = asked.history.get()
    assert row.history_user == board_manager
    assert row.history_change_reason == (
        "Evidence asked for: the completion was recorded with no evidence"
    )
    # Each lead of the agency once (the lead officer is one of them); no other agency's lead.
    assert len(smtp_inbox.to(lead_a.email)) == 1
    assert len(smtp_inbox.to(other_lead.email)) == 1
    assert smtp_inbox.to(lead_b.email) == []
    message = smtp_inbox.to(lead_a.email)[0]
    assert message["Subject"] == (
        "SCR Tracker: evidence asked for on SCR-BABY-F recommendation 1, "
        "Health visiting provider action"
    )
    body = smtp_inbox.body(message)
    assert f"{SITE}{already_actioned.get_absolute_url()}" in body
    assert comment not in body and "Baby F" not in message["Subject"] + body
    # The queue says it was asked and no longer offers to ask again.
    html = queue(client)
    assert "Asked for on" in html
    assert url not in html
    # The lead sees what is asked on the action, with a Respond button.
    client.force_login(lead_a)
    page = client.get(already_actioned.get_absolute_url()).content.decode()
    assert "Needs your attention" in page
    assert "asks for the evidence that this action is complete" in page
    assert "Baby F&#x27;s practices" in page
    respond = reverse("assurance:update_create", args=[already_actioned.pk]) + "?respond=evidence"
    assert respond in page


def test_asking_again_while_a_request_is_open_is_refused(board_manager, already_actioned):
    services.evidence_request(action=already_actioned, actor=board_manager, comment="The audit")
    with pytest.raises(ValidationError, match="already asked"):
        services.evidence_request(action=already_actioned, actor=board_manager, comment="Again")
    assert EvidenceRequest.objects.count() == 1


def test_the_leads_claim_with_evidence_answers_the_request(
    client, evidence_root, board_manager, lead_a, already_actioned
):
    asked = services.evidence_request(
        action=already_actioned, actor=board_manager, comment="The audit"
    )
    client.force_login(lead_a)
    url = reverse("assurance:update_create", args=[already_actioned.pk])
    form = client.get(url + "?respond=evidence").content.decode()
    assert "The audit" in form
    assert (
        'name="claims_completion"' in form
        and "checked" in form.split('name="claims_completion"')[1].split(">")[0]
    )
    response = client.post(
        url,
        sent_once(
            client,
            {
                "narrative": "The audit was done in 2015.",
                "rag": "green",
                "rag_reason": "Done",
                "claims_completion": "on",
                "files": [upload("minutes.pdf", SAMPLES["minutes.pdf"])],
            },
        ),
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    update = ProgressUpdate.objects.get(action=already_actioned)
    assert asked.answered_by_update == update and asked.answered_at == update.created_at
    assert list(queries.queue_completion_without_evidence_for(board_manager)) == []
    assert asked.history.first().history_change_reason == (
        "Answered: the agency supplied the evidence of completion"
    )


def test_the_board_records_what_it_has_seen_then_assures_through_the_judgement(
    client, evidence_root, board_manager, lead_a, already_actioned
):
    services.evidence_request(action=already_actioned, actor=board_manager, comment="The audit")
    client.force_login(board_manager)
    url = reverse("assurance:board_evidence", args=[already_actioned.pk])
    assert "Record the evidence the board has seen" in client.get(url).content.decode()
    note = "Audit of 40 case files presented to the board on 12 March 2015: 95% compliant."
    data = sent_once(
        client, {"note": note, "files": [upload("minutes.pdf", SAMPLES["minutes.pdf"])]}
    )
    first = client.post(url, data)
    second = client.post(url, {**data, "files": []})  # sent again (the upload read already)
    [update] = ProgressUpdate.objects.filter(action=already_actioned)
    assert first["Location"] == reverse("assurance:update_judge", args=[update.pk])
    assert second.status_code == 302  # nothing recorded twice
    assert update.author == board_manager and update.recorded_by_board
    assert update.claims_completion and update.judgement == Judgement.AWAITING
    assert update.rag == ""
    evidence = list(update.evidence.order_by("id"))
    assert [e.original_filename or e.description for e in evidence] == ["minutes.pdf", note]
    assert all(e.supplied_by == board_manager for e in evidence)
    assert update.history.get().history_change_reason == (
        "Evidence the board has seen recorded by the board manager"
    )
    assert EvidenceRequest.objects.get().answered_by_update == update
    # The agency's own rating and last update are left alone.
    already_actioned.refresh_from_db()
    assert already_actioned.agency_rag == "" and already_actioned.last_update_at is None
    # Labelled as the board's own wherever it shows.
    judge = client.get(first["Location"]).content.decode()
    assert "Recorded by the board" in judge
    assert "Recorded by the board" in queue(client)
    # It has left the list of completions with no evidence: it is judged like any other.
    assert url not in queue(client)
    # Then the normal judgement assures it.
    response = client.post(first["Location"], {"decision": "accept", "comment": ""})
    assert response.status_code == 302
    already_actioned.refresh_from_db()
    assert already_actioned.status == ActionStatus.ASSURED
    assert already_actioned.assured_by == board_manager
    page = client.get(already_actioned.get_absolute_url()).content.decode()
    assert "Evidence recorded by the board on" in page


def test_recording_needs_a_note_or_a_file(client, board_manager, already_actioned):
    client.force_login(board_manager)
    url = reverse("assurance:board_evidence", args=[already_actioned.pk])
    response = client.post(url, sent_once(client, {"note": "  "}))
    assert response.status_code == 200
    assert "Describe the evidence the board has seen, or attach it" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_only_the_board_manager_acts_and_only_on_a_completion_without_evidence(
    board_manager, lead_a, already_actioned, action_a
):
    with pytest.raises(PermissionDenied):
        services.evidence_request(action=already_actioned, actor=lead_a, comment="x")
    with pytest.raises(PermissionDenied):
        services.board_evidence_record(action=already_actioned, actor=lead_a, note="x")
    with pytest.raises(ValidationError, match="not reported complete"):
        services.board_evidence_record(action=action_a, actor=board_manager, note="x")
    with pytest.raises(ValidationError, match="not reported complete"):
        services.evidence_request(action=action_a, actor=board_manager, comment="x")
    update = ProgressUpdateFactory(action=already_actioned, author=lead_a, claims_completion=True)
    EvidenceFactory(update=update)
    with pytest.raises(ValidationError, match="already awaiting judgement"):
        services.board_evidence_record(action=already_actioned, actor=board_manager, note="x")


def test_queue_query_count_does_not_grow_with_unevidenced_completions(
    client, django_assert_max_num_queries, board_manager, recommendation, agency_a, size=6
):
    for count in (1, size):
        while Action.objects.filter(status=ActionStatus.COMPLETION_CLAIMED).count() < count:
            ActionFactory(
                recommendation=recommendation,
                agency=agency_a,
                status=ActionStatus.COMPLETION_CLAIMED,
            )
        client.force_login(board_manager)
        with django_assert_max_num_queries(12):
            html = queue(client)
        assert f"<strong>{count}</strong> completion" in html
