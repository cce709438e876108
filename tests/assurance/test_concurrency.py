"""No lost updates: a save on top of someone else's changes to the same fields is refused."""

import pytest
from django.urls import reverse

from assurance import services
from assurance.models import AssuranceStatement
from tests.once import form_token
from tests.recommendations.test_views import action_data
from tests.scr_tracker.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_manager(partnership):
    return UserFactory(
        username="deputy.manager",
        first_name="Dee",
        last_name="Puty",
        role="board_manager",
        partnership=partnership,
    )


def edit_action(client, action, loaded_version, **fields):
    data = action_data(
        action.agency,
        timescale=action.timescale,
        due_date_0=action.due_date.day,
        due_date_1=action.due_date.month,
        due_date_2=action.due_date.year,
        loaded_version=loaded_version,
    )
    data.update(fields)
    return client.post(reverse("recommendations:action_edit", args=[action.pk]), data)


def test_edit_form_carries_the_version_it_was_loaded_with(client, board_manager, action_a):
    client.force_login(board_manager)
    html = client.get(reverse("recommendations:action_edit", args=[action_a.pk])).content.decode()
    assert f'name="loaded_version" value="{action_a.version}"' in html


def test_second_concurrent_save_of_an_action_is_refused_showing_the_change(
    client, board_manager, second_manager, action_a
):
    loaded = action_a.version
    client.force_login(board_manager)
    assert (
        edit_action(client, action_a, loaded, lead_officer="Head of Health Visiting").status_code
        == 302
    )
    client.force_login(second_manager)
    response = edit_action(client, action_a, loaded, lead_officer="Named Nurse for Safeguarding")
    assert response.status_code == 409
    html = response.content.decode()
    assert "Your changes were not saved" in html
    row = html[html.index(">Lead officer<") :]
    assert row.index("Head of Health Visiting") < row.index("Named Nurse for Safeguarding")
    assert str(board_manager) in html
    action_a.refresh_from_db()
    assert action_a.lead_officer == "Head of Health Visiting"
    assert action_a.history.filter(history_user=second_manager).count() == 0


def test_save_that_would_undo_a_change_made_meanwhile_is_refused(
    client, board_manager, second_manager, action_a
):
    loaded = action_a.version
    client.force_login(board_manager)
    edit_action(client, action_a, loaded, lead_officer="Head of Health Visiting")
    client.force_login(second_manager)
    # The second form still holds the old lead officer and changes another field.
    response = edit_action(
        client, action_a, loaded, lead_officer=action_a.lead_officer, evidence_expected="Audit"
    )
    assert response.status_code == 409
    action_a.refresh_from_db()
    assert (
        action_a.lead_officer == "Head of Health Visiting"
        and action_a.evidence_expected == "Revised guidance"
    )


def test_a_change_to_fields_the_form_does_not_edit_does_not_block(
    client, board_manager, lead_a, action_a
):
    action_a.status = "in_progress"
    action_a.save()
    loaded = action_a.version
    services.progress_update_post(
        action=action_a, actor=lead_a, narrative="Going", rag="amber", rag_reason="Late"
    )
    client.force_login(board_manager)
    response = edit_action(
        client, action_a, loaded, lead_officer="Head of Health Visiting", status="in_progress"
    )
    assert response.status_code == 302
    action_a.refresh_from_db()
    assert action_a.lead_officer == "Head of Health Visiting" and action_a.agency_rag == "amber"


def test_a_status_changed_meanwhile_by_a_lead_update_is_not_reverted(
    client, board_manager, lead_a, action_a
):
    loaded = action_a.version
    services.progress_update_post(
        action=action_a, actor=lead_a, narrative="Started", rag="green", rag_reason="Fine"
    )
    client.force_login(board_manager)
    response = edit_action(client, action_a, loaded, lead_officer="Head of Health Visiting")
    assert response.status_code == 409
    html = response.content.decode()
    row = html[html.index(">Status<") :]
    assert row.index("In progress") < row.index("Not started")
    action_a.refresh_from_db()
    assert action_a.status == "in_progress"


def test_the_same_form_saved_twice_in_a_row_is_fine(client, board_manager, action_a):
    client.force_login(board_manager)
    assert edit_action(client, action_a, action_a.version, lead_officer="A").status_code == 302
    action_a.refresh_from_db()
    assert edit_action(client, action_a, action_a.version, lead_officer="B").status_code == 302


def statement_post(client, recommendation, loaded_version, narrative, level="Reasonable"):
    return client.post(
        reverse("assurance:statement_edit", args=[recommendation.pk]),
        {
            "narrative": narrative,
            "level": level,
            "loaded_version": loaded_version,
            "change_reason": "",
            "form_token": form_token(client),
        },
    )


def test_statement_form_carries_the_version(client, board_manager, recommendation):
    statement = AssuranceStatement.objects.create(recommendation=recommendation, narrative="Meet.")
    client.force_login(board_manager)
    html = client.get(
        reverse("assurance:statement_edit", args=[recommendation.pk])
    ).content.decode()
    assert f'name="loaded_version" value="{statement.version}"' in html


def test_second_concurrent_save_of_a_statement_is_refused(
    client, board_manager, second_manager, recommendation
):
    statement = AssuranceStatement.objects.create(
        recommendation=recommendation, narrative="GP surgeries meet."
    )
    loaded = statement.version
    client.force_login(board_manager)
    assert (
        statement_post(client, recommendation, loaded, "GP surgeries meet monthly.").status_code
        == 302
    )
    client.force_login(second_manager)
    response = statement_post(
        client, recommendation, loaded, "GP surgeries meet weekly.", level="Substantial"
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "GP surgeries meet monthly." in html and "GP surgeries meet weekly." in html
    statement.refresh_from_db()
    assert (statement.narrative, statement.level) == ("GP surgeries meet monthly.", "Reasonable")


def test_two_people_writing_the_first_statement_at_once(
    client, board_manager, second_manager, recommendation
):
    client.force_login(board_manager)
    assert statement_post(client, recommendation, 0, "Written first.").status_code == 302
    client.force_login(second_manager)
    response = statement_post(client, recommendation, 0, "Written second.")
    assert response.status_code == 409
    assert (
        AssuranceStatement.objects.get(recommendation=recommendation).narrative == "Written first."
    )
