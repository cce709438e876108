"""The committed sample files in fixtures/import_samples/, imported end to end."""

import datetime

import pytest

from recommendations.importer import services
from recommendations.importer.reading import ImportFileError
from recommendations.models import Action, ActionStatus, Recommendation
from scr_tracker.models import Agency, AgencyKind
from tests.recommendations.import_helpers import SAMPLES, prepare

pytestmark = pytest.mark.django_db


def import_sample(name, review, actor, **options):
    prepared = prepare((SAMPLES / name).read_bytes(), review=review, filename=name, options=options)
    assert prepared.preview.ok, prepared.preview.all_errors()
    batch = services.import_batch_create(
        prepared=prepared, actor=actor, partnership_id=review.partnership_id, review=review
    )
    result = services.import_batch_commit(batch=batch, actor=actor)
    assert result.imported, result.errors
    return prepared


def test_first_template_with_sections_merged_cells_and_messy_timescales(
    review, board_manager, agency_a
):
    unit = Agency.objects.create(
        partnership=review.partnership, name="LSCB business unit", kind=AgencyKind.PARTNERSHIP
    )
    first = prepare((SAMPLES / "template_one_sections.xlsx").read_bytes(), review=review)
    assert first.header_index == 3  # below two title rows and a blank row
    assert first.preview.rows_without_agency == 4 and first.needs_mapping

    assert [a.name for a in first.preview.unmatched_agencies] == ["Children's Services - Education"]
    prepared = import_sample(
        "template_one_sections.xlsx",
        review,
        board_manager,
        default_agency=unit.pk,
        agency_matches={"childrens services education": "new"},
    )
    warnings = prepared.preview.all_warnings()
    assert any(
        'Row 6: Column F (Date): Read "Immediate – completed by July 2015" as 31 July 2015' in w
        for w in warnings
    )
    assert any(w.startswith("Row 7: Column F (Date): Several dates found") for w in warnings)
    assert any("Row 12: Column F (Date): Could not read a date" in w for w in warnings)
    assert prepared.preview.summary()["agencies_created"] == ["Children's Services - Education"]

    recs = {
        (r.source, r.number): r
        for r in Recommendation.objects.filter(review=review).select_related("source_agency")
    }
    assert set(recs) == {("overview", "1"), ("overview", "2"), ("imr", "6"), ("imr", "7")}
    assert recs[("imr", "6")].source_agency.name == "Children's Services - Education"
    assert recs[("overview", "1")].text.startswith(
        "The LSCB should seek assurance that each GP practice"
    )

    def actions(number):
        return list(
            Action.objects.filter(
                recommendation__review=review, recommendation__number=number
            ).order_by("source_row")
        )

    merged = actions("1")
    assert [(a.source_row, a.agency, a.due_date) for a in merged] == [
        (6, unit, datetime.date(2015, 7, 31)),
        (7, unit, datetime.date(2015, 5, 31)),
        (8, unit, datetime.date(2015, 9, 30)),
    ]
    assert merged[0].timescale == "Immediate – completed by July 2015"
    (actioned,) = actions("2")
    assert (actioned.status, actioned.due_date) == (ActionStatus.COMPLETION_CLAIMED, None)
    legal, dated = actions("6")
    assert (legal.timescale, legal.due_date) == ("On advice from legal services", None)
    assert (dated.lead_officer, dated.due_date) == ("All managers", datetime.date(2015, 4, 8))
    (ongoing,) = actions("7")
    assert (ongoing.timescale, ongoing.due_date) == ("Ongoing", None)


def test_second_template_with_explanatory_headings_and_an_agency_column(
    review, board_manager, agency_b
):
    prepared = import_sample("template_two_imr.xlsx", review, board_manager, create_agencies=True)
    assert prepared.mapping == [
        "number",
        "recommendation",
        "desired_outcome",
        "key_actions",
        "lead_officer",
        "timescale",
        "outcome_measure",
        "agency",
    ]
    recs = {r.number: r for r in Recommendation.objects.filter(review=review)}
    assert set(recs) == {"i", "iv", "v"}
    assert (
        recs["iv"].text
        == "Professional curiosity about new partners should be part of safeguarding training."
    )
    assert recs["i"].desired_outcome == "Every child present at an incident is known to the MASH"
    first, second = Action.objects.filter(recommendation=recs["i"]).order_by("source_row")
    assert (first.due_date, second.due_date) == (
        datetime.date(2015, 7, 31),
        datetime.date(2015, 9, 30),
    )
    assert first.outcome_measure == "Dip sample of 50 forms a quarter"
    curiosity = Action.objects.get(recommendation=recs["iv"])
    assert (curiosity.timescale, curiosity.due_date) == ("April 2016", datetime.date(2016, 4, 30))
    assert (
        Action.objects.get(recommendation=recs["v"]).agency == agency_b
    )  # "Children’s Social Care"
    assert prepared.preview.summary()["agencies_created"] == ["West Midlands Police"]


