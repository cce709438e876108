"""The lead officer picker: adding or editing an action offers only agency leads, grouped by
agency (<optgroup>, no JavaScript), and the server refuses a lead of another agency. A new
action's form has no closure or re-audit fields."""

import pytest
from django.urls import reverse

from recommendations.models import Action
from scr_tracker.models import Role
from tests.recommendations.test_views import action_data
from tests.reviews.factories import AgencyFactory
from tests.scr_tracker.factories import UserFactory

pytestmark = pytest.mark.django_db


def lead_select(html: str) -> str:
    start = html.index('name="lead_officer_user"')
    return html[start : html.index("</select>", start)]


def test_only_agency_leads_are_offered_grouped_by_agency(
    client,
    board_manager,
    lead_a,
    lead_b,
    scrutineer,
    administrator,
    outsider,
    recommendation,
    agency_a,
    partnership,
):
    gone = UserFactory(
        username="gone", role=Role.AGENCY_LEAD, partnership=partnership, agencies=[agency_a]
    )
    gone.is_active = False
    gone.save()
    closed = AgencyFactory(partnership=partnership, name="Closed agency", is_active=False)
    UserFactory(
        username="closed.lead", role=Role.AGENCY_LEAD, partnership=partnership, agencies=[closed]
    )
    client.force_login(board_manager)
    select = lead_select(
        client.get(
            reverse("recommendations:action_create", args=[recommendation.pk])
        ).content.decode()
    )
    assert '<optgroup label="Children&#x27;s social care">' in select
    assert '<optgroup label="Health visiting provider">' in select
    a_group = select.split('<optgroup label="Health visiting provider">')[1].split("</optgroup>")[0]
    assert f'value="{lead_a.pk}"' in a_group and f'value="{lead_b.pk}"' not in a_group
    for not_offered in (board_manager, scrutineer, administrator, outsider, gone):
        assert f'value="{not_offered.pk}"' not in select
    assert "Closed agency" not in select
    assert "Not linked to an account" in select


def test_a_lead_of_another_agency_is_refused_with_a_clear_error(
    client, board_manager, lead_a, lead_b, recommendation, agency_a
):
    client.force_login(board_manager)
    url = reverse("recommendations:action_create", args=[recommendation.pk])
    response = client.post(url, action_data(agency_a, lead_officer_user=lead_b.pk))
    assert response.status_code == 200
    assert (
        f"{lead_b} is not an agency lead of Health visiting provider" in response.content.decode()
    )
    assert not Action.objects.exists()
    response = client.post(url, action_data(agency_a, lead_officer_user=lead_a.pk))
    assert response.status_code == 302
    assert Action.objects.get().lead_officer_user == lead_a


def test_a_board_manager_account_cannot_be_posted_as_lead_officer(
    client, board_manager, recommendation, agency_a
):
    client.force_login(board_manager)
    response = client.post(
        reverse("recommendations:action_create", args=[recommendation.pk]),
        action_data(agency_a, lead_officer_user=board_manager.pk),
    )
    assert response.status_code == 200 and not Action.objects.exists()
    assert "Select a valid choice" in response.content.decode()


def test_editing_checks_the_lead_against_the_chosen_agency(
    client, board_manager, lead_a, lead_b, action_a, agency_b
):
    action_a.lead_officer_user = lead_a
    action_a.save()
    client.force_login(board_manager)
    url = reverse("recommendations:action_edit", args=[action_a.pk])
    data = action_data(
        agency_b, lead_officer_user=lead_a.pk, loaded_version=action_a.version, change_reason=""
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert (
        f"{lead_a} is not an agency lead of Children&#x27;s social care"
        in response.content.decode()
    )
    response = client.post(url, {**data, "lead_officer_user": lead_b.pk})
    assert response.status_code == 302
    action_a.refresh_from_db()
    assert (action_a.agency, action_a.lead_officer_user) == (agency_b, lead_b)


def test_an_account_linked_before_that_is_not_a_lead_is_shown_and_must_change(
    client, board_manager, action_a, agency_a
):
    action_a.lead_officer_user = board_manager
    action_a.save()
    client.force_login(board_manager)
    url = reverse("recommendations:action_edit", args=[action_a.pk])
    select = lead_select(client.get(url).content.decode())
    assert '<optgroup label="Linked now, not an agency lead">' in select
    data = action_data(
        agency_a, lead_officer_user=board_manager.pk, loaded_version=action_a.version
    )
    response = client.post(url, data)
    assert response.status_code == 200 and "is not an agency lead of" in response.content.decode()
    assert client.post(url, {**data, "lead_officer_user": ""}).status_code == 302


def test_a_new_action_form_has_no_closure_or_reaudit_fields(
    client, board_manager, recommendation, action_a
):
    client.force_login(board_manager)
    new = client.get(reverse("recommendations:action_create", args=[recommendation.pk]))
    form = new.context["form"]
    assert "not_implemented_reason" not in form.fields and "reaudit_due" not in form.fields
    assert "not_implemented" not in [value for value, _ in form.fields["status"].choices]
    html = new.content.decode()
    assert 'name="not_implemented_reason"' not in html and 'name="reaudit_due_0"' not in html
    # Nor does the edit form: closing and the impact check go through their own pages.
    edit = client.get(reverse("recommendations:action_edit", args=[action_a.pk])).context["form"]
    assert "not_implemented_reason" not in edit.fields and "reaudit_due" not in edit.fields


def test_a_new_action_cannot_be_posted_closed(client, board_manager, recommendation, agency_a):
    client.force_login(board_manager)
    response = client.post(
        reverse("recommendations:action_create", args=[recommendation.pk]),
        action_data(agency_a, status="not_implemented", not_implemented_reason="Never"),
    )
    assert response.status_code == 200 and not Action.objects.exists()


@pytest.mark.parametrize("size", [1, 8])
def test_the_picker_costs_the_same_queries_whatever_the_number_of_leads(
    client, django_assert_max_num_queries, board_manager, recommendation, partnership, size
):
    for n in range(size):
        agency = AgencyFactory(partnership=partnership, name=f"Agency {n}")
        UserFactory(
            username=f"lead.{n}", role=Role.AGENCY_LEAD, partnership=partnership, agencies=[agency]
        )
    client.force_login(board_manager)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("recommendations:action_create", args=[recommendation.pk]))
    assert lead_select(response.content.decode()).count("<optgroup") == size
