"""The importer's pages: upload, column mapping, preview, confirm (all or nothing), discard."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from recommendations.importer import services
from recommendations.models import (
    Action,
    ActionStatus,
    DueDateRevision,
    ImportBatch,
    ImportStatus,
    Recommendation,
    SavedColumnMapping,
)
from reviews.models import Review
from scr_tracker.models import Agency, AgencyKind
from tests.recommendations.factories import RecommendationFactory
from tests.recommendations.import_helpers import (
    SAMPLES,
    TEMPLATE_ONE,
    simple_plan,
    upload_batch,
    workbook_bytes,
)

pytestmark = pytest.mark.django_db

UPLOAD = reverse("recommendations:import_upload")
WITH_AGENCY = [*TEMPLATE_ONE, "Agency"]


def plan_rows():
    return [
        ["Child H action plan"],
        [],
        WITH_AGENCY,
        ["Overview Report Recommendations"],
        [
            "1. Seek assurance that GP practices hold safeguarding meetings.",
            "Audit attendance",
            "Audit report",
            "Information shared",
            "Designated Nurse",
            "Immediate – completed by July 2015",
            "Health visiting provider",
        ],
        [
            None,
            "Write to every practice",
            "Letter",
            "",
            "Named GP",
            "31.03.2015 / 31.05.2015",
            "GP practices",
        ],
        [
            "2. Refresh the record keeping guidance.",
            "Revise guidance",
            "",
            "",
            "Head of Service",
            "On advice from legal services",
            "children's social care",
        ],
    ]


def upload(client, data, *, review=None, filename="plan.xlsx", **extra):
    payload = {"file": SimpleUploadedFile(filename, data), "kind": "scr", **extra}
    if review is not None:
        payload["review"] = review.pk
    return client.post(UPLOAD, payload)


def match_agencies(client, batch, *, create=True):
    """Answer the agencies page: keep each match, create each agency not matched."""
    preview = services.batch_preview(batch)
    data = {
        f"agency_{index}": str(agency.pk) if agency.pk is not None else "new"
        for index, agency in enumerate(preview.agencies)
        if agency.file_names and (agency.pk is not None or create)
    }
    return client.post(reverse("recommendations:import_agencies", args=[batch.pk]), data)


def counts():
    return (
        Recommendation.objects.count(),
        Action.objects.count(),
        Agency.objects.count(),
        Review.objects.count(),
    )


def test_upload_page_offers_the_partnerships_reviews_and_preselects_one(
    client, board_manager, review, outsider
):
    Review.objects.create(partnership=outsider.partnership, reference="OTHER-1", title="Child Q")
    client.force_login(board_manager)
    html = client.get(UPLOAD, {"review": review.pk}).content.decode()
    assert f'<option value="{review.pk}" selected>SCR-BABY-F: Baby F</option>' in html
    assert "Child Q" not in html
    assert 'enctype="multipart/form-data"' in html


def test_recognised_file_goes_straight_to_a_preview_and_nothing_is_written(
    client, board_manager, review, agency_a, agency_b
):
    client.force_login(board_manager)
    before = counts()
    response = upload(client, workbook_bytes(plan_rows()), review=review)
    batch = ImportBatch.objects.get()
    # GP practices is no agency of the partnership: the user is asked, nothing is created.
    agencies_url = reverse("recommendations:import_agencies", args=[batch.pk])
    assert response.status_code == 302 and response["Location"] == agencies_url
    html = client.get(agencies_url).content.decode()
    assert "Match the agencies" in html and "1 name in the file matches no agency" in html
    assert "Create a new agency called “GP practices”" in html
    response = match_agencies(client, batch)
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    html = client.get(batch.get_absolute_url()).content.decode()
    assert counts() == before
    assert "Check the import before it is saved" in html
    for words in [
        "Heading row: Overview Report Recommendations",
        "Overview report 1",
        "Seek assurance that GP practices hold safeguarding meetings.",
        "Health visiting provider",
        "GP practices",
        "New agency",
        "Designated Nurse",
        "Immediate – completed by July 2015",
        "31 July 2015",
        "31 May 2015",
        "no date",
        "Could not read a date from",
        "(another action)",
        "Import 2 recommendations and 3 actions",
    ]:
        assert words in html, words
    assert re.search(r"Agencies to be created\s*</dt>\s*<dd[^>]*>\s*GP practices", html)


def test_confirming_writes_everything_with_history_and_row_numbers(
    client, board_manager, review, agency_a, agency_b
):
    client.force_login(board_manager)
    upload(client, workbook_bytes(plan_rows()), review=review)
    match_agencies(client, ImportBatch.objects.get())
    batch = ImportBatch.objects.get()
    match_agencies(client, batch)
    response = client.post(batch.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Imported 2 recommendations and 3 actions from plan.xlsx."]
    first = Recommendation.objects.get(review=review, number="1")
    assert (first.source_row, first.text) == (
        5,
        "Seek assurance that GP practices hold safeguarding meetings.",
    )
    record = first.history.get()
    assert record.history_change_reason == f"Imported from plan.xlsx by {board_manager} (row 5)"
    assert record.history_user == board_manager
    actions = list(Action.objects.filter(recommendation__review=review).order_by("source_row"))
    assert [(a.source_row, a.agency.name, a.due_date) for a in actions] == [
        (5, "Health visiting provider", datetime.date(2015, 7, 31)),
        (6, "GP practices", datetime.date(2015, 5, 31)),
        (7, "Children's social care", None),
    ]
    assert (
        actions[1].history.get().history_change_reason
        == f"Imported from plan.xlsx by {board_manager} (row 6)"
    )
    assert DueDateRevision.objects.filter(action__in=actions).count() == 3
    created = Agency.objects.get(name="GP practices")
    assert created.history.get().history_change_reason.startswith(
        "Created by the import: Imported from plan.xlsx"
    )
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED
    assert batch.table == {} and batch.preview == {}
    assert batch.summary["actions"] == 3


def test_file_is_not_kept_only_its_fingerprint(client, board_manager, review, agency_a):
    client.force_login(board_manager)
    data = simple_plan(agency=agency_a.name)
    upload(client, data, review=review)
    batch = ImportBatch.objects.get()
    import hashlib

    assert batch.sha256 == hashlib.sha256(data).hexdigest()
    assert not [f for f in ImportBatch._meta.get_fields() if f.get_internal_type() == "FileField"]
    assert "table" not in {f.name for f in ImportBatch.history.model._meta.get_fields()}


def test_file_with_errors_cannot_be_confirmed_and_nothing_is_written(
    client, board_manager, review, agency_a
):
    client.force_login(board_manager)
    rows = [
        WITH_AGENCY,
        [None, "An action without a recommendation", "", "", "Lead", "2016", agency_a.name],
    ]
    upload(client, workbook_bytes(rows), review=review)
    batch = ImportBatch.objects.get()
    html = client.get(batch.get_absolute_url()).content.decode()
    assert "This file cannot be imported yet" in html
    assert (
        "Row 2: This row has text but no recommendation: column A (Recommendation) is empty" in html
    )
    assert "Upload a corrected file" in html
    assert "Import 0 recommendations" not in html
    before = counts()
    client.post(batch.get_absolute_url())
    assert counts() == before
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEW


def test_a_database_failure_part_way_leaves_nothing_written(
    client, board_manager, review, agency_a, monkeypatch
):
    client.force_login(board_manager)
    upload(client, workbook_bytes(plan_rows()), review=review)
    match_agencies(client, ImportBatch.objects.get())
    batch = ImportBatch.objects.get()
    real = services.bulk_create_with_history
    written = []

    def fail_on_the_timescales(objs, model, **kwargs):
        if model is DueDateRevision:
            raise IntegrityError("disk full")
        written.append(model)
        return real(objs, model, **kwargs)

    monkeypatch.setattr(services, "bulk_create_with_history", fail_on_the_timescales)
    before = counts()
    response = client.post(batch.get_absolute_url())
    assert written == [Recommendation, Action]  # written, then undone
    assert response.status_code == 200
    assert "The import could not be saved, so nothing was: disk full" in response.content.decode()
    assert counts() == before
    assert not Agency.objects.filter(name="GP practices").exists()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEW


def test_a_row_failing_validation_on_commit_leaves_nothing_written(
    client, board_manager, review, agency_a, monkeypatch
):
    client.force_login(board_manager)
    upload(client, workbook_bytes(plan_rows()), review=review)
    match_agencies(client, ImportBatch.objects.get())
    batch = ImportBatch.objects.get()
    real = services.apply_timescale

    def refuse_row_six(action, **kwargs):
        if action.source_row == 6:
            raise ValidationError({"timescale": "Not a timescale"})
        return real(action, **kwargs)

    monkeypatch.setattr(services, "apply_timescale", refuse_row_six)
    before = counts()
    response = client.post(batch.get_absolute_url())
    assert "Row 6: Not a timescale" in response.content.decode()
    assert counts() == before


def test_unrecognised_column_is_mapped_by_the_user_and_the_mapping_saved(
    client, board_manager, review, agency_a
):
    client.force_login(board_manager)
    rows = [
        ["Ref", "Issue found", "Response", "Owner", "When", "Agency"],
        [
            "1",
            "Seek assurance on visits",
            "Audit visits",
            "Head of HV",
            "March 2016",
            agency_a.name,
        ],
    ]
    response = upload(client, workbook_bytes(rows), review=review)
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("recommendations:import_mapping", args=[batch.pk])
    html = client.get(response["Location"]).content.decode()
    assert (
        "Column B: Issue found" in html
        and "For example: &#x27;Seek assurance on visits&#x27;" in html
    )
    data = {
        "column_0": "number",
        "column_1": "recommendation",
        "column_2": "key_actions",
        "column_3": "lead_officer",
        "column_4": "timescale",
        "column_5": "agency",
        "agency_headings": "imr",
        "save_as": "Health IMR layout",
    }
    response = client.post(response["Location"], data)
    assert response["Location"] == batch.get_absolute_url()
    batch.refresh_from_db()
    assert batch.mapping == [
        "number",
        "recommendation",
        "key_actions",
        "lead_officer",
        "timescale",
        "agency",
    ]
    assert batch.summary["actions"] == 1
    saved = SavedColumnMapping.objects.get(name="Health IMR layout")
    assert saved.headings["issue found"] == "recommendation"
    # The saved mapping is offered on the next upload, and used: straight to the preview.
    assert "Health IMR layout" in client.get(UPLOAD).content.decode()
    response = upload(client, workbook_bytes(rows), review=review, saved_mapping=saved.pk)
    latest = ImportBatch.objects.order_by("-pk").first()
    assert response["Location"] == latest.get_absolute_url()
    assert latest.mapping == batch.mapping


def test_mapping_page_escapes_what_the_file_says(client, board_manager, review):
    client.force_login(board_manager)
    rows = [
        ["Recommendation", "<script>alert(1)</script>"],
        ["1. Rec", "<img src=x onerror=alert(2)>"],
    ]
    batch = upload_batch(workbook_bytes(rows), review=review, actor=board_manager)
    html = client.get(reverse("recommendations:import_mapping", args=[batch.pk])).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "Column B: &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html


def test_mapping_page_refuses_two_columns_for_one_field_and_no_recommendation(
    client, board_manager, review
):
    client.force_login(board_manager)
    batch = upload_batch(simple_plan(), review=review, actor=board_manager)
    url = reverse("recommendations:import_mapping", args=[batch.pk])
    data = {f"column_{i}": "" for i in range(6)} | {
        "column_2": "lead_officer",
        "column_3": "lead_officer",
        "agency_headings": "imr",
    }
    html = client.post(url, data).content.decode()
    assert "Column C is already imported as Lead officer" in html
    assert "Choose the column that holds the recommendations" in html


def test_rows_without_agency_send_the_user_to_choose_one(client, board_manager, review):
    own = Agency.objects.create(
        partnership=review.partnership,
        name="Partnership business unit",
        kind=AgencyKind.PARTNERSHIP,
    )
    client.force_login(board_manager)
    response = upload(
        client,
        workbook_bytes([TEMPLATE_ONE, ["1. Rec", "Act", "", "", "Lead", "2016"]]),
        review=review,
    )
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("recommendations:import_mapping", args=[batch.pk])
    html = client.get(response["Location"]).content.decode()
    assert "1 row has an action but names no agency" in html
    # Offered, never chosen for the user.
    assert f'<option value="{own.pk}" selected>' not in html
    assert f'<option value="{own.pk}">' in html
    client.post(
        response["Location"],
        {f"column_{i}": f for i, f in enumerate(batch.mapping)}
        | {"agency_headings": "imr", "default_agency": own.pk},
    )
    batch.refresh_from_db()
    assert batch.summary["errors"] == 0 and batch.options["default_agency"] == own.pk


def test_importing_the_same_file_again_needs_explicit_confirmation(
    client, board_manager, review, agency_a
):
    client.force_login(board_manager)
    data = simple_plan(agency=agency_a.name)
    upload(client, data, review=review)
    client.post(ImportBatch.objects.get().get_absolute_url())
    assert Action.objects.filter(recommendation__review=review).count() == 1

    upload(client, data, review=review)
    again = ImportBatch.objects.filter(status=ImportStatus.PREVIEW).get()
    html = client.get(again.get_absolute_url()).content.decode()
    assert "This file was imported into this review on" in html
    assert "Import it again: I know this file was imported into this review before" in html
    response = client.post(again.get_absolute_url())
    assert "tick the box to import it again" in response.content.decode()
    assert Action.objects.filter(recommendation__review=review).count() == 1
    client.post(again.get_absolute_url(), {"allow_duplicate": "on"})
    assert Action.objects.filter(recommendation__review=review).count() == 2


def test_same_file_into_another_review_is_not_a_duplicate(client, board_manager, review, agency_a):
    client.force_login(board_manager)
    data = simple_plan(agency=agency_a.name)
    upload(client, data, review=review)
    client.post(ImportBatch.objects.get().get_absolute_url())
    upload(client, data, reference="SCR-CHILD-H", title="Child H")
    fresh = ImportBatch.objects.filter(status=ImportStatus.PREVIEW).get()
    assert "This file was imported" not in client.get(fresh.get_absolute_url()).content.decode()


def test_review_changed_since_the_preview_is_not_written(client, board_manager, review, agency_a):
    client.force_login(board_manager)
    upload(client, simple_plan(agency=agency_a.name), review=review)
    batch = ImportBatch.objects.get()
    RecommendationFactory(review=review, number="1", text="Added by a colleague meanwhile")
    response = client.post(batch.get_absolute_url(), follow=True)
    assert "The review changed since this preview was made" in response.content.decode()
    assert (
        "Recommendation 1 already exists in this review with different text"
        in response.content.decode()
    )
    assert Action.objects.count() == 0


def test_new_review_is_created_only_on_confirmation(client, board_manager, agency_a):
    client.force_login(board_manager)
    response = upload(
        client,
        simple_plan(agency=agency_a.name),
        reference="SCR-CHILD-H",
        title="Child H",
        kind="lcspr",
    )
    batch = ImportBatch.objects.get()
    assert response["Location"] == batch.get_absolute_url()
    assert not Review.objects.filter(reference="SCR-CHILD-H").exists()
    assert (
        "SCR-CHILD-H: Child H (new review)" in client.get(batch.get_absolute_url()).content.decode()
    )
    client.post(batch.get_absolute_url())
    created = Review.objects.get(reference="SCR-CHILD-H")
    assert (created.title, created.kind, created.partnership_id) == (
        "Child H",
        "lcspr",
        board_manager.partnership_id,
    )
    assert created.recommendations.count() == 1
    assert (
        created.history.get().history_change_reason
        == f"Created by the import of plan.xlsx by {board_manager}"
    )


def test_new_review_needs_a_reference_and_title_not_already_used(client, board_manager, review):
    client.force_login(board_manager)
    html = upload(client, simple_plan()).content.decode()
    assert "Enter the new review&#x27;s reference, or choose a review to import into" in html
    assert "Enter the new review&#x27;s title" in html
    html = upload(client, simple_plan(), reference=review.reference, title="Again").content.decode()
    assert f"A review with the reference {review.reference} already exists" in html
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.xlsx", "The file is empty"),
        (
            b"%PDF-1.4 report",
            "report.pdf",
            "report.pdf is not a spreadsheet (it is a PDF document).",
        ),
        (
            (SAMPLES / "password_protected.xlsx").read_bytes(),
            "protected.xlsx",
            "protected.xlsx is protected with a password",
        ),
        (workbook_bytes([["Item", "Issue"], ["1", "x"]]), "plan.xlsx", "No heading row was found"),
    ],
)
def test_unreadable_files_are_refused_on_the_upload_page(
    client, board_manager, review, data, filename, message
):
    client.force_login(board_manager)
    response = upload(client, data, review=review, filename=filename)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and message in html
    assert "<title>Error: Import an action plan" in html
    assert not ImportBatch.objects.exists()


def test_file_larger_than_the_limit_is_refused(client, board_manager, review, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 0
    client.force_login(board_manager)
    html = upload(client, simple_plan(), review=review).content.decode()
    assert "The file must be smaller than" in html


def test_discarding_clears_what_was_read(client, board_manager, review):
    client.force_login(board_manager)
    batch = upload_batch(simple_plan(), review=review, actor=board_manager)
    url = reverse("recommendations:import_discard", args=[batch.pk])
    assert "Discard the import" in client.get(url).content.decode()
    response = client.post(url)
    assert response["Location"] == UPLOAD
    batch.refresh_from_db()
    assert (batch.status, batch.table, batch.preview) == (ImportStatus.DISCARDED, {}, {})
    assert "This import was discarded" in client.get(batch.get_absolute_url()).content.decode()


def test_previews_left_unconfirmed_expire_on_the_next_upload(
    client, board_manager, review, settings
):
    settings.IMPORT_PREVIEW_HOURS = 24
    stale = upload_batch(simple_plan(), review=review, actor=board_manager)
    ImportBatch.objects.filter(pk=stale.pk).update(
        uploaded_at=timezone.now() - datetime.timedelta(hours=25)
    )
    upload_batch(simple_plan(rows=2), review=review, actor=board_manager)
    stale.refresh_from_db()
    assert (stale.status, stale.table) == (ImportStatus.DISCARDED, {})


def test_preview_can_show_only_rows_with_problems_and_pages_long_plans(
    client, board_manager, review, agency_a
):
    client.force_login(board_manager)
    rows = [WITH_AGENCY] + [
        [
            f"{n}. Rec {n}",
            f"Act {n}",
            "",
            "",
            "Lead",
            "Ongoing" if n % 50 else "whenever",
            agency_a.name,
        ]
        for n in range(1, 251)
    ]
    upload(client, workbook_bytes(rows), review=review)
    batch = ImportBatch.objects.get()
    html = client.get(batch.get_absolute_url()).content.decode()
    assert "Rows 1 to 100 of 250" in html and 'rel="next"' in html
    html = client.get(batch.get_absolute_url(), {"show": "problems"}).content.decode()
    assert "Rows 1 to 5 of 5 with warnings or errors" in html
    assert 'id="row-51"' in html and 'id="row-52"' not in html


def test_agency_lead_cannot_upload_or_confirm(client, lead_a, board_manager, review):
    batch = upload_batch(simple_plan(), review=review, actor=board_manager)
    client.force_login(lead_a)
    assert upload(client, simple_plan(), review=review).status_code == 403
    assert client.post(batch.get_absolute_url()).status_code == 404
    assert Action.objects.count() == 0


def test_board_manager_of_another_partnership_cannot_see_or_target_this_partnership(
    client, outsider, board_manager, review
):
    batch = upload_batch(simple_plan(), review=review, actor=board_manager)
    client.force_login(outsider)
    assert client.get(batch.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("recommendations:import_discard", args=[batch.pk])).status_code == 404
    )
    html = upload(client, simple_plan(), review=review).content.decode()
    assert "Select a valid choice" in html
    assert ImportBatch.objects.count() == 1


def test_history_of_an_imported_action_says_where_it_came_from(
    client, board_manager, review, agency_a
):
    client.force_login(board_manager)
    upload(client, simple_plan(agency=agency_a.name), review=review)
    client.post(ImportBatch.objects.get().get_absolute_url())
    action = Action.objects.get()
    html = client.get(reverse("recommendations:action_history", args=[action.pk])).content.decode()
    assert f"Imported from plan.xlsx by {board_manager} (row 2)" in html
    # The bulk write fills the action's partnership (the pages scope actions by it), and its
    # history row's.
    assert action.partnership_id == review.partnership_id
    assert action.history.get().partnership_id == review.partnership_id


def test_already_actioned_rows_are_recorded_as_reported_complete(
    client, board_manager, review, agency_a
):
    client.force_login(board_manager)
    rows = [
        WITH_AGENCY,
        ["1. Rec", "Act", "", "", "Lead", "Already actioned see 8.5.2", agency_a.name],
    ]
    upload(client, workbook_bytes(rows), review=review)
    client.post(ImportBatch.objects.get().get_absolute_url())
    assert Action.objects.get().status == ActionStatus.COMPLETION_CLAIMED


# --- query counts ---


@pytest.mark.parametrize("size", [5, 200])
def test_preview_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, board_manager, review, agency_a, size
):
    batch = upload_batch(
        simple_plan(agency=agency_a.name, rows=size), review=review, actor=board_manager
    )
    client.force_login(board_manager)
    with django_assert_max_num_queries(9):
        assert client.get(batch.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(9):
        assert (
            client.get(reverse("recommendations:import_mapping", args=[batch.pk])).status_code
            == 200
        )


@pytest.mark.parametrize("size", [5, 200])
def test_upload_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, board_manager, review, agency_a, size
):
    client.force_login(board_manager)
    data = simple_plan(agency=agency_a.name, rows=size)
    with django_assert_max_num_queries(18):
        assert upload(client, data, review=review).status_code == 302


def _commit_queries(client, board_manager, review, agency, size):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    owners = [agency.name] + [
        f"{name} {review.reference}" for name in ("Youth Offending", "Housing", "Probation")
    ]
    rows = [WITH_AGENCY] + [
        [f"{n}. Rec {n}", f"Act {n}", "", "", "Lead", "March 2016", owners[n % 4]]
        for n in range(1, size + 1)
    ]
    batch = upload_batch(
        workbook_bytes(rows),
        review=review,
        actor=board_manager,
        options={"create_agencies": True},
    )
    client.force_login(board_manager)
    with CaptureQueriesContext(connection) as captured:
        assert client.post(batch.get_absolute_url()).status_code == 302
    assert Action.objects.filter(recommendation__review=review).count() == size
    return [query["sql"] for query in captured.captured_queries]


def test_commit_looks_nothing_up_row_by_row_and_writes_in_bulk(
    client, board_manager, partnership, agency_a
):
    """Agencies and recommendations are looked up once for the whole file; the new rows are
    written in bulk with their history. Only the bulk inserts grow, in chunks of many rows
    (the chunk size is the database's limit on query parameters)."""
    small = _commit_queries(
        client,
        board_manager,
        Review.objects.create(partnership=partnership, reference="A", title="A"),
        agency_a,
        5,
    )
    large = _commit_queries(
        client,
        board_manager,
        Review.objects.create(partnership=partnership, reference="B", title="B"),
        agency_a,
        300,
    )

    def reads(queries):
        return [q for q in queries if q.startswith("SELECT")]

    assert len(reads(large)) == len(reads(small))
    assert len(large) - len(small) <= 300 // 8


def test_rows_that_cannot_be_read_show_what_they_say_and_every_problem(
    client, board_manager, review, agency_a
):
    RecommendationFactory(review=review, number="1", text="Something else")
    client.force_login(board_manager)
    rows = [
        WITH_AGENCY,
        ["1. Seek assurance on visits", "Audit", "", "", "Lead", "=TODAY()+30", agency_a.name],
    ]
    upload(client, workbook_bytes(rows), review=review)
    html = client.get(ImportBatch.objects.get().get_absolute_url()).content.decode()
    assert "As written: 1. Seek assurance on visits | Audit | Lead | =TODAY()+30" in html
    assert "Row 2: Recommendation 1 already exists in this review with different text." in html
    assert "Row 2: Column F (Date): the formula =TODAY()+30 has no saved value." in html
