"""Real action plans as they come: numbering restarting per agency, sections with no key
actions, source headings, agency names abbreviated or unknown, two-digit-year ranges, several
actions in one cell, the file's order, lists of recommendations only, Word tables, and files
built to tie up a worker. The text here is written for these tests."""

import datetime
import io
import time
import zipfile

import pytest

from recommendations.importer import services
from recommendations.importer.headings import find_header_row
from recommendations.importer.reading import ImportFileError, read_tables
from recommendations.importer.rows import PlanContext, interpret
from recommendations.models import Action, Recommendation
from recommendations.queries import action_plan_for
from scr_tracker.models import Agency
from tests.recommendations.import_helpers import docx_bytes, prepare, workbook_bytes

AGENCIES = [
    (1, "Leicestershire Constabulary"),
    (2, "Children's Social Care"),
    (3, "Leicestershire Partnership NHS Trust"),
    (4, "University Hospitals of Leicester NHS Trust"),
    (5, "West Leicestershire Clinical Commissioning Group"),
    (6, "Education Services"),
    (7, "Housing Options"),
]
PLAN = ["No.", "Recommendation", "Key Actions", "Lead Officer", "Timescale", "Agency"]


def run(data, *, options=None, agencies=AGENCIES, filename="plan.xlsx", default_agency=None):
    (table,) = read_tables(data, filename)
    header = find_header_row(table.rows)
    context = PlanContext(agencies=list(agencies), default_agency_pk=default_agency)
    return interpret(table, header.index, header.fields, options or {}, context)


def by_row(preview, number):
    return next(r for r in preview.rows if r.row == number)


# --- 1. An Agency column restarting its numbering for each agency ---


def restarting_plan():
    blocks = [
        ("Police", ["1", "2."], "Brief officers on the referral pathway"),
        ("Social care", ["1,", "2"], "Audit strategy discussions"),
        ("LPT", ["i", "ii", "iii"], "Add a prompt to the mental health record"),
        ("UHL", ["1"], "Train emergency department staff"),
        ("West Leicestershire CCG", ["1", "2", "3"], "Remind practices of the policy"),
        ("Education Services", ["i", "ii", "iii", "iv", "v"], "Refresh the schools' guidance"),
    ]
    rows = [PLAN]
    for agency, numbers, action in blocks:
        for n, number in enumerate(numbers, 1):
            rows.append(
                [
                    number,
                    f"{agency} should strengthen practice point {n} of its own review.",
                    f"{action} ({n})",
                    "Named lead",
                    "March 2016",
                    agency,
                ]
            )
    return rows


def test_agency_column_restarting_its_numbering_scopes_it_as_a_heading_would():
    preview = run(workbook_bytes(restarting_plan()))
    # "Social care" could be Children's Social Care: the user is asked, and says so.
    assert [a.name for a in preview.unmatched_agencies] == ["Social care"]
    preview = run(workbook_bytes(restarting_plan()), options={"agency_matches": {"social care": 2}})
    assert preview.ok, preview.all_errors()
    assert len(preview.recommendations) == 16 and len(preview.actions) == 16
    assert any("numbered afresh for each agency" in note for note in preview.notes)
    scopes = [rec.scope for rec in preview.recommendations]
    assert scopes[:4] == [
        "Leicestershire Constabulary 1",
        "Leicestershire Constabulary 2",
        "Children's Social Care 1",
        "Children's Social Care 2",
    ]
    assert "Leicestershire Partnership NHS Trust iii" in scopes
    assert "Education Services v" in scopes
    assert {rec.source for rec in preview.recommendations} == {"imr"}
    # Each agency's recommendations are its own, and its actions are its own.
    for rec_index, rec in enumerate(preview.recommendations):
        (row,) = [r for r in preview.rows if r.recommendation == rec_index]
        assert row.action.agency == rec.source_agency
    assert by_row(preview, 4).scope_change == "Children's Social Care's own (IMR) recommendations"


