import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from scr_tracker.exports import neutralise

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/","Click")'


def _csv(response):
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _xlsx(response):
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    rows = list(sheet.values)
    # Read-only sheets leave out empty cells at the end of a row.
    return [dict(zip(rows[0], [*row, *[None] * len(rows[0])], strict=False)) for row in rows[1:]]


def test_csv_has_the_action_plan_columns_and_both_ratings(client, board_manager, plan, action_a):
    client.force_login(board_manager)
    response = client.get(reverse("assurance:action_export_csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert len(rows) == 2
    row = next(r for r in rows if r["Action ID"] == str(action_a.pk))
    assert row["Key actions"] == "Health visitors attend meetings"
    assert row["Review"] == "Baby F" and row["Recommendation"] == "1"
    assert row["Agency"] == "Health visiting provider"
    assert row["Due date"] == "2030-12-31" and row["Lead officer"] == "Head of Service"
    assert row["Status"] == "Not started"
    assert row["Partnership RAG"] == "Green" and row["Agency RAG"] == "Not rated"


def test_exports_honour_the_filters(client, board_manager, plan, action_a, agency_b):
    client.force_login(board_manager)
    rows = _csv(client.get(reverse("assurance:action_export_csv"), {"agency": agency_b.pk}))
    assert [r["Agency"] for r in rows] == ["Children's social care"]


def test_lead_exports_only_their_agencys_actions(client, lead_a, plan, action_a):
    client.force_login(lead_a)
    assert [r["Action ID"] for r in _csv(client.get(reverse("assurance:action_export_csv")))] == [
        str(action_a.pk)
    ]
    assert [r["Action ID"] for r in _xlsx(client.get(reverse("assurance:action_export_xlsx")))] == [
        action_a.pk
    ]


def test_scrutiny_member_cannot_export(client, scrutiny_member, plan):
    client.force_login(scrutiny_member)
    assert client.get(reverse("assurance:action_export_csv")).status_code == 403


def test_csv_neutralises_formulas_and_keeps_markup_as_text(client, board_manager, plan, action_a):
    action_a.key_actions = FORMULA
    action_a.lead_officer = "<script>alert(1)</script>"
    action_a.save()
    client.force_login(board_manager)
    row = next(
        r
        for r in _csv(client.get(reverse("assurance:action_export_csv")))
        if r["Action ID"] == str(action_a.pk)
    )
    assert row["Key actions"] == "'" + FORMULA
    assert row["Lead officer"] == "<script>alert(1)</script>"


def test_xlsx_neutralises_formulas(client, board_manager, plan, action_a):
    action_a.key_actions = FORMULA
    action_a.save()
    client.force_login(board_manager)
    response = client.get(reverse("assurance:action_export_xlsx"))
    assert (
        response["Content-Type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    row = next(r for r in _xlsx(response) if r["Action ID"] == action_a.pk)
    assert row["Key actions"] == "'" + FORMULA
    assert row["Due date"].date().isoformat() == "2030-12-31"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_prefix_is_neutralised(text):
    assert neutralise(text) == "'" + text


def test_plain_text_and_numbers_are_left_alone():
    assert neutralise("Refresh guidance") == "Refresh guidance"
    assert neutralise(-5) == -5


def test_recommendation_and_review_exports(client, board_manager, plan):
    client.force_login(board_manager)
    recs = _csv(client.get(reverse("assurance:recommendation_export_csv")))
    assert [(r["Review"], r["Number"], r["Actions"]) for r in recs] == [("Baby F", "1", "2")]
    reviews = _xlsx(client.get(reverse("assurance:review_export_xlsx")))
    assert [(r["Reference"], r["Actions"]) for r in reviews] == [("SCR-BABY-F", 2)]


@pytest.mark.parametrize("size", [2, 40])
def test_export_query_count_does_not_grow(
    client, django_assert_max_num_queries, board_manager, recommendation, agency_a, size
):
    from tests.recommendations.factories import ActionFactory

    ActionFactory.create_batch(size, recommendation=recommendation, agency=agency_a)
    client.force_login(board_manager)
    # Whether the list is long enough for the background worker, the rows, then the timescale
    # history of each chunk of 2,000 rows.
    with django_assert_max_num_queries(9):
        assert len(_csv(client.get(reverse("assurance:action_export_csv")))) == size


def test_exports_carry_every_timescale_an_action_has_had(
    client, board_manager, recommendation, agency_a
):
    from recommendations.models import Action, RevisionState
    from recommendations.services import action_save

    action, _ = action_save(
        action=Action(
            recommendation=recommendation,
            agency=agency_a,
            key_actions="Audit",
            timescale="December 2016",
        ),
        actor=board_manager,
    )
    action.timescale = "April 2017"
    action_save(action=action, actor=board_manager, reason="Agreed at the March board")
    assert action.due_date_revisions.filter(state=RevisionState.APPROVED).count() == 1
    client.force_login(board_manager)
    csv_row = next(
        r
        for r in _csv(client.get(reverse("assurance:action_export_csv")))
        if r["Action ID"] == str(action.pk)
    )
    expected = (
        "Original: December 2016 (31/12/2016); 1st revision: April 2017 (30/04/2017), "
        f"agreed by {board_manager}: Agreed at the March board"
    )
    assert csv_row["Every timescale (original and revisions)"] == expected
    xlsx_row = next(
        r
        for r in _xlsx(client.get(reverse("assurance:action_export_xlsx")))
        if r["Action ID"] == action.pk
    )
    assert xlsx_row["Every timescale (original and revisions)"] == expected


def test_timescale_deciders_are_named_as_users_are():
    from recommendations.revisions import _decider

    assert _decider("Rebekah", "Eaves", "r.eaves") == "Rebekah Eaves"
    assert _decider("", "", "r.eaves") == "r.eaves"
    assert _decider(None, None, None) is None
