"""Import an action plan from an Excel (.xlsx), CSV or Word (.docx) file, as the web importer
does."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from recommendations.importer import services
from recommendations.importer.agencies import agency_key
from recommendations.importer.rows import AGENCY_HEADINGS, NEW_AGENCY
from recommendations.models import SavedColumnMapping
from reviews.models import Review, ReviewKind
from scr_tracker.models import Agency, Partnership, User


class _NothingWritten(Exception):
    def __init__(self, reasons):
        super().__init__("\n".join(reasons))
        self.reasons = reasons


class Command(BaseCommand):
    help = (
        "Import an action plan spreadsheet into an existing review (--review REF) or a new one "
        "(--create-review REF --title TITLE). Prints what was imported; exits non-zero, having "
        "written nothing, when the file has errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx, .csv or .docx file")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--review", metavar="REF", help="Reference of an existing review")
        target.add_argument(
            "--create-review", metavar="REF", help="Reference of a review to create"
        )
        parser.add_argument("--title", help="Title of the review to create, for example 'Child H'")
        parser.add_argument(
            "--kind",
            default=ReviewKind.SCR,
            choices=ReviewKind.values,
            help="Kind of review to create",
        )
        parser.add_argument(
            "--partnership", help="Partnership name; may be left out when there is only one"
        )
        parser.add_argument("--user", metavar="USERNAME", help="Who the history names as importing")
        parser.add_argument(
            "--mapping", metavar="NAME", help="A column mapping saved on the web page"
        )
        parser.add_argument(
            "--header-row", type=int, help="The row holding the headings, if not found"
        )
        parser.add_argument(
            "--agency-headings",
            choices=sorted(AGENCY_HEADINGS),
            help="What an agency heading row means: 'imr' (that agency's own recommendations, "
            "the default) or 'owner' (overview recommendations; it only owns the actions)",
        )
        parser.add_argument(
            "--default-agency", metavar="NAME", help="Agency for rows that name none"
        )
        parser.add_argument(
            "--agency",
            action="append",
            default=[],
            metavar='"NAME IN FILE=AGENCY"',
            help="Which of the partnership's agencies a name in the file is (repeatable); "
            '"NAME IN FILE=new" creates it',
        )
        parser.add_argument(
            "--create-agencies",
            action="store_true",
            help="Create each agency named in the file that matches none of the partnership's",
        )
        parser.add_argument(
            "--allow-duplicate", action="store_true", help="Import a file imported before"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = self._user(options["user"])
        partnership = self._partnership(options["partnership"], user)
        review, new_review = self._review(options, partnership)
        saved = None
        if options["mapping"]:
            saved = SavedColumnMapping.objects.filter(
                partnership=partnership, name=options["mapping"]
            ).first()
            if saved is None:
                raise CommandError(
                    f"No saved column mapping called {options['mapping']} in {partnership}."
                )
        import_options = {}
        if options["agency_headings"]:
            import_options["agency_headings"] = options["agency_headings"]
        if options["default_agency"]:
            import_options["default_agency"] = self._agency(
                options["default_agency"], partnership
            ).pk
        matches = {}
        for pair in options["agency"]:
            written, sep, agency = pair.partition("=")
            if not sep or not written.strip() or not agency.strip():
                raise CommandError(
                    f'--agency "{pair}" must be "Name in file=Existing agency" (or =new).'
                )
            matches[agency_key(written)] = (
                NEW_AGENCY
                if agency.strip().lower() == NEW_AGENCY
                else self._agency(agency.strip(), partnership).pk
            )
        if matches:
            import_options["agency_matches"] = matches
        if options["create_agencies"]:
            import_options["create_agencies"] = True
        try:
            prepared = services.prepare_import(
                data=path.read_bytes(),
                filename=path.name,
                partnership_id=partnership.pk,
                review=review,
                saved_mapping=saved,
                header_row=options["header_row"],
                options=import_options,
            )
        except services.ImportFileError as error:
            raise CommandError(f"{error}\nNothing was written.") from None
        headings = prepared.table.rows[prepared.header_index]
        prepared.preview.warnings = (
            services.column_warnings(headings, prepared.mapping) + prepared.preview.warnings
        )
        self._report(prepared, review, new_review)
        preview = prepared.preview
        if preview.unmatched_agencies:
            names = "\n  ".join(
                f'"{agency.name}" (first on row {agency.row})'
                for agency in preview.unmatched_agencies
            )
            example = preview.unmatched_agencies[0].name
            raise CommandError(
                "These agency names in the file match no agency of the partnership:\n  "
                f"{names}\nSay which agency each is with --agency "
                f'"{example}=Existing agency name" (repeatable), or create them with '
                "--create-agencies.\nNothing was written."
            )
        if not preview.ok:
            raise CommandError(
                "The file cannot be imported:\n  "
                + "\n  ".join(preview.all_errors())
                + "\nNothing was written."
            )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
            return
        try:
            with transaction.atomic():
                batch = services.import_batch_create(
                    prepared=prepared,
                    actor=user,
                    partnership_id=partnership.pk,
                    review=review,
                    new_review=new_review,
                )
                result = services.import_batch_commit(
                    batch=batch, actor=user, allow_duplicate=options["allow_duplicate"]
                )
                if not result.imported:
                    reasons = list(result.errors)
                    if result.duplicate_of is not None:
                        earlier = result.duplicate_of
                        who = earlier.imported_by or "the command line"
                        reasons = [
                            f"{path.name} was imported into {review.reference} on "
                            f"{earlier.imported_at:%d/%m/%Y} by {who}. Use "
                            "--allow-duplicate to import it again."
                        ]
                    raise _NothingWritten(reasons)
        except _NothingWritten as refused:
            raise CommandError("\n".join(refused.reasons) + "\nNothing was written.") from None
        self.stdout.write(
            self.style.SUCCESS(f"Imported into {result.review.reference}: {result.review.title}.")
        )

    def _user(self, username):
        if not username:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username}.")
        return user

    def _partnership(self, name, user):
        if name:
            found = (
                Partnership.objects.filter(name__iexact=name).first()
                or Partnership.objects.filter(short_name__iexact=name).first()
            )
            if found is None:
                raise CommandError(f"No partnership called {name}.")
            if user is not None and user.partnership_id not in (None, found.pk):
                raise CommandError(f"{user} does not belong to {found}.")
            return found
        if user is not None and user.partnership_id is not None:
            return user.partnership
        partnerships = list(Partnership.objects.all()[:20])
        if len(partnerships) == 1:
            return partnerships[0]
        if not partnerships:
            raise CommandError("There is no partnership yet: create one first.")
        names = ", ".join(p.name for p in partnerships)
        raise CommandError(f"Several partnerships exist: give --partnership (one of: {names}).")

    def _review(self, options, partnership):
        if options["review"]:
            review = Review.objects.filter(
                partnership=partnership, reference=options["review"]
            ).first()
            if review is None:
                raise CommandError(f"No review {options['review']} in {partnership}.")
            return review, None
        reference = options["create_review"].strip()
        if not options["title"]:
            raise CommandError("Give the new review's title with --title.")
        if Review.objects.filter(partnership=partnership, reference=reference).exists():
            raise CommandError(
                f"A review {reference} already exists in {partnership}: use --review {reference}."
            )
        return None, {
            "reference": reference,
            "title": options["title"].strip(),
            "kind": options["kind"],
        }

    def _agency(self, name, partnership):
        for agency in Agency.objects.filter(partnership=partnership):
            if agency_key(agency.name) == agency_key(name):
                return agency
        raise CommandError(f"No agency called {name} in {partnership}.")

    def _report(self, prepared, review, new_review):
        preview = prepared.preview
        summary = preview.summary()
        target = (
            f"{review.reference}: {review.title}"
            if review
            else f"new review {new_review['reference']}: {new_review['title']}"
        )
        sheet = f", sheet '{prepared.table.sheet_name}'" if prepared.table.sheet_name else ""
        lines = [
            f"Read {prepared.filename}{sheet}, headings on row {prepared.header_index + 1}, "
            f"into {target}.",
            f"Recommendations: {summary['recommendations_new']} new, "
            f"{summary['recommendations_existing']} already in the review",
            f"Actions: {summary['actions']}",
            f"Agencies matched: {', '.join(summary['agencies_matched']) or 'none'}",
            f"Agencies created: {', '.join(summary['agencies_created']) or 'none'}",
        ]
        for agency in preview.agencies:
            written = ", ".join(f'"{name}"' for name in agency.file_names) or "Rows naming none"
            if agency.unmatched:
                lines.append(f"  Agency {written}: NOT MATCHED")
            elif agency.created:
                lines.append(f"  Agency {written}: a new agency, to be created")
            else:
                lines.append(f"  Agency {written}: {agency.name} ({agency.how})")
        if summary.get("repeated_headings"):
            lines.append(
                f"Heading rows typed again below the first, left out: "
                f"{summary['repeated_headings']}"
            )
        lines.append(f"Rows with warnings: {summary['rows_with_warnings']}")
        for note in preview.notes:
            lines.append(f"Note: {note}")
        for warning in preview.all_warnings():
            lines.append(f"  Warning: {warning}")
        self.stdout.write("\n".join(lines))
