"""Large reports in the background worker (docs/background-work.md): a draft PDF or Word
download, and issuing a report, when the report prints more than REPORT_BACKGROUND_ROWS
recommendations and actions. The task builds the same report from the same options and calls
the same render functions as the page does, so the file is the one the page would have sent."""

import datetime
import hashlib
import json

from django.conf import settings
from django.utils.text import slugify
from django_tasks import task

from assurance.models import ReportKind
from scr_tracker.jobs import JobFailed, JobResult, job_start, run_job
from scr_tracker.models import ScrutinyBoard

from . import services
from .builders import ReportError, build_report
from .options import ReportOptions
from .render import render_pdf
from .word import render_docx

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_rows(context: dict) -> int:
    """How many recommendations and actions the report prints: what its layout time grows with."""
    rows = 0
    for section in context.get("sections", ()):
        rows += len(section.recommendations) + section.action_count
    for group in context.get("groups", ()):
        rows += len(group.rows)
    for name in ("review_rows", "assured_rows", "not_implemented_rows", "stalled_rows"):
        rows += len(context.get(name, ()))
    return rows


def is_large(context: dict) -> bool:
    return report_rows(context) > settings.REPORT_BACKGROUND_ROWS


def document_name(context: dict, fmt: str, *, draft: bool) -> str:
    kind = context["report"].kind
    name = slugify(context["report"].title)[:80] or kind
    return f"{name}{'-DRAFT' if draft else ''}.{fmt}"


def _rebuild(job, options: dict, today: str) -> dict:
    try:
        return build_report(
            ReportOptions.from_json(options),
            partnership=job.user.partnership,
            today=datetime.date.fromisoformat(today),
            sender_user=job.user,
        )
    except ReportError as error:
        raise JobFailed(f"{error} The report was not made.") from None


def _document(*, job, progress, options: dict, fmt: str, today: str) -> JobResult:
    progress.step("Gathering the report's recommendations and actions", done=0, total=3)
    context = _rebuild(job, options, today)
    progress.step("Laying out the pages", done=1)
    data = render_pdf(context, draft=True) if fmt == "pdf" else render_docx(context, draft=True)
    progress.step("Storing the file", done=2)
    return JobResult(
        content=data,
        filename=document_name(context, fmt, draft=True),
        content_type=PDF if fmt == "pdf" else DOCX,
    )


@task()
def report_draft_document(job_id: int, *, options: dict, fmt: str, today: str):
    return run_job(job_id, _document, options=options, fmt=fmt, today=today)


def _issue(
    *,
    job,
    progress,
    options: dict,
    audience_id: int,
    meeting_date,
    today: str,
    confirmed_check: str | None = None,
    compose_url: str = "",
):
    progress.step("Gathering the report and laying out its pages", done=0, total=1)
    audience = ScrutinyBoard.objects.filter(
        pk=audience_id, partnership_id=job.user.partnership_id
    ).first()
    if audience is None:
        raise JobFailed("The scrutiny board no longer exists. The report was not issued.")
    try:
        issued = services.report_issue(
            options=ReportOptions.from_json(options),
            audience=audience,
            meeting_date=datetime.date.fromisoformat(meeting_date) if meeting_date else None,
            actor=job.user,
            today=datetime.date.fromisoformat(today),
            confirmed_check=confirmed_check,
            compose_url=compose_url,
        )
    except services.CheckChanged as error:
        raise JobFailed(f"{error.messages[0]}. The report was not issued.") from None
    except ReportError as error:
        raise JobFailed(f"{error} The report was not issued.") from None
    return JobResult(
        url=issued.get_absolute_url(),
        link_text="Go to the issued report",
        message=f"“{issued.title}” has been issued to {audience.name}.",
    )


@task()
def report_issue(
    job_id: int,
    *,
    options: dict,
    audience_id: int,
    meeting_date,
    today: str,
    confirmed_check: str | None = None,
    compose_url: str = "",
):
    return run_job(
        job_id,
        _issue,
        options=options,
        audience_id=audience_id,
        meeting_date=meeting_date,
        today=today,
        confirmed_check=confirmed_check,
        compose_url=compose_url,
    )


def _label(context) -> str:
    return f"{ReportKind(context['report'].kind).label}: {context['report'].title}"


def start_draft(request, context: dict, *, fmt: str, today: datetime.date, back_url: str):
    """Queue the draft document of a large report; the job's page follows it."""
    options = context["options"].to_json()
    fingerprint = hashlib.sha256(json.dumps(options, sort_keys=True).encode()).hexdigest()
    return job_start(
        actor=request.user,
        task=report_draft_document,
        kwargs={"options": options, "fmt": fmt, "today": today.isoformat()},
        description=f"{_label(context)}, draft {'PDF' if fmt == 'pdf' else 'Word document'}",
        key=f"report-draft:{fmt}:{today}:{fingerprint}",
        back_url=back_url,
    )


def start_issue(
    request,
    context: dict,
    *,
    audience,
    meeting_date,
    today: datetime.date,
    confirmed_check: str | None,
    compose_url: str,
):
    """Queue issuing a large report to `audience`; the job's page links to it once issued."""
    return job_start(
        actor=request.user,
        task=report_issue,
        kwargs={
            "options": context["options"].to_json(),
            "audience_id": audience.pk,
            "meeting_date": meeting_date.isoformat() if meeting_date else None,
            "today": today.isoformat(),
            "confirmed_check": confirmed_check,
            "compose_url": compose_url,
        },
        description=f"Issuing {_label(context)} to {audience.name}",
        back_url=compose_url,
    )
