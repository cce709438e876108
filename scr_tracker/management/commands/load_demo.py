from django.core.management.base import BaseCommand

from scr_tracker.demo import DEMO_PASSWORD, DEMO_USERNAMES, load_demo


class Command(BaseCommand):
    help = "Load the demo partnerships, Baby F and one user per role. Safe to run again."

    def handle(self, *args, **options):
        summary = load_demo()
        self.stdout.write(str(summary))
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}): {', '.join(DEMO_USERNAMES)}")