def test_agency_column_naming_owners_of_one_numbering_does_not_scope_it():
    rows = [
        PLAN,
        ["1", "The board should seek assurance on visits.", "Audit", "Lead", "2016", "Police"],
        [None, None, "Train staff", "Lead", "2016", "Social care"],
        ["2", "The board should review escalation.", "Review", "Lead", "2016", "Social care"],
    ]
    preview = run(workbook_bytes(rows), options={"agency_matches": {"social care": 2}})
    assert preview.ok, preview.all_errors()
    assert [r.source for r in preview.recommendations] == ["overview", "overview"]
    assert [a.agency for a in preview.actions] == [0, 1, 1]


# --- 2. A whole agency's block with the Key Actions column empty ---


def test_agency_section_with_empty_key_actions_imports_with_a_warning_and_never_an_empty_action():
    rows = [
        ["Recommendation", "Key Actions", "Evidence", "Key Outcome(s)", "Lead Officer", "Date"],
        ["Housing Options"],
        [
            "1. Housing Options should review its allocation practice:\n"
            "a) record who lives in the household\nb) check with children's social care",
            None,
            "Revised allocation procedure",
            "Households known before a tenancy starts",
            "Head of Housing",
            "Dec 10",
        ],
        [None, None, "Audit of 20 allocations", None, "Housing Manager", "Mar 11"],
    ]
    preview = run(workbook_bytes(rows, merges=["A2:F2"]))
    assert preview.ok, preview.all_errors()
    first, second = preview.actions
    assert first.key_actions.startswith("Housing Options should review its allocation practice")
    assert "b) check with children's social care" in first.key_actions
    assert first.key_actions_from == "the recommendation, column A (Recommendation)"
    assert second.key_actions == "Audit of 20 allocations"
    assert second.key_actions_from == "column C (Evidence)"
    assert all(action.key_actions for action in preview.actions)
    assert (
        by_row(preview, 3).warnings[0].startswith("Key actions is empty (column B (Key Actions))")
    )
    assert (first.due, second.due) == (datetime.date(2010, 12, 31), datetime.date(2011, 3, 31))
    assert preview.recommendations[0].scope == "Housing Options 1"


# --- 3. Heading rows that are sources, not agencies ---


@pytest.mark.parametrize(
    ("heading", "source"),
    [
        ("Overview Report Recommendations", "overview"),
        ("Overview report", "overview"),
        ("Recommendations from the Overview Report", "overview"),
        ("LSCB recommendations", "overview"),
        ("Recommendations repeated from earlier reviews", "other"),
        ("Other recommendations", "other"),
    ],
)
def test_headings_that_are_not_agencies_set_the_source(heading, source):
    rows = [
        [*PLAN[1:5], "Agency"],
        [heading],
        ["1. The board should test the escalation policy.", "Audit", "Lead", "2016", "Police"],
    ]
    preview = run(workbook_bytes(rows, merges=["A2:E2"]))
    assert preview.ok, preview.all_errors()
    assert by_row(preview, 2).section_source == source
    assert preview.recommendations[0].source == source
    assert [a.name for a in preview.agencies] == ["Leicestershire Constabulary"]


# --- 4. Agencies matched, chosen or created, never silently ---


@pytest.mark.parametrize(
    ("written", "pk", "how"),
    [
        ("Leicestershire Police", 1, "same name written another way"),
        ("Childrens social care", 2, "same name"),
        ("LPT", 3, "short form"),
        ("Leicestershire Partnership Trust", 3, "same name written another way"),
        ("UHL", 4, "short form"),
        ("West Leicestershire CCG", 5, "same name written another way"),
    ],
)
def test_abbreviated_agency_names_match_the_partnerships_agencies(written, pk, how):
    rows = [PLAN, ["1", "Seek assurance on visits.", "Audit", "Lead", "2016", written]]
    preview = run(workbook_bytes(rows))
    assert preview.ok, preview.all_errors()
    (agency,) = preview.agencies
    assert (agency.pk, agency.how, agency.file_names) == (pk, how, [written])


