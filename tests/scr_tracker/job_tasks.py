"""Tasks for the tests of the jobs machinery (tests/scr_tracker/test_jobs.py): real tasks,
queued in the database and run by the real worker."""

from django_tasks import task

from scr_tracker.jobs import JobFailed, JobResult, run_job


def count_to_work(*, job, progress, to: int):
    progress.step("Counting", total=to)
    lines = []
    for number in range(1, to + 1):
        lines.append(str(number))
        progress.advance()
    return JobResult(
        content=("\n".join(lines) + "\n").encode(),
        filename=f"count-to-{to}.txt",
        content_type="text/plain; charset=utf-8",
        message=f"Counted to {to}.",
    )


@task()
def count_to(job_id: int, *, to: int):
    return run_job(job_id, count_to_work, to=to)


def _refuse(*, job, progress, why: str):
    raise JobFailed(why)


@task()
def refuse(job_id: int, *, why: str):
    return run_job(job_id, _refuse, why=why)


def _break(*, job, progress):
    raise ZeroDivisionError("a bug in the work")


@task()
def crash(job_id: int):
    return run_job(job_id, _break)
