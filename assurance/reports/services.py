"""Issuing reports. An issued report keeps the exact bytes that were sent; nothing changes them
afterwards (IssuedReport.save refuses), and downloads check them against their SHA-256."""

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assurance import notifications
from assurance.models import IssuedReport
from scr_tracker.audit import audited_archive, audited_restore, audited_save

from .builders import build_report
from .options import WORD_KINDS, ReportOptions
from .render import render_pdf
from .word import render_docx

logger = logging.getLogger(__name__)


class StoredDocumentCorrupted(Exception):
    """The stored bytes no longer match the SHA-256 recorded when the report was issued."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def report_issue(
    *, options: ReportOptions, audience, meeting_date=None, actor, today=None
) -> IssuedReport:
    """Build the report, render its final PDF (and Word version, for the kinds that have one)
    and keep them with who issued it, to whom, when and with which options."""
    if audience.partnership_id != actor.partnership_id:
        raise ValidationError({"audience": "Choose a scrutiny board of your partnership."})
    issued_at = timezone.now()
    context = build_report(
        options,
        partnership=actor.partnership,
        today=today or timezone.localdate(),
        sender_user=actor,
    )
    pdf = render_pdf(context, draft=False)
    docx = render_docx(context, draft=False) if options.kind in WORD_KINDS else None
    report = IssuedReport(
        partnership=actor.partnership,
        kind=options.kind,
        title=context["report"].title,
        version=options.version,
        audience=audience,
        meeting_date=meeting_date,
        options=context["options"].to_json(),
        snapshot=context["snapshot"],
        pdf=pdf,
        pdf_sha256=sha256(pdf),
        docx=docx,
        docx_sha256=sha256(docx) if docx else "",
        issued_by=actor,
        issued_at=issued_at,
    )
    with transaction.atomic():
        audited_save(
            report,
            actor=actor,
            reason=f"Issued to {audience.name}",
            m2m={"reviews": context["reviews"]},
        )
        notifications.on_commit(notifications.report_issued, report.pk)
    return report


def issued_report_document(report: IssuedReport, *, fmt: str = "pdf") -> bytes:
    """The stored document exactly as issued, after checking it against its SHA-256."""
    stored = report.pdf if fmt == "pdf" else report.docx
    expected = report.pdf_sha256 if fmt == "pdf" else report.docx_sha256
    data = bytes(stored or b"")
    if sha256(data) != expected:
        logger.error("Issued report %s: the stored %s does not match its SHA-256.", report.pk, fmt)
        raise StoredDocumentCorrupted(
            f"Issued report {report.pk}: stored {fmt} fails its SHA-256 check."
        )
    return data


def issued_report_archive(*, report: IssuedReport, actor, reason: str) -> IssuedReport:
    return audited_archive(report, actor=actor, reason=reason or "Issued report archived")


def issued_report_restore(*, report: IssuedReport, actor, reason: str) -> IssuedReport:
    return audited_restore(report, actor=actor, reason=reason or "Issued report restored")
