"""The action edit form is no back door: it cannot close an action as not implemented or set
its re-audit date. Those go through "Close as not implemented" and "Impact check", whose
services check who may and keep the reason in the history."""

import datetime

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.models import ActionStatus

pytestmark = pytest.mark.django_db


def edit_data(action, **overrides):
    data = {
        "agency": action.agency_id,
        "key_actions": action.key_actions,
        "lead_officer": action.lead_officer,
        "timescale": action.timescale,
        "due_date_0": "31",
        "due_date_1": "12",
        "due_date_2": "2030",
        "evidence_expected": "",
        "outcome_measure": "",
        "status": action.status,
        "loaded_version": action.version,
    }
    data.update(overrides)
    return data


def test_the_edit_form_offers_no_closure_and_no_reaudit_date(client, board_manager, action_a):
    client.force_login(board_manager)
    response = client.get(reverse("recommendations:action_edit", args=[action_a.pk]))
    form = response.context["form"]
    assert "not_implemented" not in [value for value, _ in form.fields["status"].choices]
    assert "assured" not in [value for value, _ in form.fields["status"].choices]
    assert "not_implemented_reason" not in form.fields and "reaudit_due" not in form.fields
    html = response.content.decode()
    assert 'name="reaudit_due_0"' not in html and 'name="not_implemented_reason"' not in html


def test_posting_closure_or_a_reaudit_date_to_the_edit_form_changes_neither(
    client, board_manager, action_a
):
    client.force_login(board_manager)
    url = reverse("recommendations:action_edit", args=[action_a.pk])
    closing = client.post(
        url,
        edit_data(action_a, status="not_implemented", not_implemented_reason="Superseded"),
    )
    assert closing.status_code == 200
    assert "Select a valid choice" in closing.content.decode()
    # A re-audit date sent with an otherwise valid edit is not a field of the form: ignored.
    saved = client.post(
        url,
        edit_data(
            action_a,
            key_actions="Refreshed wording",
            reaudit_due_0="1",
            reaudit_due_1="5",
            reaudit_due_2="2031",
        ),
    )
    assert saved.status_code == 302
    action_a.refresh_from_db()
    assert action_a.key_actions == "Refreshed wording"
    assert action_a.status == ActionStatus.NOT_STARTED and action_a.not_implemented_reason == ""
    assert action_a.reaudit_due is None


def test_a_closed_action_can_still_be_edited_and_stays_closed(client, board_manager, action_a):
    services.action_close_not_implemented(
        action=action_a, actor=board_manager, reason="Superseded by the national review"
    )
    action_a.refresh_from_db()
    services.action_impact_record(
        action=action_a, actor=board_manager, reaudit_due=datetime.date(2031, 5, 1)
    )
    action_a.refresh_from_db()
    client.force_login(board_manager)
    response = client.post(
        reverse("recommendations:action_edit", args=[action_a.pk]),
        edit_data(action_a, key_actions="Wording corrected"),
    )
    assert response.status_code == 302
    action_a.refresh_from_db()
    assert action_a.status == ActionStatus.NOT_IMPLEMENTED
    assert action_a.not_implemented_reason == "Superseded by the national review"
    assert action_a.reaudit_due == datetime.date(2031, 5, 1)