def test_unknown_agency_names_are_errors_until_chosen_or_created():
    rows = [
        PLAN,
        ["1", "Seek assurance on visits.", "Audit", "Lead", "2016", "Youth Offending Service"],
        ["2", "Seek assurance on plans.", "Audit", "Lead", "2016", "Social care"],
    ]
    preview = run(workbook_bytes(rows))
    assert not preview.ok
    assert [a.name for a in preview.unmatched_agencies] == [
        "Youth Offending Service",
        "Social care",
    ]
    assert preview.agencies[1].suggested == [2]  # may be Children's Social Care: asked
    chosen = run(
        workbook_bytes(rows),
        options={"agency_matches": {"youth offending service": "new", "social care": 2}},
    )
    assert chosen.ok
    assert chosen.summary()["agencies_created"] == ["Youth Offending Service"]
    assert chosen.summary()["agencies_matched"] == ["Children's Social Care"]


def test_rows_naming_no_agency_are_errors_until_an_agency_is_chosen_for_them():
    rows = [PLAN[:5], ["1", "Seek assurance on visits.", "Audit", "Lead", "2016"]]
    preview = run(workbook_bytes(rows))
    assert not preview.ok and preview.rows_without_agency == 1


# --- 5. Timescales with two-digit years and ranges, in a plan ---


def test_two_digit_year_ranges_take_the_latest_date_and_keep_the_text():
    rows = [PLAN] + [
        ["1", "Seek assurance on visits.", f"Step {n}", "Lead", text, "Police"]
        for n, text in enumerate(
            ["Oct – end Dec 10", "Sept 10 – Mar 11", "Q3 2015/16", "End of Autumn Term 2010"]
        )
    ]
    preview = run(workbook_bytes(rows))
    assert preview.ok, preview.all_errors()
    assert [(a.timescale, a.due) for a in preview.actions] == [
        ("Oct – end Dec 10", datetime.date(2010, 12, 31)),
        ("Sept 10 – Mar 11", datetime.date(2011, 3, 31)),
        ("Q3 2015/16", datetime.date(2015, 12, 31)),
        ("End of Autumn Term 2010", datetime.date(2010, 12, 31)),
    ]
    assert any("a range ending 31 December 2010" in w for w in by_row(preview, 2).warnings)


# --- 6. One cell, several actions ---


def test_cells_with_the_same_number_of_lines_become_one_action_per_line():
    rows = [
        PLAN,
        [
            "1",
            "Seek assurance that referrals say why information is sought.",
            "• Revise the referral form\n• Brief the front door team\n• Audit 20 referrals",
            "Head of MASH\nTeam Manager\nQuality Assurance Lead",
            "Dec 10\nJan 11\nMar 11",
            "Social care",
        ],
    ]
    preview = run(workbook_bytes(rows), options={"agency_matches": {"social care": 2}})
    assert preview.ok, preview.all_errors()
    assert [
        (a.key_actions, a.lead_officer, a.timescale, a.due, a.line) for a in preview.actions
    ] == [
        ("Revise the referral form", "Head of MASH", "Dec 10", datetime.date(2010, 12, 31), 1),
        ("Brief the front door team", "Team Manager", "Jan 11", datetime.date(2011, 1, 31), 2),
        ("Audit 20 referrals", "Quality Assurance Lead", "Mar 11", datetime.date(2011, 3, 31), 3),
    ]
    assert "imported as 3 actions, line by line" in by_row(preview, 2).warnings[0]


def test_cells_with_different_numbers_of_lines_stay_one_action_with_a_warning():
    rows = [
        PLAN,
        [
            "1",
            "Seek assurance on supervision.",
            "Revise the policy\nTrain supervisors\nAudit supervision records",
            "Principal Social Worker\nWorkforce Lead",
            "March 2016",
            "Social care",
        ],
        [
            "2",
            "Seek assurance on records.",
            "Revise\nthe guidance",
            "One lead",
            "2016",
            "Social care",
        ],
    ]
    preview = run(workbook_bytes(rows), options={"agency_matches": {"social care": 2}})
    assert preview.ok
    assert len(preview.actions) == 2
    assert preview.actions[0].key_actions.count("\n") == 2
    assert "not the same number in each" in by_row(preview, 2).warnings[0]
    assert by_row(preview, 3).warnings == []  # one lead for a list of steps: one action


