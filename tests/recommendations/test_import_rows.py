"""Interpreting rows: recommendations, their actions and agencies, the conventions of real plans,
and a message naming the row and column for every problem."""

import datetime

import pytest

from recommendations.importer.headings import find_header_row
from recommendations.importer.preview import Preview
from recommendations.importer.reading import read_tables
from recommendations.importer.rows import PlanContext, agency_key, interpret, split_number
from tests.recommendations.import_helpers import (
    TEMPLATE_ONE,
    TEMPLATE_TWO,
    csv_bytes,
    workbook_bytes,
)

AGENCIES = [
    (10, "Health visiting provider"),
    (11, "Children's social care"),
    (12, "West Midlands Police"),
]
WITH_AGENCY = [*TEMPLATE_ONE, "Agency"]


def run(
    rows,
    *,
    merges=(),
    options=None,
    agencies=AGENCIES,
    existing=None,
    default_agency=None,
    data=None,
):
    data = data or workbook_bytes(rows, merges=merges)
    (table,) = read_tables(data, "plan.xlsx")
    header = find_header_row(table.rows)
    context = PlanContext(
        agencies=list(agencies), recommendations=existing or {}, default_agency_pk=default_agency
    )
    return interpret(table, header.index, header.fields, options or {}, context)


def rec_of(preview: Preview, row: int):
    item = next(r for r in preview.rows if r.row == row)
    return preview.recommendations[item.recommendation]


def row(preview: Preview, number: int):
    return next(r for r in preview.rows if r.row == number)


def action_row(
    rec="1. Seek assurance on GP meetings.",
    action="Audit meetings",
    lead="Named GP",
    timescale="December 2015",
    agency="Health visiting provider",
    evidence="",
    outcome="",
):
    return [rec, action, evidence, outcome, lead, timescale, agency]


# --- recommendations and their actions ---


def test_repeated_recommendation_cell_is_one_recommendation_with_several_actions():
    preview = run(
        [
            WITH_AGENCY,
            action_row(action="First"),
            action_row(action="Second"),
            action_row(action="Third"),
        ]
    )
    assert len(preview.recommendations) == 1
    assert [r.recommendation for r in preview.rows] == [0, 0, 0]
    assert [a.key_actions for a in preview.actions] == ["First", "Second", "Third"]
    assert [r.starts_recommendation for r in preview.rows] == [True, False, False]


def test_blank_recommendation_cell_below_continues_the_recommendation():
    preview = run([WITH_AGENCY, action_row(action="First"), action_row(rec=None, action="Second")])
    assert [r.recommendation for r in preview.rows] == [0, 0]


def test_merged_recommendation_cell_covers_its_actions():
    preview = run(
        [
            WITH_AGENCY,
            action_row(action="First"),
            action_row(rec=None, action="Second"),
            action_row(rec="2. Next", action="Third"),
        ],
        merges=["A2:A3"],
    )
    assert [r.recommendation for r in preview.rows] == [0, 0, 1]
    assert [rec.number for rec in preview.recommendations] == ["1", "2"]


def test_repeated_text_with_a_new_number_is_a_new_recommendation():
    preview = run(
        [
            ["No.", *WITH_AGENCY],
            ["1", *action_row(rec="Same words")],
            ["2", *action_row(rec="Same words")],
        ]
    )
    assert [rec.number for rec in preview.recommendations] == ["1", "2"]


@pytest.mark.parametrize(
    ("text", "number", "rest"),
    [
        (
            "6. The Education welfare manager should ...",
            "6",
            "The Education welfare manager should ...",
        ),
        (
            "iv) Professional curiosity about new partners",
            "iv",
            "Professional curiosity about new partners",
        ),
        ("(b) Escalation of disagreements", "b", "Escalation of disagreements"),
        ("3a) Supervision records", "3a", "Supervision records"),
        ("1.2 Chronologies in case notes", "1.2", "Chronologies in case notes"),
        ("Recommendation 1- The LSCB should seek assurance", "1", "The LSCB should seek assurance"),
        ("Child F Recommendation 5: Seek assurance", "5", "Seek assurance"),
        ("ix. Voice of the child", "ix", "Voice of the child"),
        ("7 - Information sharing", "7", "Information sharing"),
        ("2015 review of the procedure", None, "2015 review of the procedure"),
        ("24 hours a day cover", None, "24 hours a day cover"),
        ("Immediate action", None, "Immediate action"),
    ],
)
def test_number_at_the_start_of_the_text_is_taken_as_its_number(text, number, rest):
    assert split_number(text) == (number, rest)


