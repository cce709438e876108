"""Issuing reports. An issued report keeps the exact bytes that were sent; nothing changes them
afterwards (IssuedReport.save refuses), and downloads check them against their SHA-256."""

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assurance import notifications
from assurance.models import IssuedReport, ReportDraft
from scr_tracker.audit import audited_archive, audited_restore, audited_save

from .builders import build_report
from .checks import check_digest, check_to_json, pre_issue_check
from .options import WORD_KINDS, ReportOptions
from .render import render_pdf
from .word import render_docx

logger = logging.getLogger(__name__)


class StoredDocumentCorrupted(Exception):
    """The stored bytes no longer match the SHA-256 recorded when the report was issued."""


def _fit(text: str, limit: int) -> str:
    """A title cut to its column's length; the document keeps it whole."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class CheckChanged(ValidationError):
    """The pre-issue check is not the one the board manager read and confirmed."""


def report_issue(
    *,
    options: ReportOptions,
    audience,
    meeting_date=None,
    actor,
    today=None,
    confirmed_check: str | None = None,
    compose_url: str = "",
) -> IssuedReport:
    """Build the report, run its pre-issue check, render its final PDF (and Word version, for
    the kinds that have one) and keep them with the check, who issued it, to whom, when and
    with which options. `confirmed_check` is the digest of the check the board manager read
    (checks.check_digest); when the check has changed since, nothing is issued."""
    if audience.partnership_id != actor.partnership_id:
        raise ValidationError({"audience": "Choose a scrutiny board of your partnership."})
    issued_at = timezone.now()
    today = today or timezone.localdate()
    context = build_report(options, partnership=actor.partnership, today=today, sender_user=actor)
    gaps = pre_issue_check(context, today=today, compose_url=compose_url)
    if confirmed_check is not None and confirmed_check != check_digest(gaps):
        raise CheckChanged(
            "The pre-issue check has changed since the page was shown: read it again and confirm it"
        )
    pdf = render_pdf(context, draft=False)
    docx = render_docx(context, draft=False) if options.kind in WORD_KINDS else None
    report = IssuedReport(
        partnership=actor.partnership,
        kind=options.kind,
        title=_fit(context["report"].title, IssuedReport._meta.get_field("title").max_length),
        version=options.version,
        audience=audience,
        meeting_date=meeting_date,
        options=context["options"].to_json(),
        snapshot=context["snapshot"],
        pre_issue_check=check_to_json(gaps),
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


def report_draft_save(
    *, options: ReportOptions, actor, draft: ReportDraft | None = None, title: str = ""
) -> ReportDraft:
    """Keep a report's options, and the narrative written for it, as a draft of the actor's
    partnership: a new draft, or `draft` changed. Every save leaves a history row."""
    if draft is None:
        draft = ReportDraft(partnership=actor.partnership, kind=options.kind, created_by=actor)
        reason = "Draft report started"
    else:
        if draft.partnership_id != actor.partnership_id or draft.kind != options.kind:
            raise ValidationError("This draft belongs to another partnership or report.")
        reason = "Draft report changed"
    draft.options = options.to_json()
    draft.title = _fit(title, ReportDraft._meta.get_field("title").max_length)
    return audited_save(draft, actor=actor, reason=reason)


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
