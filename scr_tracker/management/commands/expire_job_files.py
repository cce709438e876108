"""Remove the files of finished background jobs whose time is up (JOB_RESULT_HOURS after the
job finished; the worker also does this after every job), and the worker's finished task rows
older than TASK_RESULT_DAYS (they hold each email's text; the jobs, the lasting record, stay).
Run daily from cron. docs/background-work.md."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from scr_tracker.jobs import job_files_expire


class Command(BaseCommand):
    help = "Remove expired job files and old finished task rows (the jobs are kept)."

    def handle(self, *args, **options):
        removed = job_files_expire()
        self.stdout.write(f"Removed {removed} expired job file{'' if removed == 1 else 's'}.")
        call_command(
            "prune_db_task_results",
            min_age_days=settings.TASK_RESULT_DAYS,
            verbosity=options["verbosity"],
            stdout=self.stdout,
        )
