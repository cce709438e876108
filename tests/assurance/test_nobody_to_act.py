"""Nobody to act: an open action whose agency has no active lead account is flagged on its
page and in the review queue, with a link to invite one for administrators and whom to ask for
everyone else."""

import pytest
from django.urls import reverse

from recommendations.models import Action, ActionStatus
from scr_tracker.models import Role
from tests.recommendations.factories import ActionFactory
from tests.scr_tracker.factories import UserFactory

pytestmark = pytest.mark.django_db

FLAG = "No one can update this action"
QUEUE_HEADING = "Actions no one can update"


def page(client, action):
    return client.get(action.get_absolute_url()).content.decode()


def test_an_action_whose_agency_has_no_lead_is_flagged_with_whom_to_ask(
    client, board_manager, lead_a, action_a, action_b
):
    client.force_login(board_manager)
    assert FLAG not in page(client, action_a)
    html = page(client, action_b)
    assert FLAG in html
    assert "Ask an administrator to invite an agency lead for Children&#x27;s social care" in html
    assert reverse("accounts:invite") not in html


def test_administrators_get_the_invitation_link(client, administrator, action_b):
    client.force_login(administrator)
    html = page(client, action_b)
    assert FLAG in html
    assert f'href="{reverse("accounts:invite")}"' in html


def test_an_inactive_lead_or_a_lead_with_another_role_does_not_count(
    client, board_manager, partnership, agency_b, action_b
):
    gone = UserFactory(
        username="gone", role=Role.AGENCY_LEAD, partnership=partnership, agencies=[agency_b]
    )
    gone.is_active = False
    gone.save()
    UserFactory(
        username="manager.b", role=Role.BOARD_MANAGER, partnership=partnership, agencies=[agency_b]
    )
    client.force_login(board_manager)
    assert FLAG in page(client, action_b)
    assert list(Action.objects.nobody_to_act()) == [action_b]


def test_closed_and_assured_actions_are_not_flagged(client, board_manager, action_b):
    action_b.status = ActionStatus.ASSURED
    action_b.save()
    client.force_login(board_manager)
    assert FLAG not in page(client, action_b)
    assert not Action.objects.nobody_to_act().exists()


def test_the_review_queue_lists_actions_no_one_can_update(
    client, board_manager, lead_a, action_a, action_b
):
    client.force_login(board_manager)
    html = client.get(reverse("assurance:review_queue")).content.decode()
    assert QUEUE_HEADING in html
    section = html.split(QUEUE_HEADING, 1)[1]
    assert action_b.get_absolute_url() in section
    assert action_a.get_absolute_url() not in section
    assert "Ask an administrator to invite an agency lead" in section


def test_the_review_queue_says_when_every_action_has_someone(
    client, board_manager, lead_a, action_a
):
    client.force_login(board_manager)
    html = client.get(reverse("assurance:review_queue")).content.decode()
    assert "Every open action's agency has an active lead." in html


@pytest.mark.parametrize("size", [1, 8])
def test_the_queue_costs_the_same_queries_whatever_the_number_of_such_actions(
    client, django_assert_max_num_queries, board_manager, recommendation, agency_b, size
):
    for _ in range(size):
        ActionFactory(recommendation=recommendation, agency=agency_b)
    client.force_login(board_manager)
    with django_assert_max_num_queries(11):
        html = client.get(reverse("assurance:review_queue")).content.decode()
    assert html.split(QUEUE_HEADING, 1)[1].count("/assurance/actions/") == size