@pytest.mark.parametrize("name", ["action_plan_windows1252.csv", "action_plan_utf8_bom.csv"])
def test_csv_samples_from_excel_read_the_same(name, review, board_manager, agency_b):
    prepared = import_sample(name, review, board_manager)
    assert prepared.preview.blank_rows == 1
    three = Recommendation.objects.get(review=review, number="3")
    assert three.text == (
        "Reaffirm the importance of the voice of the child – in particular within social care "
        "practice."
    )
    assert list(three.actions.order_by("position").values_list("key_actions", flat=True)) == [
        "Case file audits to check the child’s voice is recorded",
        "Workshops for auditors (£2,000 budget agreed)",
    ]
    assert set(Action.objects.values_list("agency", flat=True)) == {agency_b.pk}
    assert Action.objects.get(recommendation__number="4").status == ActionStatus.COMPLETION_CLAIMED


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("password_protected.xlsx", "is protected with a password"),
        ("old_format.xls", "old Excel 97-2003 format"),
    ],
)
def test_samples_that_cannot_be_read_say_why(name, words, review):
    with pytest.raises(ImportFileError, match=words):
        prepare((SAMPLES / name).read_bytes(), review=review, filename=name)


def test_agency_numbering_sample_imports_each_agencys_own_recommendations(
    review, board_manager, agency_b
):
    police = Agency.objects.create(partnership=review.partnership, name="Leicestershire Police")
    Agency.objects.create(
        partnership=review.partnership, name="Leicestershire Partnership NHS Trust"
    )
    Agency.objects.create(
        partnership=review.partnership, name="University Hospitals of Leicester NHS Trust"
    )
    first = prepare((SAMPLES / "agency_numbering_restarts.xlsx").read_bytes(), review=review)
    assert [a.name for a in first.preview.unmatched_agencies] == ["Social care", "Education"]
    prepared = import_sample(
        "agency_numbering_restarts.xlsx",
        review,
        board_manager,
        agency_matches={"social care": agency_b.pk, "education": "new"},
    )
    scopes = [rec.scope for rec in prepared.preview.recommendations]
    assert scopes == [
        "Leicestershire Police 1",
        "Leicestershire Police 2",
        "Children's social care 1",
        "Leicestershire Partnership NHS Trust i",
        "Leicestershire Partnership NHS Trust ii",
        "University Hospitals of Leicester NHS Trust 1",
        "Education 1",
        "Education 2",
    ]
    assert Action.objects.filter(recommendation__review=review).count() == 10
    assert Recommendation.objects.get(review=review, source_agency=police, number="2")
    education = Action.objects.filter(agency__name="Education").order_by("source_row")
    # Key Actions empty: each action's text is its recommendation's, sub-items and all.
    assert [a.key_actions.splitlines()[0] for a in education] == [
        "Schools should share attendance concerns promptly:",
        "Governors should receive an annual safeguarding report.",
    ]


def test_recommendations_list_sample_imports_recommendations_only(review, board_manager):
    Agency.objects.create(partnership=review.partnership, name="Leicestershire Constabulary")
    import_sample("recommendations_list.xlsx", review, board_manager)
    assert Action.objects.count() == 0
    assert list(
        Recommendation.objects.filter(review=review)
        .order_by("position")
        .values_list("source", "number")
    ) == [("overview", "1"), ("overview", "2"), ("imr", "1"), ("other", "3")]


def test_word_plan_sample_imports(review, board_manager, agency_b):
    prepared = import_sample("word_plan.docx", review, board_manager, default_agency=agency_b.pk)
    assert prepared.preview.repeated_headings == 1
    assert Action.objects.filter(recommendation__review=review).count() == 5
