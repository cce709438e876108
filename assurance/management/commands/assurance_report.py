"""Write one review's implementation assurance report, briefing note or full action plan to a
file, as the report pages would. Not recorded in the register: the document is marked DRAFT
unless --final is given."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from assurance.models import ReportKind, ReportVersion
from assurance.reports.builders import ReportError, build_report, version_for
from assurance.reports.options import WORD_KINDS, ExemptHandling, ReportOptions
from assurance.reports.render import render_pdf
from assurance.reports.word import render_docx
from reviews.models import Review
from scr_tracker.models import Role, User

KINDS = {
    "assurance": ReportKind.ASSURANCE,
    "briefing": ReportKind.BRIEFING,
    "action-plan": ReportKind.ACTION_PLAN,
}


class Command(BaseCommand):
    help = (
        "Write a review's implementation assurance report, briefing note or action plan "
        "as PDF or Word."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--review", required=True, help="The review's reference, e.g. SCR-BABY-F."
        )
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument("--kind", choices=sorted(KINDS), default="assurance")
        parser.add_argument(
            "--docx", action="store_true", help="Write Word (.docx) instead of PDF."
        )
        parser.add_argument("--partnership", help="The partnership's name, when references clash.")
        version = parser.add_mutually_exclusive_group()
        version.add_argument(
            "--public",
            dest="version",
            action="store_const",
            const=ReportVersion.PUBLIC.value,
            help="The public version (an exempt review shows as an exempt item). "
            "Default for a published review.",
        )
        version.add_argument(
            "--exempt",
            dest="version",
            action="store_const",
            const=ReportVersion.EXEMPT.value,
            help="The exempt version (Schedule 12A). Default for an exempt review.",
        )
        parser.add_argument(
            "--rag", action="store_true", help="Show each recommendation's partnership rating."
        )
        parser.add_argument(
            "--level", action="store_true", help="Show each recommendation's assurance level."
        )
        parser.add_argument("--final", action="store_true", help="Leave out the DRAFT marking.")

    def handle(self, *args, **options):
        review = self._review(options["review"], options["partnership"])
        kind = KINDS[options["kind"]]
        if options["docx"] and kind not in WORD_KINDS:
            raise CommandError(
                "Only the assurance report and the briefing note have a Word version."
            )
        report_options = ReportOptions(
            kind=kind,
            version=options["version"] or version_for(review),
            exempt_handling=ExemptHandling.PLACEHOLDER,
            review_ids=(review.pk,),
            include_rag=options["rag"],
            include_level=options["level"],
        )
        sender = (
            User.objects.filter(
                partnership=review.partnership, role=Role.BOARD_MANAGER, is_active=True
            )
            .order_by("pk")
            .first()
        )
        try:
            context = build_report(
                report_options,
                partnership=review.partnership,
                today=timezone.localdate(),
                sender_user=sender,
            )
        except ReportError as error:
            raise CommandError(str(error)) from error
        draft = not options["final"]
        data = (
            render_docx(context, draft=draft)
            if options["docx"]
            else render_pdf(context, draft=draft)
        )
        output = Path(options["output"])
        output.write_bytes(data)
        self.stdout.write(
            f"Wrote {output} ({len(data):,} bytes): {context['report'].title}, "
            f"{report_options.version_label}{', DRAFT' if draft else ''}."
        )

    def _review(self, reference, partnership_name):
        reviews = Review.objects.active().select_related("partnership").filter(reference=reference)
        if partnership_name:
            reviews = reviews.filter(partnership__name=partnership_name)
        found = list(reviews[:2])
        if not found:
            raise CommandError(f"No review has the reference {reference}.")
        if len(found) > 1:
            raise CommandError(
                f"More than one partnership has a review {reference}: name one with --partnership."
            )
        return found[0]
