"""Permission matrix entries for the report pages (assurance/reports/). Columns: anonymous,
board_manager, lead_a, lead_b, scrutiny_member, scrutineer, administrator, outsider.

The issued report is issued to the scrutiny member's board; the outsider is a board manager of
another partnership, who composes reports for their own partnership only."""

import hashlib
from types import SimpleNamespace

from django.utils import timezone

from assurance.models import IssuedReport, ReportKind, ReportVersion
from assurance.reports.options import ReportOptions
from scr_tracker.audit import audited_save

COMPOSE = (302, 200, 403, 403, 403, 403, 403, 200)
READ_ISSUED = (302, 200, 404, 404, 200, 200, 404, 404)

MATRIX = {
    "assurance:reports:register": ((302, 200, 403, 403, 200, 200, 403, 200), {}),
    "assurance:reports:choose": (COMPOSE, {}),
    "assurance:reports:compose": (COMPOSE, {"kind": "kind"}),
    "assurance:reports:draft_pdf": (COMPOSE, {"kind": "kind"}),
    "assurance:reports:draft_docx": (COMPOSE, {"kind": "kind"}),
    "assurance:reports:issue": (COMPOSE, {"kind": "kind"}),
    "assurance:reports:detail": (READ_ISSUED, {"pk": "issued_report"}),
    "assurance:reports:download_pdf": (READ_ISSUED, {"pk": "issued_report"}),
    "assurance:reports:download_docx": (READ_ISSUED, {"pk": "issued_report"}),
    "assurance:reports:history": (
        (302, 200, 404, 404, 403, 200, 404, 404),
        {"pk": "issued_report"},
    ),
    "assurance:reports:archive": (
        (302, 200, 404, 404, 403, 403, 404, 404),
        {"pk": "issued_report"},
    ),
}


def make_objects(core, request):
    manager = request.getfixturevalue("board_manager")
    board = request.getfixturevalue("scrutiny_member").scrutiny_board
    pdf, docx = b"%PDF-1.7 issued", b"PK issued"
    report = audited_save(
        IssuedReport(
            partnership=manager.partnership,
            kind=ReportKind.ASSURANCE,
            title="Baby F: Recommendations and Implementation Assurance",
            version=ReportVersion.EXEMPT,
            audience=board,
            options=ReportOptions(
                kind=ReportKind.ASSURANCE, review_ids=(core["review"].pk,)
            ).to_json(),
            pdf=pdf,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            docx=docx,
            docx_sha256=hashlib.sha256(docx).hexdigest(),
            issued_by=manager,
            issued_at=timezone.now(),
        ),
        actor=manager,
        reason="Issued to Scrutiny Board 2",
    )
    # URL kwargs are read as `.pk`: the report kind is a slug.
    return {"issued_report": report, "kind": SimpleNamespace(pk=ReportKind.ASSURANCE.value)}
