"""The action plan download: what each role gets, spreadsheet formula injection neutralised,
and a round trip back through the importer without loss."""

import datetime
import io
import re
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from recommendations.importer import services
from recommendations.importer.export import EXPORT_HEADINGS, write_text
from recommendations.importer.headings import match_heading
from recommendations.models import Action, Recommendation, RecommendationScope, RecommendationSource
from recommendations.services import action_save
from reviews.models import Review
from tests.recommendations.factories import ActionFactory, RecommendationFactory
from tests.recommendations.import_helpers import prepare

pytestmark = pytest.mark.django_db

INJECTION = '=HYPERLINK("http://x","y")'


def download(client, user, review):
    client.force_login(user)
    return client.get(reverse("recommendations:action_plan_download", args=[review.pk]))


def sheet_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [[cell for cell in row] for row in workbook.active.iter_rows(values_only=True)]


def test_download_link_is_on_the_review_page(client, board_manager, plan):
    client.force_login(board_manager)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("recommendations:action_plan_download", args=[plan.pk]) in html
    assert "Download action plan (Excel)" in html
    assert f"{reverse('recommendations:import_upload')}?review={plan.pk}" in html


def test_agency_lead_sees_the_download_link_but_not_the_import_link(client, lead_a, plan):
    client.force_login(lead_a)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "Download action plan (Excel)" in html
    assert reverse("recommendations:import_upload") not in html


