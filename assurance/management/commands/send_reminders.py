from django.core.management.base import BaseCommand, CommandError

from scr_tracker.pages import today

from ...reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Email each lead officer their actions overdue or due within 14 days and, on Mondays "
        "(or with --digest), each board manager a weekly digest. Safe to run more than once a "
        "day: nothing is sent twice on the same day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--digest",
            action="store_true",
            help="Send the board managers' digest today even if it is not Monday.",
        )

    def handle(self, *args, **options):
        outcome = send_reminders(today=today(), digest=True if options["digest"] else None)
        self.stdout.write(
            f"Sent {outcome.reminders} reminder(s), {outcome.stage_reminders} stage deadline "
            f"reminder(s) and {outcome.digests} digest(s); "
            f"{outcome.skipped} already sent today."
        )
        if outcome.failed:
            raise CommandError(
                f"{len(outcome.failed)} email(s) could not be sent and will be tried on the next "
                "run: " + "; ".join(outcome.failed)
            )
