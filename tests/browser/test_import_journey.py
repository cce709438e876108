"""A board manager imports a Word action plan: upload, the columns, the agencies, the preview
(every row as it will be stored) and the confirmation. axe-core checks every page."""

import re

import pytest
from playwright.sync_api import expect

from recommendations.models import Action, Recommendation
from scr_tracker.models import Agency
from tests.recommendations.import_helpers import docx_bytes

from .steps import expect_heading, expect_success, follow, open_review, sign_in, submit

pytestmark = pytest.mark.browser

HEADINGS = ["Recommendation", "Key Actions", "Lead Officer", "Timescale"]


def word_plan() -> bytes:
    first = [
        HEADINGS,
        [("across", "Overview Report Recommendations")],
        [
            ("down", "1. The board should test how agencies escalate disagreements.", 1),
            "Audit escalations",
            "Board manager",
            "Sept 10 – Mar 11",
        ],
        [None, "Brief every team", "Training lead", "Dec 10"],
        [("across", "Children's social care")],
        [
            "1. Social workers should see children alone.",
            ("bullets", ["Revise the visit template", "Audit visits"]),
            "Head of Service\nPrincipal Social Worker",
            "Jan 11\nApril 2011",
        ],
        [("across", "Youth Offending Service")],
        [
            "1. Case workers should check who lives at home.",
            "Add a household check",
            "YOS manager",
            "End of Autumn Term 2010",
        ],
    ]
    second = [
        HEADINGS,
        [
            "2. Chronologies should be kept up to date.",
            "Refresh guidance",
            "Head of Service",
            "2011",
        ],
    ]
    return docx_bytes([first, second], before=["Serious Case Review: Child W"])


def test_board_manager_imports_a_word_plan_through_columns_agencies_and_preview(
    page, board_manager, agency_b, review
):
    unit = Agency.objects.create(partnership=review.partnership, name="LSCB business unit")
    sign_in(page, "board.manager")
    open_review(page, review.title)
    follow(page, page.get_by_role("link", name="Import actions from a spreadsheet"))
    expect_heading(page, "Import an action plan")
    page.get_by_label("Action plan file").set_input_files(
        files=[
            {
                "name": "child-w.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument."
                "wordprocessingml.document",
                "buffer": word_plan(),
            }
        ]
    )
    submit(page, "Upload and check", name="import columns")

    # The overview report's actions name no agency: the user chooses, nothing is assumed.
    expect_heading(page, "Match the columns")
    expect(page.get_by_text("2 rows have an action but name no agency")).to_be_visible()
    page.get_by_label("Agency for rows that name none").select_option(label=unit.name)
    submit(page, "Continue to the preview", name="import agencies")

    # Youth Offending Service is not one of the partnership's agencies: created only if asked.
    expect_heading(page, "Match the agencies")
    page.get_by_label(re.compile("Youth Offending Service")).select_option(
        label="Create a new agency called “Youth Offending Service”"
    )
    expect(page.get_by_label(re.compile("Children's social care"))).to_have_value(str(agency_b.pk))
    submit(page, "Continue to the preview", name="import preview")

    expect_heading(page, "Check the import before it is saved")
    rows = page.get_by_role("table", name=re.compile("^Rows 1 to"))
    expect(rows).to_contain_text("Overview report 1")
    expect(rows).to_contain_text("Children's social care 1")
    expect(rows).to_contain_text("Youth Offending Service 1")
    expect(rows).to_contain_text("Action 2 of 2")
    expect(rows).to_contain_text("31 March 2011")
    expect(rows).to_contain_text("chosen for rows naming none")
    agencies = page.get_by_role("table", name=re.compile("^Each name as the file writes it"))
    expect(agencies).to_contain_text("A new agency, to be created")
    assert Recommendation.objects.count() == 0  # nothing written before the confirmation

    submit(page, "Import 4 recommendations and 6 actions", name="import done")
    expect_success(page, "Imported 4 recommendations and 6 actions from child-w.docx.")
    expect_heading(page, review.title)
    assert Action.objects.filter(recommendation__review=review).count() == 6
    assert Agency.objects.filter(name="Youth Offending Service").exists()
