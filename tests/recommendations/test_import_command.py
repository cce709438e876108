"""python manage.py import_action_plan: the same import from the command line."""

import io

import pytest
from django.core.management import CommandError, call_command

from recommendations.models import Action, ImportBatch, ImportStatus, Recommendation
from reviews.models import Review
from scr_tracker.models import Agency
from tests.recommendations.import_helpers import SAMPLES, TEMPLATE_ONE, simple_plan, workbook_bytes
from tests.reviews.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("import_action_plan", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def refused(*args) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    return str(caught.value)


@pytest.fixture
def plan_file(tmp_path, agency_a):
    path = tmp_path / "child-h.xlsx"
    path.write_bytes(simple_plan(agency=agency_a.name, rows=3))
    return path


def test_dry_run_reports_and_writes_nothing(plan_file, review):
    out = run(plan_file, "--review", review.reference, "--dry-run")
    assert "Read child-h.xlsx, sheet 'Sheet', headings on row 1, into SCR-BABY-F: Baby F." in out
    assert "Recommendations: 3 new, 0 already in the review" in out
    assert "Actions: 3" in out
    assert "Agencies matched: Health visiting provider" in out
    assert "Agencies created: none" in out
    assert "Rows with warnings: 0" in out
    assert "Dry run: nothing was written." in out
    assert (Recommendation.objects.count(), ImportBatch.objects.count()) == (0, 0)


def test_import_into_an_existing_review_records_the_user(plan_file, review, board_manager):
    out = run(plan_file, "--review", review.reference, "--user", board_manager.username)
    assert "Imported into SCR-BABY-F: Baby F." in out
    action = Action.objects.get(source_row=2)
    record = action.history.get()
    assert record.history_user == board_manager
    assert record.history_change_reason == f"Imported from child-h.xlsx by {board_manager} (row 2)"
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.uploaded_by, batch.table) == (
        ImportStatus.IMPORTED,
        board_manager,
        {},
    )


def test_without_a_user_the_history_says_command_line(plan_file, review):
    run(plan_file, "--review", review.reference)
    record = Recommendation.objects.get(number="1").history.get()
    assert record.history_user is None
    assert record.history_change_reason == "Imported from child-h.xlsx by command line (row 2)"


def test_create_review_when_there_is_only_one_partnership(plan_file, partnership):
    out = run(plan_file, "--create-review", "SCR-CHILD-H", "--title", "Child H", "--kind", "lcspr")
    review = Review.objects.get(reference="SCR-CHILD-H")
    assert (review.title, review.kind, review.partnership) == ("Child H", "lcspr", partnership)
    assert review.recommendations.count() == 3
    assert "into new review SCR-CHILD-H: Child H." in out


def test_create_review_needs_the_partnership_when_there_are_several(plan_file, partnership):
    PartnershipFactory(name="Northfield Safeguarding Children Partnership", short_name="Northfield")
    message = refused(plan_file, "--create-review", "SCR-CHILD-H", "--title", "Child H")
    assert message.startswith("Several partnerships exist: give --partnership")
    run(
        plan_file,
        "--create-review",
        "SCR-CHILD-H",
        "--title",
        "Child H",
        "--partnership",
        partnership.name,
    )
    assert Review.objects.get(reference="SCR-CHILD-H").partnership == partnership


def test_create_review_needs_a_title_and_a_new_reference(plan_file, review):
    assert refused(plan_file, "--create-review", "X") == "Give the new review's title with --title."
    assert "already exists" in refused(
        plan_file, "--create-review", review.reference, "--title", "T"
    )


def test_unknown_review_user_and_file_are_refused(plan_file, review, tmp_path):
    assert refused(plan_file, "--review", "NOPE").startswith("No review NOPE in")
    assert refused(plan_file, "--review", review.reference, "--user", "nobody") == "No user nobody."
    assert refused(tmp_path / "missing.xlsx", "--review", review.reference).startswith(
        "No such file"
    )


def test_file_with_errors_exits_non_zero_with_the_reasons_and_writes_nothing(tmp_path, review):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(
        workbook_bytes(
            [
                TEMPLATE_ONE,
                [None, "Orphan action", "", "", "Lead", "2016"],
                ["2. Rec", "Act", "", "", "Lead", "2016"],
            ]
        )
    )
    message = refused(path, "--review", review.reference)
    assert "The file cannot be imported:" in message
    assert (
        "Row 2: This row has text but no recommendation: column A (Recommendation) is empty"
        in message
    )
    assert "Row 3: No agency owns this action" in message
    assert message.endswith("Nothing was written.")
    assert (Recommendation.objects.count(), ImportBatch.objects.count()) == (0, 0)


