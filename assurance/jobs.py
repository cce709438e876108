"""Large downloads of the actions list in the background worker (docs/background-work.md):
over EXPORT_BACKGROUND_ROWS rows, the CSV or XLSX file is written by a task, from the same
query and the same writer as the immediate download, and fetched from the job's page."""

import datetime
import tempfile

from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django_tasks import task

from recommendations.revisions import with_timescale_history
from scr_tracker.exports import csv_response, export_rows, xlsx_response
from scr_tracker.jobs import JobResult, job_start, run_job

from .listing import ACTION_EXPORT_COLUMNS, ACTION_EXPORT_FIELDS, action_listing

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _ListRequest:
    """What the list's query reads of a request: who is asking and the list's query string."""

    def __init__(self, user, query: str):
        self.user = user
        self.GET = QueryDict(query)


def export_is_large(queryset) -> bool:
    """More than EXPORT_BACKGROUND_ROWS rows: asks the database for the row after the
    threshold, which reads no further (a count would read the whole list)."""
    threshold = settings.EXPORT_BACKGROUND_ROWS
    return queryset.order_by().values("pk")[threshold : threshold + 1].exists()


def _counted(rows, progress):
    for row in rows:
        yield row
        progress.advance()


def _action_export(*, job, progress, query: str, fmt: str, today: str) -> JobResult:
    day = datetime.date.fromisoformat(today)
    queryset = action_listing(_ListRequest(job.user, query), day).queryset
    progress.step("Writing the rows", done=0, total=queryset.count())
    rows = _counted(with_timescale_history(export_rows(queryset, ACTION_EXPORT_FIELDS)), progress)
    filename = f"actions-{day:%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        output = tempfile.TemporaryFile()  # noqa: SIM115 - the job's storage reads and closes it
        for chunk in csv_response(filename, ACTION_EXPORT_COLUMNS, rows).streaming_content:
            output.write(chunk)
        output.seek(0)
        return JobResult(file=output, filename=filename, content_type=CSV)
    response = xlsx_response(filename, "Actions", ACTION_EXPORT_COLUMNS, rows)
    return JobResult(file=response.file_to_stream, filename=filename, content_type=XLSX)


@task()
def action_export(job_id: int, *, query: str, fmt: str, today: str):
    return run_job(job_id, _action_export, query=query, fmt=fmt, today=today)


def start_action_export(request, *, fmt: str, today: datetime.date):
    """Queue the download of the filtered actions list; the job's page offers the file."""
    query = request.GET.urlencode()
    return job_start(
        actor=request.user,
        task=action_export,
        kwargs={"query": query, "fmt": fmt, "today": today.isoformat()},
        description=f"Actions list download ({fmt.upper()})",
        key=f"action-export:{fmt}:{today}:{query}",
        back_url=reverse("assurance:action_list") + (f"?{query}" if query else ""),
    )
