import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from scr_tracker.demo import DEMO_PASSWORD
from scr_tracker.demo_generator import USERNAME_PREFIX, generate, is_generated


class Command(BaseCommand):
    help = (
        "Generate a large, realistic, reproducible dataset (fictional partnerships, reviews, "
        "recommendations, actions, progress updates and their history) for dashboards and "
        "benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partnerships", type=int, default=5)
        parser.add_argument(
            "--reviews", type=int, default=500, help="Reviews in all, shared unevenly."
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The date the data is generated up to (YYYY-MM-DD); default today.",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing when the generated partnerships already exist (for benchmarks).",
        )

    def handle(self, *args, **options):
        if options["partnerships"] < 1 or options["reviews"] < options["partnerships"]:
            raise CommandError(
                "Give at least one partnership and at least one review per partnership."
            )
        if options["if_missing"] and is_generated(options["partnerships"]):
            self.stdout.write("The generated data is already in this database: nothing to do.")
            return
        started = time.monotonic()
        try:
            result = generate(
                partnerships=options["partnerships"],
                reviews=options["reviews"],
                seed=options["seed"],
                today=options["today"],
                log=self.stdout.write if options["verbosity"] > 1 else None,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Created {result} in {time.monotonic() - started:.0f} s.")
        self.stdout.write(
            f"Sign in as {USERNAME_PREFIX}N.board.manager, {USERNAME_PREFIX}N.agency.lead or "
            f"{USERNAME_PREFIX}N.scrutineer (N = 1..{options['partnerships']}), "
            f"password {DEMO_PASSWORD}."
        )
