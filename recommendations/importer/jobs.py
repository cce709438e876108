"""Confirming a large import in the background worker (docs/background-work.md): over
IMPORT_BACKGROUND_ROWS rows, the commit step (the same `import_batch_commit`, all rows or none)
is done by a task, and the job's page links to the review once it is imported."""

from django.conf import settings
from django_tasks import task

from recommendations.models import ImportBatch
from scr_tracker.jobs import JobFailed, JobResult, job_start, run_job
from scr_tracker.text import count_noun

from . import services


def commit_is_large(batch: ImportBatch) -> bool:
    return batch.row_count > settings.IMPORT_BACKGROUND_ROWS


def _commit(*, job, progress, batch_id: int, allow_duplicate: bool) -> JobResult:
    progress.step("Checking the preview and writing every row", done=0, total=1)
    batch = ImportBatch.objects.filter(pk=batch_id, partnership_id=job.user.partnership_id).first()
    if batch is None:
        raise JobFailed("This import no longer exists. Nothing was imported.")
    result = services.import_batch_commit(
        batch=batch, actor=job.user, allow_duplicate=allow_duplicate
    )
    if result.changed:
        raise JobFailed(
            "The review changed since this preview was made, so nothing was imported. Check "
            "the preview again before importing."
        )
    if not result.imported:
        shown = "; ".join(error.rstrip(".") for error in result.errors[:5])
        more = len(result.errors) - 5
        raise JobFailed(
            f"{shown}{f' (and {more} more)' if more > 0 else ''}. Nothing was imported: go back "
            "to the preview to put it right."
        )
    summary = result.summary
    return JobResult(
        url=result.review.get_absolute_url(),
        link_text="Go to the review's action plan",
        message=(
            f"Imported {count_noun(summary['recommendations_new'], 'recommendation')} and "
            f"{count_noun(summary['actions'], 'action')} from {batch.filename}."
        ),
    )


@task()
def import_commit(job_id: int, *, batch_id: int, allow_duplicate: bool):
    return run_job(job_id, _commit, batch_id=batch_id, allow_duplicate=allow_duplicate)


def start_import_commit(request, batch: ImportBatch, *, allow_duplicate: bool):
    """Queue the import of a confirmed preview; the job's page follows it."""
    return job_start(
        actor=request.user,
        task=import_commit,
        kwargs={"batch_id": batch.pk, "allow_duplicate": allow_duplicate},
        description=f"Importing {batch.filename} ({count_noun(batch.row_count, 'row')})",
        key=f"import-commit:{batch.pk}",
        back_url=batch.get_absolute_url(),
    )
