"""The objects the matrix's URLs point at: the role fixtures' review, recommendation and
actions (tests/roles.py) and, built from them, an assurance statement, a progress update with
an evidence file, a pending due date request, an issued report, an import awaiting
confirmation, a theme, a user who has not accepted their invitation yet, and the path values
of links that were never issued.

`build_objects` makes them; the matrix calls it once per test module (conftest.py here), and
the `objects` fixture once per test for the tests elsewhere that walk every URL and change
what they find (tests/scr_tracker/conftest.py imports it)."""

import datetime
import hashlib

import pytest
from django.utils import timezone

from assurance.models import AssuranceStatement, IssuedReport, ReportKind, ReportVersion
from assurance.reports.options import ReportOptions
from assurance.reports.services import report_draft_save
from recommendations.models import DueDateRevision, RevisionState
from reviews.services import stage_record
from scr_tracker.accounts.services import api_token_create
from scr_tracker.audit import audited_save
from scr_tracker.jobs import job_start, run_job
from tests.assurance.factories import EvidenceFactory, ProgressUpdateFactory
from tests.recommendations.import_helpers import simple_plan, upload_batch
from tests.reviews.factories import ThemeFactory
from tests.scr_tracker import job_tasks
from tests.scr_tracker.factories import UserFactory


def build_objects(*, review, recommendation, action_a, action_b, board_manager, lead_a, board):
    """{name: object} for the rows' `kwargs`. `board` is the scrutiny member's board."""
    AssuranceStatement.objects.create(
        recommendation=recommendation, narrative="GP surgeries now meet."
    )
    update = ProgressUpdateFactory(action=action_a, author=lead_a, claims_completion=True)
    invited = UserFactory(username="invited.user", partnership=board_manager.partnership)
    invited.set_unusable_password()
    invited.save(update_fields=["password"])
    # The review's lifecycle: the incident is known, so the notification's clock is running.
    stage_record(
        review=review,
        key="incident",
        completed_on=timezone.localdate() - datetime.timedelta(days=2),
        actor=board_manager,
        today=timezone.localdate(),
    )
    return {
        "review": review,
        "recommendation": recommendation,
        "action_a": action_a,
        "action_b": action_b,
        "update_a": update,
        "evidence_a": EvidenceFactory(update=update),
        "due_date_request_a": DueDateRevision.objects.create(
            action=action_a,
            timescale="31 March 2031",
            due_date=datetime.date(2031, 3, 31),
            reason="Training venue unavailable until March",
            state=RevisionState.PENDING,
            requested_by=lead_a,
        ),
        "issued_report": _issued_report(review, board_manager, board),
        "report_draft": report_draft_save(
            options=ReportOptions(kind=ReportKind.ASSURANCE, review_ids=(review.pk,)),
            actor=board_manager,
        ),
        # A report kind is a slug.
        "kind": ReportKind.ASSURANCE.value,
        # A stage of the review's lifecycle is a slug too.
        "stage_key": "notification",
        "import_batch": upload_batch(simple_plan(), review=review, actor=board_manager),
        # A theme of the core partnership (national themes: tests/reviews/test_theme_tenancy.py).
        "theme": ThemeFactory(name="Information sharing", partnership=review.partnership),
        "invited_user": invited,
        # The board manager's personal API token.
        "api_token": api_token_create(user=board_manager, name="Power BI", days=90)[0],
        # The board manager's finished background job, with its file.
        "job": _finished_job(board_manager),
        # An unknown user id and a token that was never issued.
        "bad_uid": "Zm9v",
        "bad_token": "c1x2y3-0123456789abcdef",
    }


def _finished_job(user):
    job = job_start(
        actor=user, task=job_tasks.count_to, kwargs={"to": 3}, description="Counting to 3"
    )
    run_job(job.pk, job_tasks.count_to_work, to=3)
    job.refresh_from_db()
    return job


def _issued_report(review, manager, board):
    pdf, docx = b"%PDF-1.7 issued", b"PK issued"
    return audited_save(
        IssuedReport(
            partnership=manager.partnership,
            kind=ReportKind.ASSURANCE,
            title="Baby F: Recommendations and Implementation Assurance",
            version=ReportVersion.EXEMPT,
            audience=board,
            options=ReportOptions(kind=ReportKind.ASSURANCE, review_ids=(review.pk,)).to_json(),
            pdf=pdf,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            docx=docx,
            docx_sha256=hashlib.sha256(docx).hexdigest(),
            issued_by=manager,
            issued_at=timezone.now(),
        ),
        actor=manager,
        reason="Issued to Scrutiny Board 2",
    )


@pytest.fixture
def objects(plan, recommendation, action_a, action_b, board_manager, lead_a, scrutiny_member):
    """The matrix's objects, built for one test."""
    return build_objects(
        review=plan,
        recommendation=recommendation,
        action_a=action_a,
        action_b=action_b,
        board_manager=board_manager,
        lead_a=lead_a,
        board=scrutiny_member.scrutiny_board,
    )
