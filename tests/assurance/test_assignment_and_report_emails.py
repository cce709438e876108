"""The lead officer is emailed when an action is assigned to them (created with them as its
lead, or its lead changed to them; not on other edits), and the scrutiny members of a board are
emailed a link (no content) when a report is issued to it. Through a real SMTP server."""

import pytest

from assurance.reports.options import ReportOptions
from assurance.reports.services import report_issue
from recommendations import services as action_services
from recommendations.models import Action
from scr_tracker import mail
from scr_tracker.models import Role
from tests.reviews.factories import ScrutinyBoardFactory
from tests.scr_tracker.factories import UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://scr-tracker.example.org"


def new_action(recommendation, agency, manager, lead, key_actions="Audit GP attendance"):
    action, _ = action_services.action_save(
        action=Action(
            recommendation=recommendation,
            agency=agency,
            key_actions=key_actions,
            timescale="December 2030",
            lead_officer_user=lead,
        ),
        actor=manager,
    )
    return action


def test_the_lead_officer_is_emailed_when_assigned_not_on_other_edits(
    smtp_inbox,
    django_capture_on_commit_callbacks,
    board_manager,
    lead_a,
    partnership,
    agency_a,
    recommendation,
):
    with django_capture_on_commit_callbacks(execute=True):
        action = new_action(recommendation, agency_a, board_manager, lead_a)
    [message] = smtp_inbox.to(lead_a.email)
    assert message["Subject"] == (
        "SCR Tracker: you are the lead officer for SCR-BABY-F recommendation 1, "
        "Health visiting provider action"
    )
    body = smtp_inbox.body(message)
    assert f"{SITE}{action.get_absolute_url()}" in body
    assert "Audit GP attendance" not in body and "Baby F" not in body + message["Subject"]
    # Another edit, the lead unchanged: no email.
    with django_capture_on_commit_callbacks(execute=True):
        action.key_actions = "Audit GP attendance at every conference"
        action_services.action_save(action=action, actor=board_manager)
    assert len(smtp_inbox.messages) == 1
    # The lead changed: the new lead is told.
    other = UserFactory(
        username="lead.a2", role=Role.AGENCY_LEAD, partnership=partnership, agencies=[agency_a]
    )
    with django_capture_on_commit_callbacks(execute=True):
        action.lead_officer_user = other
        action_services.action_save(action=action, actor=board_manager)
    assert len(smtp_inbox.to(other.email)) == 1 and len(smtp_inbox.messages) == 2
    # Unlinked: nobody to tell.
    with django_capture_on_commit_callbacks(execute=True):
        action.lead_officer_user = None
        action_services.action_save(action=action, actor=board_manager)
    assert len(smtp_inbox.messages) == 2


def test_no_assignment_email_while_suppressed(
    smtp_inbox, django_capture_on_commit_callbacks, board_manager, lead_a, agency_a, recommendation
):
    with django_capture_on_commit_callbacks(execute=True), mail.suppressed():
        new_action(recommendation, agency_a, board_manager, lead_a)
    assert smtp_inbox.messages == []


def test_scrutiny_members_of_the_board_get_a_link_when_a_report_is_issued(
    smtp_inbox,
    django_capture_on_commit_callbacks,
    board_manager,
    partnership,
    review,
    recommendation,
    action_a,
):
    board = ScrutinyBoardFactory(partnership=partnership, name="Children's Scrutiny Board")
    other_board = ScrutinyBoardFactory(partnership=partnership, name="Adults Scrutiny Board")
    members = [
        UserFactory(
            username=f"cllr.{n}",
            role=Role.SCRUTINY_MEMBER,
            partnership=partnership,
            scrutiny_board=board,
        )
        for n in range(2)
    ]
    elsewhere = UserFactory(
        username="cllr.other",
        role=Role.SCRUTINY_MEMBER,
        partnership=partnership,
        scrutiny_board=other_board,
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = report_issue(
            options=ReportOptions(kind="assurance", review_ids=(review.pk,)),
            audience=board,
            actor=board_manager,
        )
    for member in members:
        [message] = smtp_inbox.to(member.email)
        assert message["Subject"] == (
            "SCR Tracker: a report has been issued to Children's Scrutiny Board"
        )
        body = smtp_inbox.body(message)
        assert f"{SITE}{report.get_absolute_url()}" in body
        # A link, no content: not the title, the review or its recommendations.
        for text in (report.title, review.title, review.reference, recommendation.text):
            assert text not in body + message["Subject"]
    assert smtp_inbox.to(elsewhere.email) == []
    assert smtp_inbox.to(board_manager.email) == []
