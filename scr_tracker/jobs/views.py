"""A job's page (its progress, then its file or the page it made) and its file's download.
Only the person who asked for the work sees either: anyone else is told it does not exist."""

import datetime

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from scr_tracker.access import get_for_user
from scr_tracker.breadcrumbs import trail
from scr_tracker.models import Job, JobState

#: A job still waiting after this long says the worker may not be running.
SLOW_START = datetime.timedelta(minutes=2)


def _job(request, pk):
    return get_for_user(
        request, Job.objects.select_related("user"), pk, perm="scr_tracker.view_job"
    )


@require_safe
def job_detail(request, pk):
    job = _job(request, pk)
    return render(
        request,
        "scr_tracker/jobs/detail.html",
        {
            "job": job,
            "waiting_long": job.state == JobState.QUEUED
            and timezone.now() - job.created_at > SLOW_START,
            "breadcrumbs": trail(None, (job.description, "")),
        },
    )


@require_safe  # a download: never by POST
def job_download(request, pk):
    job = _job(request, pk)
    if not job.has_file:
        if job.is_active:
            messages.info(request, "The file is not ready yet.")
        return redirect(job)
    try:
        handle = job.result_file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing from storage.") from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=job.result_name,
        content_type=job.result_content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response