def test_default_agency_and_agency_headings_options(tmp_path, review, agency_b):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(workbook_bytes([TEMPLATE_ONE, ["1. Rec", "Act", "", "", "Lead", "2016"]]))
    run(
        path,
        "--review",
        review.reference,
        "--default-agency",
        "CHILDRENS SOCIAL CARE",
        "--agency-headings",
        "owner",
    )
    assert Action.objects.get().agency == agency_b


def test_unreadable_file_is_refused_with_the_reason(review):
    message = refused(SAMPLES / "password_protected.xlsx", "--review", review.reference)
    assert message.startswith("password_protected.xlsx is protected with a password")
    assert message.endswith("Nothing was written.")


def test_same_file_twice_needs_allow_duplicate(plan_file, review):
    run(plan_file, "--review", review.reference)
    message = refused(plan_file, "--review", review.reference)
    assert "child-h.xlsx was imported into SCR-BABY-F on" in message
    assert "Use --allow-duplicate to import it again." in message
    assert Action.objects.count() == 3
    assert ImportBatch.objects.count() == 1
    run(plan_file, "--review", review.reference, "--allow-duplicate")
    assert Action.objects.count() == 6


def test_warnings_and_unimported_columns_are_printed(tmp_path, review, agency_a):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(
        workbook_bytes(
            [
                [*TEMPLATE_ONE, "Agency", "RAG"],
                [
                    "1. Rec",
                    "Act",
                    "",
                    "",
                    "Lead",
                    "On advice from legal services",
                    agency_a.name,
                    "Red",
                ],
            ]
        )
    )
    out = run(path, "--review", review.reference, "--dry-run")
    assert "Warning: Column H ('RAG') is not imported." in out
    legal = '"On advice from legal services"'
    assert f"Warning: Row 2: Column F (Date): Could not read a date from {legal}" in out


def test_saved_mapping_is_used_by_name(tmp_path, review, agency_a, board_manager):
    from recommendations.models import SavedColumnMapping

    SavedColumnMapping.objects.create(
        partnership=review.partnership,
        name="Odd layout",
        headings={"issue": "recommendation", "response": "key_actions", "who": "agency"},
    )
    path = tmp_path / "odd.xlsx"
    path.write_bytes(
        workbook_bytes([["Issue", "Response", "Who"], ["1. Late visits", "Audit", agency_a.name]])
    )
    run(path, "--review", review.reference, "--mapping", "Odd layout")
    assert Action.objects.get().key_actions == "Audit"
    assert refused(path, "--review", review.reference, "--mapping", "Nope").startswith(
        "No saved column mapping"
    )


def test_unmatched_agencies_are_refused_unless_matched_or_created(tmp_path, review, agency_a):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(simple_plan(agency="Youth Offending Service"))
    message = refused(path, "--review", review.reference)
    assert "These agency names in the file match no agency of the partnership" in message
    assert '"Youth Offending Service" (first on row 2)' in message
    assert '--agency "Youth Offending Service=Existing agency name"' in message
    assert "Nothing was written." in message
    assert not Agency.objects.filter(name="Youth Offending Service").exists()
    assert not Action.objects.exists()

    out = run(path, "--review", review.reference, "--create-agencies")
    assert "Agencies created: Youth Offending Service" in out
    assert '  Agency "Youth Offending Service": a new agency, to be created' in out
    assert Agency.objects.filter(
        name="Youth Offending Service", partnership=review.partnership
    ).exists()


def test_agency_option_says_which_agency_a_name_is(tmp_path, review, agency_a):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(simple_plan(agency="HV team"))
    out = run(path, "--review", review.reference, "--agency", f"HV team={agency_a.name}")
    assert f'  Agency "HV team": {agency_a.name} (chosen by you)' in out
    assert Action.objects.get().agency == agency_a
    assert refused(path, "--review", review.reference, "--agency", "HV team").startswith(
        '--agency "HV team" must be'
    )
    assert refused(path, "--review", review.reference, "--agency", "HV team=Nobody").startswith(
        "No agency called Nobody"
    )
