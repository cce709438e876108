"""Background work: a `Job` records what someone asked for, and a task run by the worker
(`manage.py db_worker`, Django's tasks API with the database backend) does it.

- A view that has long work to do calls :func:`job_start` with the task and its arguments and
  sends the user to the job's page, which shows its progress and, when it is ready, the file
  or the page the work made. Below the work's threshold (a setting) the view answers at once,
  as before.
- Each task calls :func:`run_job` with the job's id and a *work* function. The work reports
  progress through :class:`Progress` and returns a :class:`JobResult` (a file to download, a page
  to go to, a sentence to show). Raising :class:`JobFailed` fails the job with that message for
  the user; any other exception fails it with a general message, and the exception is logged
  with its traceback.
- A job's file is kept ``JOB_RESULT_HOURS`` after the job finished, then removed by
  :func:`job_files_expire` (run by the worker after each job, and by ``manage.py
  expire_job_files``). The job itself is never deleted.

See docs/background-work.md."""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone

from scr_tracker.audit import audited_save
from scr_tracker.models import JOB_ACTIVE_STATES, Job, JobState

logger = logging.getLogger(__name__)

#: What the user reads when the work failed for a reason they cannot do anything about.
GENERAL_FAILURE = (
    "Something went wrong while preparing this, so it was not finished. Nothing was changed. "
    "Try again; if it fails again, tell your administrator: the error has been logged."
)


class JobFailed(Exception):
    """The work cannot be done, for a reason the user can act on: the message says it."""


@dataclass
class JobResult:
    """What a job made. `content` (bytes) or `file` (an open file) is offered as a download
    named `filename`; `url` is a page to go to; `message` is shown on the job's page."""

    content: bytes | None = None
    file: object | None = None
    filename: str = ""
    content_type: str = "application/octet-stream"
    url: str = ""
    link_text: str = "Go to the result"
    message: str = ""


class Progress:
    """How far a job has gone, written to its row as the work goes on (a plain UPDATE, no
    history row), only when the whole percentage changes, so a long loop costs few writes."""

    def __init__(self, job: Job):
        self.job = job
        self.done = 0
        self.total = 0
        self._written = None

    def step(self, note: str, *, done: int | None = None, total: int | None = None):
        """Start a named stage of the work, e.g. "Laying out the PDF"."""
        if total is not None:
            self.total = total
        if done is not None:
            self.done = done
        self._write(note=note)

    def advance(self, count: int = 1):
        self.done += count
        self._write()

    def _write(self, note: str | None = None):
        percent = self.done * 100 // self.total if self.total else None
        if note is None and percent == self._written:
            return
        self._written = percent
        fields = {"progress_done": self.done, "progress_total": self.total}
        if note is not None:
            fields["progress_note"] = note[:200]
        Job.objects.filter(pk=self.job.pk).update(**fields)


def job_start(
    *, actor, task, kwargs: dict, description: str, key: str = "", back_url: str = ""
) -> Job:
    """Record the work `actor` asked for and queue `task(job_id, **kwargs)` for the worker, in
    one transaction (the queued task is a row of the same database). If the same person already
    has a job with the same `key` waiting or running, that job is returned and nothing new is
    queued."""
    with transaction.atomic():
        if key:
            existing = Job.objects.filter(user=actor, key=key, state__in=JOB_ACTIVE_STATES).first()
            if existing is not None:
                return existing
        job = audited_save(
            Job(
                user=actor,
                partnership_id=actor.partnership_id,
                kind=task.name,
                description=description[:300],
                params=kwargs,
                key=key[:300],
                back_url=back_url[:2000],
            ),
            actor=actor,
            reason=f"Asked for {description}"[:100],
        )
        queued = task.enqueue(job.pk, **kwargs)
        Job.objects.filter(pk=job.pk).update(task_id=str(queued.id)[:64])
    job.refresh_from_db()
    return job


def _save(job: Job, reason: str):
    job._history_user = job.user
    job._change_reason = reason
    job.save()


def run_job(job_id: int, work: Callable[..., JobResult], **kwargs) -> str:
    """Do a queued job's `work(job=..., progress=..., **kwargs)` and record what came of it.
    Returns the job's state. A job that is not waiting (already run) is left alone."""
    job = Job.objects.select_related("user", "partnership").get(pk=job_id)
    if job.state != JobState.QUEUED:
        logger.warning("Job %s is already %s: not run again.", job.pk, job.state)
        return job.state
    job.state = JobState.RUNNING
    job.started_at = timezone.now()
    job.attempts += 1
    _save(job, "Started by the background worker")
    try:
        result = work(job=job, progress=Progress(job), **kwargs)
    except JobFailed as error:
        logger.warning("Job %s (%s) failed: %s", job.pk, job.kind, error)
        _fail(job, str(error))
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _fail(job, GENERAL_FAILURE)
    else:
        _finish(job, result)
    job_files_expire()
    return job.state


def _fail(job: Job, message: str):
    job.refresh_from_db()
    job.state = JobState.FAILED
    job.error_message = message
    job.finished_at = timezone.now()
    _save(job, "Failed")


def _finish(job: Job, result: JobResult):
    job.refresh_from_db()
    now = timezone.now()
    if result.content is not None or result.file is not None:
        stored = ContentFile(result.content) if result.content is not None else File(result.file)
        job.result_file.save(result.filename or "result", stored, save=False)
        job.result_name = result.filename or "result"
        job.result_content_type = result.content_type
        job.result_size = job.result_file.size
        job.file_expires_at = now + result_lifetime()
    job.result_url = result.url
    job.result_link_text = result.link_text if result.url else ""
    job.result_message = result.message
    job.state = JobState.DONE
    job.finished_at = now
    job.progress_done = job.progress_total = max(job.progress_total, 1)
    _save(job, "Finished")


def result_lifetime() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.JOB_RESULT_HOURS)


def job_files_expire(now=None) -> int:
    """Remove the result files whose time is up; the jobs stay, saying the file has expired.
    Returns how many were removed."""
    now = now or timezone.now()
    removed = 0
    for job in Job.objects.with_expired_files(now).select_related("user"):
        job.result_file.delete(save=False)
        job.file_removed_at = now
        _save(job, "Result file removed: it had expired")
        removed += 1
    return removed