def test_download_is_an_xlsx_file_in_the_second_templates_column_order(client, board_manager, plan):
    response = download(client, board_manager, plan)
    assert (
        response["Content-Type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="scr-baby-f-action-plan.xlsx"'
    rows = sheet_rows(response)
    assert rows[0][0] == "OFFICIAL-SENSITIVE"
    header = next(row for row in rows if row[0] == "No.")
    assert list(header) == [heading for heading, _ in EXPORT_HEADINGS]
    assert [match_heading(h) for h in header] == [
        "number",
        "recommendation",
        "desired_outcome",
        "key_actions",
        "lead_officer",
        "timescale",
        "outcome_measure",
        "agency",
        "evidence_expected",
        "due_date",
    ]


def test_board_manager_and_scrutineer_get_every_agencys_rows(
    client, board_manager, scrutineer, plan
):
    for user in (board_manager, scrutineer):
        agencies = {row[7] for row in sheet_rows(download(client, user, plan)) if row[0] == "1"}
        assert agencies == {"Health visiting provider", "Children's social care"}


def test_agency_lead_gets_only_their_agencys_rows(client, lead_a, plan):
    rows = sheet_rows(download(client, lead_a, plan))
    assert {row[7] for row in rows if row[0] == "1"} == {"Health visiting provider"}
    assert any("your agencies' actions only" in str(row[0]) for row in rows[:4])


def test_archived_actions_are_left_out(client, board_manager, plan, action_b):
    action_b.archive(reason="Duplicate")
    rows = sheet_rows(download(client, board_manager, plan))
    assert {row[7] for row in rows if row[0] == "1"} == {"Health visiting provider"}


def test_formula_like_text_is_stored_as_text_excel_will_not_evaluate(
    client, board_manager, plan, action_a
):
    action_a.key_actions = INJECTION
    action_a.lead_officer = "+44 24 7683 3003"
    action_a.save()
    response = download(client, board_manager, plan)
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    # A string cell, never a formula element.
    assert "<f>" not in sheet
    assert re.search(
        r'<c r="D\d+" s="\d+" t="inlineStr"><is><t>=HYPERLINK\("http://x","y"\)</t>', sheet
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cell = next(c for row in workbook.active.iter_rows() for c in row if c.value == INJECTION)
    assert cell.data_type == "s" and cell.quotePrefix
    lead = next(
        c for row in workbook.active.iter_rows() for c in row if c.value == "+44 24 7683 3003"
    )
    assert lead.data_type == "s" and lead.quotePrefix


def test_write_text_leaves_ordinary_text_alone():
    cell = openpyxl.Workbook().active["A1"]
    write_text(cell, "Ordinary text")
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("Ordinary text", "s", False)


def test_download_query_count_does_not_grow(
    client, django_assert_max_num_queries, board_manager, review, agency_a
):
    for size in (1, 30):
        target = Review.objects.create(
            partnership=review.partnership, reference=f"R{size}", title="T"
        )
        for n in range(size):
            ActionFactory(
                recommendation=RecommendationFactory(review=target, number=str(n + 1)),
                agency=agency_a,
            )
        client.force_login(board_manager)
        with django_assert_max_num_queries(11):
            assert (
                client.get(
                    reverse("recommendations:action_plan_download", args=[target.pk])
                ).status_code
                == 200
            )


# --- the round trip ---


def _plan_of(review):
    """Everything the importer carries, per recommendation, comparable between reviews."""
    result = []
    recs = (
        Recommendation.objects.filter(review=review)
        .select_related("source_agency")
        .order_by("source", "source_agency__name", "number")
    )
    for rec in recs:
        actions = (
            Action.objects.filter(recommendation=rec)
            .select_related("agency")
            .order_by("agency__name", "position")
        )
        result.append(
            (
                rec.number,
                rec.text,
                rec.source,
                rec.source_agency.name if rec.source_agency else None,
                rec.scope,
                rec.desired_outcome,
                [
                    (
                        a.agency.name,
                        a.key_actions,
                        a.lead_officer,
                        a.timescale,
                        a.due_date,
                        a.evidence_expected,
                        a.outcome_measure,
                        a.status,
                    )
                    for a in actions
                ],
            )
        )
    return result


def _action(rec, agency, board_manager, **fields):
    action = Action(recommendation=rec, agency=agency, **fields)
    action_save(action=action, actor=board_manager, derive_due_date="due_date" not in fields)
    return action


def test_export_imports_back_into_a_new_review_without_loss(
    client, board_manager, review, agency_a, agency_b
):
    overview = RecommendationFactory(
        review=review,
        number="1",
        text="Seek assurance that GP practices hold meetings.\nWith school nurses.",
        desired_outcome="Timely information sharing",
    )
    empty = RecommendationFactory(
        review=review, number="2a", text="A recommendation with no actions yet."
    )
    imr = Recommendation.objects.create(
        review=review,
        number="iv",
        text="Professional curiosity about new partners.",
        source=RecommendationSource.IMR,
        source_agency=agency_b,
        scope=RecommendationScope.SINGLE_AGENCY,
        addressed_agency=agency_b,
        position=3,
    )
    other = Recommendation.objects.create(
        review=review,
        number="1",
        text="Lessons for the LADO.",
        source=RecommendationSource.OTHER,
        position=4,
    )
    _action(
        overview,
        agency_a,
        board_manager,
        key_actions="Attend every practice meeting",
        lead_officer="Head of HV",
        timescale="Immediate – completed by July 2015",
        evidence_expected="Attendance records",
        outcome_measure="95% attendance",
    )
    _action(
        overview,
        agency_b,
        board_manager,
        key_actions=INJECTION,
        lead_officer="-",
        timescale="31.03.2015 / 31.05.2015",
        outcome_measure="@mention",
    )
    _action(
        overview,
        agency_a,
        board_manager,
        key_actions="Audit",
        lead_officer="All managers",
        timescale="Ongoing",
        due_date=datetime.date(2016, 3, 31),
    )
    _action(
        imr,
        agency_b,
        board_manager,
        key_actions="Add a curiosity module",
        lead_officer="Training lead",
        timescale="Already actioned see 8.5.2",
    )
    _action(
        imr,
        agency_b,
        board_manager,
        key_actions="Revise the form",
        lead_officer="Strategic Head of Service, Safeguarding Unit",
        timescale="On advice from legal services",
    )
    _action(other, agency_a, board_manager, key_actions="Brief the LADO", timescale="8/04/2015")
    revised = Action.objects.get(key_actions="Audit")
    revised.due_date = datetime.date(2016, 9, 30)
    action_save(action=revised, actor=board_manager, derive_due_date=False)
    assert empty.actions.count() == 0

    response = download(client, board_manager, review)
    prepared = prepare(response.content, partnership=review.partnership, filename="export.xlsx")
    assert not prepared.needs_mapping and prepared.preview.ok, prepared.preview.all_errors()
    batch = services.import_batch_create(
        prepared=prepared,
        actor=board_manager,
        partnership_id=review.partnership_id,
        new_review={"reference": "COPY", "title": "Copy", "kind": "scr"},
    )
    result = services.import_batch_commit(batch=batch, actor=board_manager)
    assert result.imported, result.errors
    copy = Review.objects.get(reference="COPY")
    assert _plan_of(copy) == _plan_of(review)
    assert (
        Action.objects.get(recommendation__review=copy, lead_officer="-").key_actions == INJECTION
    )
    assert prepared.preview.summary()["agencies_created"] == []