def test_number_from_the_text_is_used_when_there_is_no_number():
    preview = run([WITH_AGENCY, action_row(rec="6. The Education welfare manager should ...")])
    rec = preview.recommendations[0]
    assert (rec.number, rec.text, rec.number_from_text) == (
        "6",
        "The Education welfare manager should ...",
        True,
    )


def test_number_column_wins_and_the_text_is_kept_as_written():
    preview = run(
        [["No.", *WITH_AGENCY], ["Recommendation 3.", *action_row(rec="1. As numbered elsewhere")]]
    )
    rec = preview.recommendations[0]
    assert (rec.number, rec.text) == ("3", "1. As numbered elsewhere")


def test_recommendation_with_no_number_is_numbered_in_file_order_with_a_warning():
    preview = run(
        [
            ["No.", *WITH_AGENCY],
            ["", *action_row(rec="Unnumbered")],
            ["1", *action_row(rec="Numbered one")],
        ]
    )
    assert [rec.number for rec in preview.recommendations] == ["2", "1"]
    assert row(preview, 2).warnings == [
        "The recommendation has no number, so it is numbered 2 in the order of the file."
    ]


def test_same_number_with_different_text_is_an_error_naming_the_earlier_row():
    preview = run(
        [
            WITH_AGENCY,
            action_row(rec="1. First text"),
            action_row(rec="2. Other"),
            action_row(rec="1. Different text"),
        ]
    )
    assert row(preview, 4).errors == [
        "Recommendation 1 is already on row 2 with different text. Give each recommendation "
        "its own number."
    ]
    assert not preview.ok


def test_row_with_text_but_no_recommendation_is_an_error_naming_the_column():
    preview = run(
        [
            WITH_AGENCY,
            [None, "An action with no recommendation", None, None, "Lead", "2016", "Police"],
        ]
    )
    assert row(preview, 2).errors == [
        "This row has text but no recommendation: column A (Recommendation) is empty and no "
        "recommendation comes before it in this section."
    ]


def test_row_with_action_details_but_no_key_actions_takes_the_recommendation_as_its_text():
    preview = run([WITH_AGENCY, action_row(action=None)])
    assert preview.ok
    assert row(preview, 2).warnings == [
        "Key actions is empty (column B (Key Actions)): the action's text is taken from the "
        "recommendation, column A (Recommendation)."
    ]
    (action,) = preview.actions
    assert action.key_actions == "Seek assurance on GP meetings."
    assert action.key_actions_from == "the recommendation, column A (Recommendation)"


def test_recommendation_with_no_action_details_is_imported_without_an_action():
    preview = run([WITH_AGENCY, ["1. A recommendation on its own"]])
    assert preview.ok
    assert len(preview.recommendations) == 1 and preview.actions == []


def test_blank_rows_are_left_out_and_counted():
    preview = run([WITH_AGENCY, [], action_row(), [], [], action_row(rec=None, action="More")])
    assert preview.blank_rows == 3
    assert [r.row for r in preview.rows] == [3, 6]
    assert preview.ok


def test_row_filled_only_in_columns_not_imported_is_left_out_with_a_warning():
    preview = run(
        [
            [*WITH_AGENCY, "Notes"],
            action_row(),
            [None, None, None, None, None, None, None, "see minutes"],
        ]
    )
    assert row(preview, 3).warnings == [
        "Only columns that are not imported are filled in; the row is left out."
    ]
    assert row(preview, 3).recommendation is None


def test_desired_outcome_is_kept_on_the_recommendation_and_a_different_one_added_with_a_warning():
    header = [*TEMPLATE_TWO, "Agency"]
    preview = run(
        [
            header,
            ["1", "Rec", "Children are heard", "Act one", "Lead", "2016", "Measure", "Police"],
            ["1", "Rec", "Children are heard", "Act two", "Lead", "2016", "Measure", "Police"],
            ["1", "Rec", "Families are heard", "Act three", "Lead", "2016", "Measure", "Police"],
        ]
    )
    assert preview.recommendations[0].desired_outcome == "Children are heard\n\nFamilies are heard"
    assert row(preview, 4).warnings == [
        "Column C (What is the desired Aim / Outcome?): differs from row 2 for the same "
        "recommendation; both are kept."
    ]


