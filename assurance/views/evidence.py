"""Evidence files leave the app only through this view: scoped, logged, sent as attachments."""

from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from scr_tracker.access import get_for_user

from .. import services
from ..models import AccessKind, Evidence


@require_safe  # a download, logged: never by POST
def evidence_download(request, pk):
    """Send an evidence file as a download. 404 for anyone who may not read the action (a lead
    of another agency, a scrutiny member); every download is recorded in the access log."""
    evidence = get_for_user(
        request,
        Evidence.objects.select_related("action__recommendation__review", "action__agency"),
        pk,
    )
    if not evidence.file:
        raise Http404("This evidence is a description, not a file.")
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
            f"{evidence.original_filename} (evidence on "
            f"{action.recommendation.review.reference} recommendation "
            f"{action.recommendation.number}, {action.agency.name} action)"
        ),
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_filename or "evidence",
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
