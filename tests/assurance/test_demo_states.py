"""The demo data shows every state of the workflow, on the Coventry partnership."""

import pytest
from django.utils import timezone

from assurance.models import Evidence, Judgement, ProgressUpdate
from fixtures.demo.data import load_demo
from recommendations.models import Action, ActionStatus, DueDateRevision, RevisionState
from recommendations.rag import RAG, rating_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def coventry_actions(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    actions = Action.objects.filter(
        recommendation__review__partnership__short_name="Coventry"
    ).select_related("recommendation__review__partnership")
    today = timezone.localdate()
    return [(action, rating_for(action, today).rag) for action in actions]


def test_demo_has_an_overdue_and_an_at_risk_action(coventry_actions):
    assert any(a.is_open and a.due_date and rag == RAG.RED for a, rag in coventry_actions)
    assert any(a.agency_rag == "amber" and rag == RAG.AMBER for a, rag in coventry_actions)


def test_demo_has_a_completion_awaiting_judgement_with_a_file(coventry_actions):
    claim = ProgressUpdate.objects.get(claims_completion=True, judgement=Judgement.AWAITING)
    assert claim.action.status == ActionStatus.COMPLETION_CLAIMED
    assert claim.evidence.exclude(file="").exists() and claim.evidence.filter(file="").exists()


def test_demo_has_returned_evidence_with_a_comment(coventry_actions):
    returned = ProgressUpdate.objects.get(judgement=Judgement.RETURNED)
    assert "3 of the city's 12 practices" in returned.judgement_comment
    assert Evidence.objects.filter(update=returned, judgement=Judgement.RETURNED).exists()


def test_demo_has_a_revised_due_date_and_a_request_awaiting_decision(coventry_actions):
    revised = DueDateRevision.objects.get(
        state=RevisionState.APPROVED, requested_by__username="lead.socialcare"
    )
    assert (
        revised.action.due_date == revised.due_date
        and revised.decided_by.username == "board.manager"
    )
    assert DueDateRevision.objects.filter(state=RevisionState.PENDING).count() == 1


def test_demo_has_an_assured_action_with_a_pending_reaudit(coventry_actions):
    assert any(
        a.impact_pending and a.status_label == "Completed, impact not yet evidenced"
        for a, _ in coventry_actions
    )


def test_demo_has_a_not_implemented_action_with_its_reason(coventry_actions):
    closed = [a for a, rag in coventry_actions if a.status == ActionStatus.NOT_IMPLEMENTED]
    assert len(closed) == 1 and "single MASH front door" in closed[0].not_implemented_reason