# --- agencies ---


def test_agency_column_matches_ignoring_case_and_punctuation():
    preview = run(
        [
            WITH_AGENCY,
            action_row(agency="CHILDRENS SOCIAL CARE"),
            action_row(rec="2. x", agency="children’s social-care"),
        ]
    )
    assert [a.name for a in preview.agencies] == ["Children's social care"]
    assert preview.agencies[0].pk == 11
    assert preview.summary()["agencies_matched"] == ["Children's social care"]


def test_unknown_agency_is_never_created_silently_but_on_request_once():
    rows = [
        WITH_AGENCY,
        action_row(agency="Youth Offending Service"),
        action_row(rec="2. x", agency="youth offending service"),
    ]
    preview = run(rows)
    assert [(a.name, a.pk, a.row, a.create) for a in preview.agencies] == [
        ("Youth Offending Service", None, 2, False)
    ]
    assert not preview.ok and preview.summary()["agencies_created"] == []
    assert preview.errors == [
        "The agency 'Youth Offending Service' (first on row 2) is not one of the partnership's "
        "agencies: say which agency it is, or choose to create it, on the agencies page."
    ]
    created = run(rows, options={"agency_matches": {"youth offending service": "new"}})
    assert created.ok and created.summary()["agencies_created"] == ["Youth Offending Service"]
    chosen = run(rows, options={"agency_matches": {"youth offending service": 12}})
    assert chosen.ok and {a.agency for a in chosen.actions} == {0}
    assert chosen.agencies[0].name == "West Midlands Police"
    assert chosen.agencies[0].how == "chosen by you"


def test_agency_key_treats_ampersand_as_and():
    assert agency_key("Health & Social Care") == agency_key("health and social care")


def test_section_row_names_the_agency_of_the_rows_below_as_its_imr():
    preview = run(
        [
            TEMPLATE_ONE,
            ["Children's Services - Education"],
            ["6. The Education welfare manager should ...", "Train staff", "", "", "EWS", "2016"],
        ],
        merges=["A2:F2"],
    )
    section = row(preview, 2)
    assert section.section == "Children's Services - Education"
    rec = preview.recommendations[0]
    assert (
        rec.source == "imr"
        and preview.agencies[rec.source_agency].name == "Children's Services - Education"
    )
    assert preview.agencies[preview.actions[0].agency].name == "Children's Services - Education"
    assert preview.source_label(rec) == "Children's Services - Education IMR"


def test_overview_report_heading_is_not_an_agency():
    preview = run([WITH_AGENCY, ["Overview Report Recommendations"], action_row()])
    assert row(preview, 2).section == "Overview Report Recommendations"
    assert row(preview, 2).section_source == "overview"
    assert preview.recommendations[0].source == "overview"
    assert [a.name for a in preview.agencies] == ["Health visiting provider"]


def test_section_heading_without_merge_is_recognised_when_short_or_a_known_agency():
    preview = run(
        [
            TEMPLATE_ONE,
            ["West Midlands Police IMR recommendations"],
            ["i) Record children present", "Update form", "", "", "DCI", "2015"],
        ]
    )
    assert row(preview, 2).section
    assert preview.agencies[0].pk == 12


def test_lone_recommendation_sentence_is_not_taken_for_a_heading():
    preview = run(
        [WITH_AGENCY, ["The LSCB should seek assurance that agencies share information."]]
    )
    assert row(preview, 2).section == ""
    assert (
        preview.recommendations[0].text
        == "The LSCB should seek assurance that agencies share information."
    )


def test_section_resets_the_recommendation_so_a_blank_one_below_is_an_error():
    preview = run(
        [
            TEMPLATE_ONE,
            ["1. Rec", "Act", "", "", "Lead", "2016"],
            ["Children's social care"],
            [None, "Act", "", "", "Lead", "2016"],
        ],
        default_agency=10,
    )
    assert "This row has text but no recommendation" in row(preview, 4).errors[0]


def test_agency_headings_can_mean_only_the_owner_of_overview_recommendations():
    rows = [
        TEMPLATE_ONE,
        ["Health visiting provider"],
        ["1. Seek assurance on GP meetings", "Attend meetings", "", "", "Head of HV", "2016"],
        ["Children's social care"],
        ["1. Seek assurance on GP meetings", "Share chronologies", "", "", "Head of CSC", "2016"],
    ]
    preview = run(rows, options={"agency_headings": "owner"})
    assert len(preview.recommendations) == 1
    assert preview.recommendations[0].source == "overview"
    assert [preview.agencies[a.agency].name for a in preview.actions] == [
        "Health visiting provider",
        "Children's social care",
    ]
    imr = run(rows)
    assert [rec.source for rec in imr.recommendations] == ["imr", "imr"]


