"""Leads ask to move a due date; the board manager agrees or declines; every timescale stays."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations.models import Action, DueDateRevision, RevisionState
from tests.once import sent_once
from tests.recommendations.test_views import action_data

pytestmark = pytest.mark.django_db


def future(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def date_fields(day: datetime.date, name="due_date"):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@pytest.fixture
def planned_action(client, board_manager, recommendation, agency_a):
    """An action added through the form, so its original timescale is recorded."""
    client.force_login(board_manager)
    client.post(
        reverse("recommendations:action_create", args=[recommendation.pk]),
        action_data(agency_a, timescale="By September 2030"),
    )
    client.logout()
    return Action.objects.get()


def ask(client, action, day, reason="Two practice educator posts are vacant until March."):
    return client.post(
        reverse("assurance:due_date_request", args=[action.pk]),
        sent_once(client, {**date_fields(day), "reason": reason}),
    )


def decide(client, revision, **data):
    return client.post(reverse("assurance:due_date_decide", args=[revision.pk]), data)


def test_lead_asks_for_a_new_date_which_waits_for_a_decision(client, lead_a, planned_action):
    client.force_login(lead_a)
    response = ask(client, planned_action, future(200))
    assert response.status_code == 302
    request = DueDateRevision.objects.get(state=RevisionState.PENDING)
    assert (request.due_date, request.requested_by) == (future(200), lead_a)
    planned_action.refresh_from_db()
    assert planned_action.due_date == datetime.date(2030, 9, 30)
    html = client.get(planned_action.get_absolute_url()).content.decode()
    assert "is awaiting the board manager" in html and "Requested, awaiting decision" in html


def test_request_needs_a_reason_and_a_future_date(client, lead_a, planned_action):
    client.force_login(lead_a)
    html = ask(
        client, planned_action, timezone.localdate() - datetime.timedelta(days=1), reason=""
    ).content.decode()
    assert "Say why the due date needs to move" in html
    html = ask(
        client, planned_action, timezone.localdate() - datetime.timedelta(days=1)
    ).content.decode()
    assert "The new due date must be in the future." in html
    assert not DueDateRevision.objects.filter(state=RevisionState.PENDING).exists()


def test_one_request_at_a_time(client, lead_a, planned_action):
    client.force_login(lead_a)
    ask(client, planned_action, future(200))
    html = client.get(planned_action.get_absolute_url()).content.decode()
    assert "Ask to change the due date" not in html
    html = ask(client, planned_action, future(300)).content.decode()
    assert "There is already a request to move this due date" in html
    assert DueDateRevision.objects.filter(state=RevisionState.PENDING).count() == 1


def test_lead_of_another_agency_cannot_ask(client, lead_b, planned_action):
    client.force_login(lead_b)
    assert ask(client, planned_action, future(200)).status_code == 404


def test_approval_moves_the_due_date_and_adds_no_second_revision(
    client, board_manager, lead_a, planned_action
):
    client.force_login(lead_a)
    ask(client, planned_action, future(200))
    request = DueDateRevision.objects.get(state=RevisionState.PENDING)
    client.force_login(board_manager)
    response = decide(client, request, decision="approve", comment="Agreed at the subgroup.")
    assert response.status_code == 302
    planned_action.refresh_from_db()
    assert planned_action.due_date == future(200)
    assert planned_action.timescale == request.due_date.strftime("%-d %B %Y")
    revisions = list(DueDateRevision.objects.filter(action=planned_action).order_by("id"))
    assert [(r.state, r.due_date) for r in revisions] == [
        (RevisionState.ORIGINAL, datetime.date(2030, 9, 30)),
        (RevisionState.APPROVED, future(200)),
    ]
    assert (
        revisions[1].decided_by == board_manager
        and revisions[1].decision_comment == "Agreed at the subgroup."
    )
    latest = planned_action.history.latest()
    assert (
        latest.history_user == board_manager
        and "at the agency's request" in latest.history_change_reason
    )


def test_every_timescale_is_listed_with_who_agreed_it_and_why(
    client, board_manager, lead_a, planned_action
):
    for days, reason in ((200, "Educator vacancies"), (300, "Audit tool rebuilt")):
        client.force_login(lead_a)
        ask(client, planned_action, future(days), reason=reason)
        client.force_login(board_manager)
        decide(
            client,
            DueDateRevision.objects.get(state=RevisionState.PENDING),
            decision="approve",
            comment=f"OK: {reason}",
        )
    client.force_login(lead_a)
    ask(client, planned_action, future(400), reason="Third try")
    client.force_login(board_manager)
    decide(
        client,
        DueDateRevision.objects.get(state=RevisionState.PENDING),
        decision="decline",
        comment="No further slippage.",
    )
    html = client.get(planned_action.get_absolute_url()).content.decode()
    rows = html[html.index("Every timescale this action has had") :]
    for words in (
        "Original",
        "1st revision",
        "2nd revision",
        "Requested, declined",
        "Educator vacancies",
        "OK: Audit tool rebuilt",
        "No further slippage.",
    ):
        assert words in rows
    assert (
        rows.index("Original")
        < rows.index("1st revision")
        < rows.index("2nd revision")
        < rows.index("Requested, declined")
    )
    assert "Agreed by" in rows and "Declined by" in rows


def test_declining_needs_a_comment_and_leaves_the_date(
    client, board_manager, lead_a, planned_action
):
    client.force_login(lead_a)
    ask(client, planned_action, future(200))
    request = DueDateRevision.objects.get(state=RevisionState.PENDING)
    client.force_login(board_manager)
    assert (
        "Say why the request is declined"
        in decide(client, request, decision="decline", comment="").content.decode()
    )
    decide(client, request, decision="decline", comment="The board expects this by September.")
    request.refresh_from_db()
    planned_action.refresh_from_db()
    assert request.state == RevisionState.DECLINED
    assert planned_action.due_date == datetime.date(2030, 9, 30)


def test_lead_cannot_decide_their_own_request(client, lead_a, planned_action):
    client.force_login(lead_a)
    ask(client, planned_action, future(200))
    request = DueDateRevision.objects.get(state=RevisionState.PENDING)
    assert decide(client, request, decision="approve").status_code == 403
    request.refresh_from_db()
    assert request.state == RevisionState.PENDING


def test_board_manager_editing_without_changing_the_date_adds_no_revision(
    client, board_manager, lead_a, planned_action
):
    client.force_login(lead_a)
    ask(client, planned_action, future(200))
    client.force_login(board_manager)
    decide(client, DueDateRevision.objects.get(state=RevisionState.PENDING), decision="approve")
    planned_action.refresh_from_db()
    data = action_data(
        planned_action.agency, timescale=planned_action.timescale, lead_officer="Named nurse"
    )
    data.update(date_fields(planned_action.due_date))
    client.post(reverse("recommendations:action_edit", args=[planned_action.pk]), data)
    assert DueDateRevision.objects.filter(action=planned_action).count() == 2


@pytest.mark.parametrize("size", [1, 8])
def test_due_date_pages_query_counts_do_not_grow(
    client, django_assert_max_num_queries, board_manager, lead_a, planned_action, size
):
    client.force_login(lead_a)
    for n in range(size):
        ask(client, planned_action, future(100 + n), reason=f"Reason {n}")
        client.force_login(board_manager)
        decide(
            client,
            DueDateRevision.objects.get(state=RevisionState.PENDING),
            decision="decline",
            comment="No",
        )
        client.force_login(lead_a)
    with django_assert_max_num_queries(9):
        assert (
            client.get(reverse("assurance:due_date_request", args=[planned_action.pk])).status_code
            == 200
        )
    ask(client, planned_action, future(500))
    client.force_login(board_manager)
    pending = DueDateRevision.objects.get(state=RevisionState.PENDING)
    with django_assert_max_num_queries(9):
        assert (
            client.get(reverse("assurance:due_date_decide", args=[pending.pk])).status_code == 200
        )
    # 12: one of them reads the board's open request for evidence, if any.
    with django_assert_max_num_queries(12):
        assert client.get(planned_action.get_absolute_url()).status_code == 200