# --- 7. The file's order is kept ---


@pytest.mark.django_db
def test_recommendations_and_actions_keep_the_order_of_the_file(review, board_manager):
    Agency.objects.create(partnership=review.partnership, name="Education Services")
    rows = [
        ["Recommendation", "Key Actions", "Lead Officer", "Date"],
        ["Education Services"],
        ["6. Schools should record the child's voice.", "Revise the form", "Head", "2016"],
        ["7. Schools should refer without delay.", "Revise the procedure", "Head", "2016"],
        ["Overview Report Recommendations"],
        ["1. The board should seek assurance on visits.", "Zeta audit", "Lead", "2016"],
        [None, "Alpha briefing", "Lead", "2016"],
        ["2. The board should review escalation.", "Review", "Lead", "2016"],
    ]
    prepared = prepare(
        workbook_bytes(rows, merges=["A2:D2", "A5:D5"]),
        review=review,
        options={"default_agency": Agency.objects.get(name="Education Services").pk},
    )
    assert prepared.preview.ok, prepared.preview.all_errors()
    batch = services.import_batch_create(
        prepared=prepared, actor=board_manager, partnership_id=review.partnership_id, review=review
    )
    assert services.import_batch_commit(batch=batch, actor=board_manager).imported
    plan = action_plan_for(review, board_manager, datetime.date(2016, 1, 1))
    assert [rec.number for rec in plan] == ["6", "7", "1", "2"]
    assert [rec.source_row for rec in plan] == [3, 4, 6, 8]
    assert [a.key_actions for a in plan[2].visible_actions] == ["Zeta audit", "Alpha briefing"]
    assert [a.position for a in plan[2].visible_actions] == [1, 2]


# --- 8. A list of recommendations with no actions ---


def test_list_of_recommendations_with_a_source_column_imports_recommendations_only():
    rows = [
        ["Number", "Recommendation", "Source"],
        ["1", "The board should seek assurance on GP meetings.", "Overview report"],
        ["2", "The board should refresh its escalation policy.", "Overview report"],
        ["1", "Officers should record children present.", "Police IMR"],
        ["3", "Agencies should share chronologies.", "Recommendations repeated from Child A"],
    ]
    preview = run(workbook_bytes(rows))
    assert preview.ok, preview.all_errors()
    assert preview.actions == []
    assert [(r.source, r.scope) for r in preview.recommendations] == [
        ("overview", "Overview report 1"),
        ("overview", "Overview report 2"),
        ("imr", "Leicestershire Constabulary 1"),
        ("other", "Other 3"),
    ]


# --- Word tables ---


def word_plan():
    header = ["Recommendation", "Key Actions", "Lead Officer", "Timescale"]
    first = [
        header,
        [("across", "Overview Report Recommendations")],
        [
            ("down", "1. The board should seek assurance that GP practices meet monthly.", 1),
            "Audit meeting minutes",
            "Designated Nurse",
            "Sept 10 – Mar 11",
        ],
        [None, "Write to every practice", "Named GP", "Dec 10"],
        [("across", "Children's Social Care")],
        [
            "1. Social workers should see children alone.",
            ("bullets", ["Revise the visit template", "Audit visits"]),
            "Head of Service\nPrincipal Social Worker",
            "Jan 11\nApril 2011",
        ],
    ]
    second = [  # after a page break, the heading row typed again
        header,
        [
            "2. Chronologies should be kept up to date.",
            "Refresh the chronology guidance",
            "Head of Service",
            "End of Autumn Term 2010",
        ],
    ]
    return docx_bytes(
        [first, second],
        before=["Leicestershire Safeguarding Children Board", "Serious Case Review: Child J"],
    )


