"""Evidence files leave the app only through this view: scoped, logged, and sent as attachments,
or, for images and PDFs previewed on the judge page, inline in a sandbox."""

from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from scr_tracker.access import get_for_user

from .. import services
from ..models import AccessKind, Evidence

# What the judge page shows in the page: images in <img>, PDFs in a sandboxed frame. Every
# other type is only ever downloaded.
PREVIEWABLE = {"image/png", "image/jpeg", "application/pdf"}
# The preview's own policy: scripts, forms, plugins and same-origin access all off
# (`sandbox`), nothing loaded from anywhere, and framed only by this site's pages.
PREVIEW_POLICY = "sandbox; default-src 'none'; img-src 'self'; frame-ancestors 'self'"
# Chromium refuses to show a PDF in a sandboxed document ("blocked by client"), so a PDF is
# previewed without `sandbox`; its viewer runs no script of ours and may load nothing else.
PDF_PREVIEW_POLICY = "default-src 'none'; img-src 'self'; frame-ancestors 'self'"


def previewable(evidence) -> bool:
    return bool(evidence.file) and evidence.content_type in PREVIEWABLE


@require_safe  # a download, logged: never by POST
def evidence_download(request, pk, inline=False):
    """Send an evidence file as a download, or (``inline``, the preview URL) an image or PDF to
    show in the page. 404 for anyone who may not read the action (a lead of another agency, a
    scrutiny member), and for a preview of any other type; every download and preview is
    recorded in the access log."""
    evidence = get_for_user(
        request,
        Evidence.objects.select_related("action__recommendation__review", "action__agency"),
        pk,
    )
    if not evidence.file:
        raise Http404("This evidence is a description, not a file.")
    if inline and not previewable(evidence):
        raise Http404("Only images and PDFs are previewed; download the other files.")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The evidence file is missing from storage.") from error
    action = evidence.action
    services.access_log_record(
        request=request,
        kind=AccessKind.EVIDENCE,
        obj=evidence,
        description=(
            f"{'Preview of ' if inline else ''}{evidence.original_filename} (evidence on "
            f"{action.recommendation.review.reference} recommendation "
            f"{action.recommendation.number}, {action.agency.name} action)"
        ),
    )
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=evidence.original_filename or "evidence",
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        response["Content-Security-Policy"] = (
            PDF_PREVIEW_POLICY if evidence.content_type == "application/pdf" else PREVIEW_POLICY
        )
        response["X-Frame-Options"] = "SAMEORIGIN"
    return response


@require_safe
def evidence_preview(request, pk):
    """The same checked, logged view, inline: for the judge page's previews."""
    return evidence_download(request, pk, inline=True)
