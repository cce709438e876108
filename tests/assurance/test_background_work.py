"""Long work off the request (docs/background-work.md): over their thresholds a report, the
actions list's download and an import are done by the real worker (`db_worker`), followed on
the job's page; the file is the one the immediate path sends."""

import datetime
import html
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from assurance.models import IssuedReport, ReportKind
from assurance.reports.jobs import report_rows
from assurance.reports.options import ReportOptions
from assurance.reports.services import report_draft_save
from recommendations.importer import services as import_services
from recommendations.models import Action, ImportStatus
from scr_tracker.models import Job, JobState, ScrutinyBoard
from tests.recommendations.factories import ActionFactory
from tests.recommendations.import_helpers import simple_plan, upload_batch
from tests.worker import run_worker

from .report_helpers import baby_f, build, issue_data, pdf_pages

__all__ = ["baby_f"]

pytestmark = pytest.mark.usefixtures("transactional_db")


def _report_url(kind, name, review, manager):
    """The URL of `name` (draft_pdf, draft_docx, issue) for a draft of the report on `review`."""
    draft = report_draft_save(
        options=ReportOptions(kind=kind, review_ids=(review.pk,)), actor=manager
    )
    return reverse(f"assurance:reports:{name}", args=[draft.pk])


def _job_from(response) -> Job:
    assert response.status_code == 302, response.status_code
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    return job


