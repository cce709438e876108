"""Running the background worker in a test: `run_worker()` runs Django's `db_worker` command
in this process, as the worker container runs it, until no queued task is left (--batch).

Tests that use it take the `transactional_db` fixture: the worker claims tasks in transactions
of its own, as it does in production, and sees only what was committed."""

import signal

from django.core.management import call_command
from django_tasks_db.models import DBTaskResult


def run_worker() -> None:
    """Run every queued task that is due, then return."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command(
            "db_worker",
            queue_name="*",
            batch=True,
            startup_delay=False,
            reload=False,
            interval=0,
            verbosity=0,
        )
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def queued_tasks():
    """The tasks waiting in the database, oldest first."""
    return list(DBTaskResult.objects.ready().order_by("enqueued_at"))