def test_word_tables_with_merged_headings_repeated_headers_merged_cells_and_bullets():
    preview = run(word_plan(), filename="plan.docx", default_agency=2)
    assert preview.ok, preview.all_errors()
    assert any("Leicestershire Safeguarding Children Board" in n for n in preview.notes)
    assert preview.repeated_headings == 1
    assert [(r.scope, r.source) for r in preview.recommendations] == [
        ("Overview report 1", "overview"),
        ("Children's Social Care 1", "imr"),
        ("Children's Social Care 2", "imr"),
    ]
    actions = preview.actions
    assert [a.key_actions for a in actions] == [
        "Audit meeting minutes",
        "Write to every practice",
        "Revise the visit template",
        "Audit visits",
        "Refresh the chronology guidance",
    ]
    assert [a.due for a in actions] == [
        datetime.date(2011, 3, 31),
        datetime.date(2010, 12, 31),
        datetime.date(2011, 1, 31),
        datetime.date(2011, 4, 30),
        datetime.date(2010, 12, 31),
    ]


def test_word_overview_rows_naming_no_agency_need_an_agency_chosen():
    preview = run(word_plan(), filename="plan.docx")
    assert preview.rows_without_agency == 2


@pytest.mark.django_db
def test_word_plan_imports_end_to_end(review, board_manager, agency_b):
    prepared = prepare(
        word_plan(), review=review, filename="plan.docx", options={"default_agency": agency_b.pk}
    )
    assert prepared.preview.ok, prepared.preview.all_errors()
    batch = services.import_batch_create(
        prepared=prepared, actor=board_manager, partnership_id=review.partnership_id, review=review
    )
    assert Action.objects.count() == 0
    assert services.import_batch_commit(batch=batch, actor=board_manager).imported
    actions = list(Action.objects.order_by("pk"))
    assert len(actions) == 5
    assert actions[3].history.get().history_change_reason == (
        f"Imported from plan.docx by {board_manager} (row 6)"
    )
    assert Recommendation.objects.filter(review=review).count() == 3


def _zip(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\0" * 64,
            "plan.doc",
            "plan.doc is in the old Word 97-2003 format (.doc), which cannot be read. Open it in "
            "Word and save it as a Word Document (.docx), then upload that.",
        ),
        (
            _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}),
            "plan.odt",
            "plan.odt is an OpenDocument text file (.odt), which cannot be read. Open it in "
            "LibreOffice or Word and save it as a Word document (.docx), then upload that.",
        ),
    ],
)
def test_old_word_and_opendocument_files_say_what_to_do(data, name, message):
    with pytest.raises(ImportFileError) as caught:
        read_tables(data, name)
    assert str(caught.value) == message


def test_word_document_with_no_table_says_what_to_do():
    import docx

    document = docx.Document()
    document.add_paragraph("Action plan: see the spreadsheet")
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(ImportFileError) as caught:
        read_tables(buffer.getvalue(), "plan.docx")
    assert str(caught.value).startswith("plan.docx is a Word document with no table in it.")


# --- Files built to tie up a worker ---


def _with_merges(rows: int, ranges: int) -> bytes:
    """A workbook of `rows` rows whose sheet declares `ranges` merged ranges, each from near
    the top to the bottom of the sheet (overlapping, as no real file does)."""
    data = workbook_bytes(
        [["Recommendation", "Key Actions", "Lead Officer", "Date"]]
        + [[f"{n}. Rec {n}", "Act", "Lead", "Dec 2015"] for n in range(rows)]
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                merges = "".join(
                    f'<mergeCell ref="A{k % 50 + 2}:D{rows}"/>' for k in range(ranges)
                ).encode()
                content = content.replace(
                    b"</sheetData>",
                    b"</sheetData><mergeCells>" + merges + b"</mergeCells>",
                )
            target.writestr(item, content)
    return out.getvalue()


def test_a_merge_range_bomb_is_refused_quickly_with_a_clear_message():
    data = _with_merges(2000, 100_000)
    start = time.perf_counter()
    with pytest.raises(ImportFileError) as caught:
        read_tables(data, "bomb.xlsx")
    assert time.perf_counter() - start < 5
    assert "has 100,000 merged cell ranges" in str(caught.value)
    assert "Unmerge Cells" in str(caught.value)


def test_many_overlapping_merged_ranges_are_read_in_linear_time():
    data = _with_merges(5000, 15_000)
    start = time.perf_counter()
    (table,) = read_tables(data, "many.xlsx")
    assert time.perf_counter() - start < 5
    assert len(table.rows) == 5001