def _download(client, job) -> bytes:
    response = client.get(reverse("job_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return b"".join(response.streaming_content)


@pytest.fixture
def fixed_clock(monkeypatch):
    """Every "now" in the report (its generation time) the same in both paths."""
    moment = timezone.now().replace(microsecond=0)
    monkeypatch.setattr("assurance.reports.builders.timezone.now", lambda: moment)
    return moment


def test_the_demo_report_counts_its_recommendations_and_actions(baby_f):
    review, manager = baby_f
    context = build(
        ReportOptions(kind=ReportKind.ACTION_PLAN, review_ids=(review.pk,)), review, manager
    )
    actions = Action.objects.filter(recommendation__review=review).count()
    assert report_rows(context) == 5 + actions


def test_a_large_draft_report_is_made_by_the_worker_byte_for_byte(
    client, baby_f, settings, fixed_clock
):
    review, manager = baby_f
    client.force_login(manager)
    url = _report_url(ReportKind.ACTION_PLAN, "draft_pdf", review, manager)
    settings.REPORT_BACKGROUND_ROWS = 1000
    immediate = client.get(url)
    assert immediate.status_code == 200 and not Job.objects.exists()

    settings.REPORT_BACKGROUND_ROWS = 5
    job = _job_from(client.get(url))
    assert job.state == JobState.QUEUED and job.user == manager
    assert job.description.startswith("Full action plan") or "action plan" in job.description
    run_worker()
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error_message
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Your file is ready" in page
    assert job.result_name in immediate["Content-Disposition"]
    data = _download(client, job)
    assert data == immediate.content
    assert all("DRAFT" in page for page in pdf_pages(data))


def test_a_large_draft_word_report_is_made_by_the_worker(client, baby_f, settings):
    review, manager = baby_f
    client.force_login(manager)
    settings.REPORT_BACKGROUND_ROWS = 5
    job = _job_from(client.get(_report_url(ReportKind.ASSURANCE, "draft_docx", review, manager)))
    run_worker()
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.result_name.endswith("-DRAFT.docx")
    import docx

    document = docx.Document(io.BytesIO(_download(client, job)))
    assert "DRAFT" in document.sections[0].header.paragraphs[0].text


def test_asking_twice_for_the_same_large_report_queues_it_once(client, baby_f, settings):
    review, manager = baby_f
    client.force_login(manager)
    settings.REPORT_BACKGROUND_ROWS = 5
    url = _report_url(ReportKind.ACTION_PLAN, "draft_pdf", review, manager)
    first, second = client.get(url), client.get(url)
    assert first["Location"] == second["Location"]
    assert Job.objects.count() == 1


def test_a_large_report_is_issued_by_the_worker(client, baby_f, settings):
    review, manager = baby_f
    board = ScrutinyBoard.objects.get(partnership=review.partnership)
    client.force_login(manager)
    settings.REPORT_BACKGROUND_ROWS = 5
    url = _report_url(ReportKind.ASSURANCE, "issue", review, manager)
    response = client.post(url, issue_data(client, url, board))
    job = _job_from(response)
    assert not IssuedReport.objects.exists()
    run_worker()
    job.refresh_from_db()
    report = IssuedReport.objects.get()
    assert job.state == JobState.DONE
    assert job.result_url == report.get_absolute_url()
    assert report.issued_by == manager and report.meeting_date == datetime.date(2026, 9, 6)
    page = html.unescape(client.get(job.get_absolute_url()).content.decode())
    assert f"has been issued to {board.name}" in page
    assert "Go to the issued report" in page


@pytest.fixture
def many_actions(plan, recommendation, agency_a):
    for number in range(12):
        ActionFactory(recommendation=recommendation, agency=agency_a, key_actions=f"=Step {number}")
    return plan


def test_a_long_csv_download_is_written_by_the_worker_as_the_page_would(
    client, board_manager, many_actions, settings
):
    client.force_login(board_manager)
    url = reverse("assurance:action_export_csv") + "?sort=due"
    settings.EXPORT_BACKGROUND_ROWS = 1000
    immediate = client.get(url)
    expected = b"".join(immediate.streaming_content)

    settings.EXPORT_BACKGROUND_ROWS = 5
    job = _job_from(client.get(url))
    assert job.back_url == reverse("assurance:action_list") + "?sort=due"
    run_worker()
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert (job.progress_done, job.progress_total) == (14, 14)
    assert _download(client, job) == expected
    assert expected.count(b"'=Step") == 12  # formulas neutralised, as on the page


def test_a_long_xlsx_download_is_written_by_the_worker(
    client, board_manager, many_actions, settings
):
    client.force_login(board_manager)
    settings.EXPORT_BACKGROUND_ROWS = 1000
    immediate = client.get(reverse("assurance:action_export_xlsx"))
    expected = b"".join(immediate.streaming_content)
    settings.EXPORT_BACKGROUND_ROWS = 5
    job = _job_from(client.get(reverse("assurance:action_export_xlsx")))
    run_worker()

    def cells(data):
        sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    job.refresh_from_db()
    assert job.result_name.endswith(".xlsx")
    assert cells(_download(client, job)) == cells(expected)


def test_an_agency_leads_long_download_holds_only_their_actions(
    client, lead_b, many_actions, settings
):
    client.force_login(lead_b)
    settings.EXPORT_BACKGROUND_ROWS = 0
    job = _job_from(client.get(reverse("assurance:action_export_csv")))
    run_worker()
    job.refresh_from_db()
    rows = _download(client, job).decode("utf-8-sig").splitlines()
    assert len(rows) == 2  # the heading and lead_b's one action
    assert "Children's social care" in rows[1]


def test_a_large_import_is_written_by_the_worker(client, board_manager, review, agency_a, settings):
    batch = upload_batch(simple_plan(rows=6), review=review, actor=board_manager)
    client.force_login(board_manager)
    settings.IMPORT_BACKGROUND_ROWS = 3
    job = _job_from(client.post(batch.get_absolute_url(), {}))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEW
    run_worker()
    job.refresh_from_db()
    batch.refresh_from_db()
    assert job.state == JobState.DONE, job.error_message
    assert batch.status == ImportStatus.IMPORTED
    assert job.result_url == review.get_absolute_url()
    assert job.result_message == "Imported 6 recommendations and 6 actions from plan.xlsx."
    assert Action.objects.filter(recommendation__review=review).count() == 6


def test_an_import_that_cannot_be_written_fails_with_the_reason(
    client, board_manager, review, agency_a, settings
):
    batch = upload_batch(simple_plan(rows=6), review=review, actor=board_manager)
    client.force_login(board_manager)
    settings.IMPORT_BACKGROUND_ROWS = 3
    job = _job_from(client.post(batch.get_absolute_url(), {}))
    import_services.import_batch_discard(batch=batch, actor=board_manager)
    run_worker()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error_message.startswith("This import is already discarded.")
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Nothing was imported" in page and batch.get_absolute_url() in page


def test_a_small_import_is_written_at_once(client, board_manager, review, agency_a):
    batch = upload_batch(simple_plan(rows=2), review=review, actor=board_manager)
    client.force_login(board_manager)
    response = client.post(batch.get_absolute_url(), {})
    assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
    assert not Job.objects.exists()


def _download_links(page: str) -> list[str]:
    return re.findall(
        r'<a class="govuk-link"\s+href="/assurance/actions/export\.[a-z]+"([^>]*)>', page
    )


def test_the_actions_list_links_a_long_download_to_its_page_not_as_a_file(
    client, board_manager, many_actions, settings
):
    """A `download` link would save the job's page as the file: over the threshold the links
    are plain links, which open the job's page."""
    client.force_login(board_manager)
    settings.EXPORT_BACKGROUND_ROWS = 1000
    page = client.get(reverse("assurance:action_list")).content.decode()
    assert [attributes.strip() for attributes in _download_links(page)] == ["download"] * 2
    settings.EXPORT_BACKGROUND_ROWS = 5
    page = client.get(reverse("assurance:action_list")).content.decode()
    assert [attributes.strip() for attributes in _download_links(page)] == ["", ""]
