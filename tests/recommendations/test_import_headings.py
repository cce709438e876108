"""Finding the heading row and matching headings to fields."""

import pytest

from recommendations.importer.headings import find_header_row, match_heading, normalise_heading
from recommendations.importer.reading import ImportFileError
from tests.recommendations.import_helpers import TEMPLATE_ONE, TEMPLATE_TWO, prepare, workbook_bytes


def test_first_real_template_is_recognised():
    assert [match_heading(heading) for heading in TEMPLATE_ONE] == [
        "recommendation",
        "key_actions",
        "evidence_expected",
        "outcome_measure",
        "lead_officer",
        "timescale",
    ]


def test_second_real_template_with_its_explanations_is_recognised():
    assert [match_heading(heading) for heading in TEMPLATE_TWO] == [
        "number",
        "recommendation",
        "desired_outcome",
        "key_actions",
        "lead_officer",
        "timescale",
        "outcome_measure",
    ]


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("AGENCY", "agency"),
        ("Lead agency", "agency"),
        ("key   ACTIONS:", "key_actions"),
        ("Key\nOutcome(s)", "outcome_measure"),
        (
            "What is the desired Aim / Outcome ...? What do you want to achieve for children?",
            "desired_outcome",
        ),
        ("Leadership -\nwho will chase progress", "lead_officer"),
        ("Lead Officer / Agency", "lead_officer"),
        ("Recommendation number", "number"),
        ("Rec. No.", "number"),
        ("Due date", "due_date"),
        ("Timescale (by what date?)", "timescale"),
        ("Evidence:", "evidence_expected"),
        ("  recommendation  ", "recommendation"),
    ],
)
def test_headings_match_ignoring_case_punctuation_line_breaks_and_explanations(heading, field):
    assert match_heading(heading) == field


@pytest.mark.parametrize(
    "heading", ["Notes", "RAG", "Status", "Comments from the board", "", None, "Dated"]
)
def test_other_headings_are_not_recognised(heading):
    assert match_heading(heading) is None


def test_normalised_heading_keeps_only_lower_case_words():
    assert (
        normalise_heading("Children’s\nServices – Key Outcome(s)")
        == "childrens services key outcome s"
    )


def test_saved_mapping_wins_and_can_ignore_a_column():
    saved = {"rag": "timescale", "lead officer": ""}
    assert match_heading("RAG", saved) == "timescale"
    assert match_heading("Lead Officer", saved) is None


def test_heading_row_is_found_below_title_rows():
    rows = [["Child H"], [], ["Agreed by the LSCB", "24 May 2016"], TEMPLATE_ONE, ["1. Rec", "Act"]]
    header = find_header_row(rows)
    assert header.index == 3
    assert header.fields[0] == "recommendation"


def test_a_row_naming_only_the_recommendation_counts_as_headings_when_it_has_others():
    header = find_header_row([["Child H"], ["Recommendation", "Board's notes"], ["1. Rec", "x"]])
    assert header.index == 1
    assert header.fields == ["recommendation", None]


def test_a_second_column_for_the_same_field_is_left_for_the_user():
    header = find_header_row([["Recommendation", "Lead Officer", "Leadership"]])
    assert header.fields == ["recommendation", "lead_officer", None]
    assert header.duplicates == {2: "lead_officer"}


def test_heading_row_with_no_recognisable_columns_is_refused_with_what_it_read(partnership):
    data = workbook_bytes(
        [["Item", "Issue", "Response", "Person"], ["A1", "Late visits", "Audit", "HV"]]
    )
    with pytest.raises(ImportFileError) as caught:
        prepare(data, partnership=partnership)
    message = str(caught.value)
    assert message.startswith("No heading row was found in the first 30 rows")
    assert "'Item', 'Issue', 'Response', 'Person'" in message
    assert "Give the number of the heading row on the upload page" in message


def test_heading_row_given_by_the_user_is_used_and_its_columns_left_to_map(partnership):
    data = workbook_bytes(
        [["Item", "Issue", "Response", "Person"], ["A1", "Late visits", "Audit", "HV"]]
    )
    prepared = prepare(data, partnership=partnership, header_row=1)
    assert prepared.header_index == 0
    assert prepared.unmapped == [0, 1, 2, 3]
    assert prepared.needs_mapping


def test_empty_heading_row_given_by_the_user_is_refused(partnership):
    with pytest.raises(ImportFileError, match="Row 2 is empty, so it cannot be the heading row."):
        prepare(
            workbook_bytes([TEMPLATE_ONE, [], ["1. Rec"]]), partnership=partnership, header_row=2
        )


def test_recognised_file_needs_no_mapping(partnership):
    data = workbook_bytes(
        [[*TEMPLATE_ONE, "Agency"], ["1. Rec", "Act", "", "", "Lead", "2016", "Police"]]
    )
    prepared = prepare(data, partnership=partnership)
    assert not prepared.needs_mapping
    assert prepared.mapping[-1] == "agency"


def test_unrecognised_heading_needs_mapping_and_is_named(partnership):
    data = workbook_bytes(
        [
            [*TEMPLATE_ONE, "Agency", "RAG"],
            ["1. Rec", "Act", "", "", "Lead", "2016", "Police", "Red"],
        ]
    )
    prepared = prepare(data, partnership=partnership)
    assert prepared.unmapped == [7]
    assert prepared.needs_mapping
