"""Remove the files of finished background jobs whose time is up (JOB_RESULT_HOURS after the
job finished). The worker does this after every job; this is for an installation where no job
has run for a while. The jobs themselves stay. docs/background-work.md."""

from django.core.management.base import BaseCommand

from scr_tracker.jobs import job_files_expire


class Command(BaseCommand):
    help = "Remove background jobs' result files that have expired (the jobs are kept)."

    def handle(self, *args, **options):
        removed = job_files_expire()
        self.stdout.write(f"Removed {removed} expired job file{'' if removed == 1 else 's'}.")
