"""Background jobs (scr_tracker/jobs/): a job's progress page and its file. A job is seen by
the person who asked for it alone (here the board manager's finished export): anyone else,
an administrator or a board manager of the same partnership included, is told it does not
exist. Both refuse POST. What the pages say: tests/scr_tracker/test_jobs.py."""

from .row import Row
from .statuses import statuses

ONLY_WHO_ASKED = statuses(404, board_manager=200)

ROWS = (
    Row("job_detail", kwargs={"pk": "job"}, get=ONLY_WHO_ASKED),
    Row("job_download", kwargs={"pk": "job"}, get=ONLY_WHO_ASKED),
)
