from django.core.management.base import BaseCommand

from scr_tracker.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo partnerships, the Baby F review and one demo user per role. Safe to run again."

    def handle(self, *args, **options):
        summary = load_demo()
        self.stdout.write(str(summary))
        self.stdout.write(
            "Demo accounts (password: %s): admin, board.manager, lead.health, lead.socialcare, "
            "scrutiny.member, scrutineer, other.manager" % DEMO_PASSWORD
        )