def test_action_with_no_agency_is_an_error_unless_a_default_agency_is_chosen():
    rows = [TEMPLATE_ONE, ["1. Rec", "Act", "", "", "Lead", "2016"]]
    preview = run(rows)
    assert preview.rows_without_agency == 1
    assert row(preview, 2).errors[0].startswith("No agency owns this action")
    chosen = run(rows, default_agency=11)
    assert chosen.ok and chosen.agencies[chosen.actions[0].agency].name == "Children's social care"


def test_agency_name_too_long_is_an_error_naming_the_column():
    preview = run([WITH_AGENCY, action_row(agency="A" * 201)])
    assert row(preview, 2).errors == ["Column G (Agency): is 201 characters long; at most 200 fit."]


# --- existing recommendations in the review ---


def test_recommendation_already_in_the_review_with_the_same_text_gets_the_actions():
    existing = {("overview", None, "1"): (99, "Seek assurance on GP meetings.")}
    preview = run(
        [WITH_AGENCY, action_row(rec="1. Seek  assurance on GP meetings.")], existing=existing
    )
    assert preview.ok
    assert preview.recommendations[0].existing_pk == 99
    assert "is already in this review with the same text" in row(preview, 2).warnings[0]
    assert preview.summary()["recommendations_existing"] == 1


def test_recommendation_already_in_the_review_with_other_text_is_an_error():
    existing = {("overview", None, "1"): (99, "Something else")}
    preview = run([WITH_AGENCY, action_row()], existing=existing)
    assert row(preview, 2).errors == [
        "Recommendation 1 already exists in this review with different text. "
        "Renumber it in the file, or import it into another review."
    ]


def test_unnumbered_recommendations_skip_numbers_already_in_the_review():
    existing = {("overview", None, "1"): (99, "Old")}
    preview = run([["No.", *WITH_AGENCY], ["", *action_row(rec="New one")]], existing=existing)
    assert preview.recommendations[0].number == "2"


# --- timescales and dates ---


@pytest.mark.parametrize(
    ("timescale", "due", "label", "warned"),
    [
        ("Immediate – completed by July 2015", datetime.date(2015, 7, 31), "31 July 2015", True),
        ("31.03.2015 / 31.05.2015", datetime.date(2015, 5, 31), "31 May 2015", True),
        ("On advice from legal services", None, "no date", True),
        ("Already actioned see 8.5.2", None, "already actioned", False),
        ("Ongoing", None, "no date (ongoing)", False),
        ("8/04/2015", datetime.date(2015, 4, 8), "8 April 2015", False),
        ("By September 2015", datetime.date(2015, 9, 30), "30 September 2015", False),
        ("", None, "no date", False),
    ],
)
def test_timescale_is_kept_as_written_with_the_due_date_read_from_it(timescale, due, label, warned):
    preview = run([WITH_AGENCY, action_row(timescale=timescale or None)])
    action = preview.actions[0]
    assert action.timescale == timescale
    assert action.due == due
    assert action.due_label == label
    assert bool(row(preview, 2).warnings) is warned
    assert preview.ok


def test_timescale_warning_names_the_row_and_column():
    preview = run([WITH_AGENCY, action_row(timescale="On advice from legal services")])
    assert preview.all_warnings() == [
        'Row 2: Column F (Date): Could not read a date from "On advice from legal services"; '
        "the text is kept and no due date is set."
    ]


def test_already_actioned_is_shown_as_reported_complete():
    preview = run([WITH_AGENCY, action_row(timescale="Already actioned see 8.5.2")])
    assert preview.actions[0].status_label == "Reported complete, awaiting assurance"


def test_excel_date_cell_is_an_exact_due_date():
    preview = run([WITH_AGENCY, action_row(timescale=datetime.datetime(2015, 7, 31))])
    action = preview.actions[0]
    assert (action.timescale, action.due) == ("31/07/2015", datetime.date(2015, 7, 31))
    assert row(preview, 2).warnings == []


