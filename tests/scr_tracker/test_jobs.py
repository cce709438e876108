"""Background jobs (scr_tracker/jobs/): queued in the database, run by the real worker
(`db_worker`), followed on a progress page, their file downloaded only by whoever asked."""

import datetime
import io
import logging

import pytest
from django.core.management import call_command
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from scr_tracker.jobs import GENERAL_FAILURE, job_files_expire, job_start, run_job
from scr_tracker.models import Job, JobState
from tests.scr_tracker import job_tasks
from tests.worker import queued_tasks, run_worker

pytestmark = pytest.mark.usefixtures("transactional_db")


def _count(user, to=250, key=""):
    return job_start(
        actor=user,
        task=job_tasks.count_to,
        kwargs={"to": to},
        description=f"Counting to {to}",
        key=key,
        back_url="/reviews/",
    )


def test_a_job_waits_in_the_queue_until_the_worker_takes_it(client, board_manager):
    job = _count(board_manager)
    assert job.state == JobState.QUEUED
    assert job.partnership_id == board_manager.partnership_id
    assert [str(task.id) for task in queued_tasks()] == [job.task_id]
    client.force_login(board_manager)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Waiting to start" in page
    # Without JavaScript the page is reloaded by a link; nothing refreshes it by itself.
    assert f'href="{job.get_absolute_url()}"' in page and "Check progress" in page
    assert 'http-equiv="refresh"' not in page


def test_the_worker_does_the_job_and_its_owner_downloads_the_file(client, board_manager):
    job = _count(board_manager, to=250)
    run_worker()
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert (job.progress_done, job.progress_total) == (250, 250)
    assert job.started_at <= job.finished_at
    assert job.file_expires_at == job.finished_at + datetime.timedelta(hours=24)
    client.force_login(board_manager)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Your file is ready" in page and "Counted to 250." in page
    download_url = reverse("job_download", args=[job.pk])
    assert download_url in page
    response = client.get(download_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode().splitlines()[-1] == "250"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'attachment; filename="count-to-250.txt"'
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_the_stored_file_has_a_random_name_and_the_download_its_own(board_manager):
    job = _count(board_manager, to=3)
    run_worker()
    job.refresh_from_db()
    assert job.result_file.name.startswith("jobs/")
    assert "count" not in job.result_file.name
    assert job.result_name == "count-to-3.txt"


def test_nobody_else_sees_a_job_or_its_file(client, board_manager, scrutineer, administrator):
    job = _count(board_manager, to=3)
    run_worker()
    for other in (scrutineer, administrator):
        client.force_login(other)
        assert client.get(job.get_absolute_url()).status_code == 404
        assert client.get(reverse("job_download", args=[job.pk])).status_code == 404


def test_the_download_refuses_post(client, board_manager):
    job = _count(board_manager, to=3)
    run_worker()
    client.force_login(board_manager)
    assert client.post(reverse("job_download", args=[job.pk])).status_code == 405


def test_the_download_of_an_unfinished_job_goes_back_to_its_page(client, board_manager):
    job = _count(board_manager, to=3)
    client.force_login(board_manager)
    response = client.get(reverse("job_download", args=[job.pk]))
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()


def test_asking_again_while_the_job_is_under_way_finds_the_same_job(board_manager):
    first = _count(board_manager, key="count:250")
    second = _count(board_manager, key="count:250")
    assert second.pk == first.pk
    assert len(queued_tasks()) == 1
    run_worker()
    third = _count(board_manager, key="count:250")
    assert third.pk != first.pk


def test_work_that_cannot_be_done_fails_with_its_message(client, board_manager, caplog):
    job = job_start(
        actor=board_manager,
        task=job_tasks.refuse,
        kwargs={"why": "The review has no recommendations yet: add one, then try again."},
        description="A refused job",
        back_url="/reviews/",
    )
    run_worker()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    client.force_login(board_manager)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "This could not be finished" in page
    assert "The review has no recommendations yet: add one, then try again." in page
    assert 'href="/reviews/"' in page and "Try again" in page


def test_a_crash_is_logged_and_the_user_told_plainly(client, board_manager, caplog):
    job = job_start(
        actor=board_manager, task=job_tasks.crash, kwargs={}, description="A job with a bug"
    )
    with caplog.at_level(logging.ERROR, logger="scr_tracker.jobs"):
        run_worker()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error_message == GENERAL_FAILURE
    record = next(r for r in caplog.records if r.name == "scr_tracker.jobs")
    assert f"Job {job.pk}" in record.getMessage()
    assert record.exc_info[0] is ZeroDivisionError
    client.force_login(board_manager)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "ZeroDivisionError" not in page and "the error has been logged" in page


def test_a_job_is_run_once_however_often_its_task_runs(board_manager):
    job = _count(board_manager, to=3)
    run_worker()
    job.refresh_from_db()
    finished = job.finished_at
    assert run_job(job.pk, lambda **kw: pytest.fail("ran again")) == JobState.DONE
    job.refresh_from_db()
    assert job.finished_at == finished


def test_a_job_keeps_its_history_and_is_never_deleted(board_manager):
    job = _count(board_manager, to=3)
    run_worker()
    job.refresh_from_db()
    reasons = list(
        job.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons == ["Asked for Counting to 3", "Started by the background worker", "Finished"]
    with pytest.raises(ProtectedError):
        job.delete()
    with pytest.raises(ProtectedError):
        Job.objects.filter(pk=job.pk).delete()


def test_an_expired_file_is_removed_and_the_job_says_so(client, board_manager):
    job = _count(board_manager, to=3)
    run_worker()
    job.refresh_from_db()
    storage, name = job.result_file.storage, job.result_file.name
    assert storage.exists(name)
    assert job_files_expire(now=job.file_expires_at - datetime.timedelta(seconds=1)) == 0
    assert job_files_expire(now=job.file_expires_at) == 1
    assert not storage.exists(name)
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.file_removed_at is not None
    client.force_login(board_manager)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "The file was removed on" in page and "Ask for it again" in page
    download = client.get(reverse("job_download", args=[job.pk]))
    assert download.status_code == 302


def test_a_job_still_waiting_after_a_while_says_the_worker_may_be_down(client, board_manager):
    job = _count(board_manager, to=3)
    client.force_login(board_manager)
    assert "may not be running" not in client.get(job.get_absolute_url()).content.decode()
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    assert "may not be running" in client.get(job.get_absolute_url()).content.decode()


def test_the_expire_command_removes_files_past_their_time(board_manager):
    job = _count(board_manager, to=3)
    run_worker()
    Job.objects.filter(pk=job.pk).update(file_expires_at=timezone.now())
    out = io.StringIO()
    call_command("expire_job_files", stdout=out)
    assert out.getvalue().splitlines()[0] == "Removed 1 expired job file."
    job.refresh_from_db()
    assert job.file_removed_at is not None and not job.has_file


def test_the_job_page_and_download_run_a_bounded_number_of_queries(
    client, board_manager, django_assert_max_num_queries
):
    job = _count(board_manager, to=3)
    run_worker()
    client.force_login(board_manager)
    with django_assert_max_num_queries(8):
        assert client.get(job.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(8):
        response = client.get(reverse("job_download", args=[job.pk]))
        b"".join(response.streaming_content)