def test_excel_date_cell_shown_as_month_and_year_means_the_end_of_the_month():
    def build(workbook):
        workbook.active["F2"].number_format = "mmm-yy"

    data = workbook_bytes(
        [WITH_AGENCY, action_row(timescale=datetime.datetime(2016, 4, 1))], build=build
    )
    action = run(None, data=data).actions[0]
    assert (action.timescale, action.due) == ("April 2016", datetime.date(2016, 4, 30))


def test_excel_serial_number_is_read_as_a_date_with_a_warning():
    preview = run([WITH_AGENCY, action_row(timescale=42185)])
    action = preview.actions[0]
    assert (action.timescale, action.due) == ("30/06/2015", datetime.date(2015, 6, 30))
    assert row(preview, 2).warnings == [
        "Column F (Date): the number 42185 is read as an Excel date, 30 June 2015."
    ]


def test_serial_number_in_a_csv_is_read_as_a_date_too():
    data = csv_bytes([WITH_AGENCY, action_row(timescale="42185")])
    preview = run(None, data=data)
    assert preview.actions[0].due == datetime.date(2015, 6, 30)


def test_csv_datetime_text_is_read_as_its_date():
    data = csv_bytes([WITH_AGENCY, action_row(timescale="2015-07-31 00:00:00")])
    action = run(None, data=data).actions[0]
    assert (action.timescale, action.due) == ("31/07/2015", datetime.date(2015, 7, 31))


def test_due_date_column_sets_the_due_date_and_keeps_the_timescale():
    preview = run(
        [
            [*WITH_AGENCY, "Due date"],
            [*action_row(timescale="Ongoing"), datetime.datetime(2016, 3, 31)],
            [*action_row(rec=None, timescale="December 2015"), "31/01/2016"],
            [*action_row(rec=None, timescale="May 2016"), "soon"],
        ]
    )
    first, second, third = preview.actions
    assert (first.timescale, first.due, first.explicit_due_date) == (
        "Ongoing",
        datetime.date(2016, 3, 31),
        True,
    )
    assert second.due == datetime.date(2016, 1, 31)
    assert (third.due, third.explicit_due_date) == (datetime.date(2016, 5, 31), False)
    assert row(preview, 4).warnings == [
        "Column H (Due date): 'soon' is not a date, so the due date is taken from the timescale."
    ]


def test_formula_with_no_saved_value_is_an_error_naming_the_cell():
    preview = run([WITH_AGENCY, action_row(lead="=VLOOKUP(A2,Leads!A:B,2)")])
    assert row(preview, 2).errors == [
        "Column E (Lead Officer): the formula =VLOOKUP(A2,Leads!A:B,2) has no saved value. "
        "Open the file "
        "in Excel, save it so the formula is calculated, and upload it again."
    ]


def test_excel_error_value_is_an_error_naming_the_cell():
    preview = run([WITH_AGENCY, action_row(timescale="#N/A")])
    assert row(preview, 2).errors == [
        "Column F (Date): holds the Excel error #N/A; correct the cell and upload again."
    ]


def test_lead_officer_too_long_is_an_error_naming_the_column():
    preview = run([WITH_AGENCY, action_row(lead="x" * 301)])
    assert row(preview, 2).errors == [
        "Column E (Lead Officer): is 301 characters long; at most 300 fit."
    ]


def test_number_too_long_is_an_error():
    preview = run([["No.", *WITH_AGENCY], ["x" * 21, *action_row()]])
    assert "is too long: at most 20 characters" in row(preview, 2).errors[0]


def test_no_recommendation_column_is_an_error_about_the_file():
    (table,) = read_tables(
        workbook_bytes([["Key Actions", "Lead Officer"], ["Act", "Lead"]]), "plan.xlsx"
    )
    preview = interpret(
        table, 0, ["key_actions", "lead_officer"], {}, PlanContext(agencies=AGENCIES)
    )
    assert preview.errors == [
        "No column holds the recommendations: map a column to Recommendation on the mapping page."
    ]


def test_no_rows_below_the_headings_is_an_error_about_the_file():
    preview = run([WITH_AGENCY])
    assert preview.errors == ["There are no rows below the heading row."]


def test_preview_survives_a_round_trip_through_json():
    preview = run(
        [
            WITH_AGENCY,
            ["Overview Report Recommendations"],
            action_row(),
            action_row(rec=None, timescale="Ongoing"),
        ]
    )
    again = Preview.from_json(preview.to_json())
    assert again == preview
    assert again.actions[1].due_label == "no date (ongoing)"
