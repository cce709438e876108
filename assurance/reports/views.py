"""Report pages: the register of issued reports, composing and previewing a report, draft
downloads, issuing, and downloading an issued report exactly as it was sent."""

from django.contrib import messages
from django.db.models.functions import Length
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_safe

from assurance.models import AccessKind, IssuedReport, ReportKind
from assurance.services import access_log_record
from scr_tracker import once
from scr_tracker.access import can, get_for_user, require_perm
from scr_tracker.pages import archive_page, history_page, paginate, today

from . import services
from .builders import ReportError, build_report
from .checks import check_digest, check_to_json, pre_issue_check
from .forms import KIND_FIELDS, IssueForm, ReportOptionsForm, options_to_query
from .options import WORD_KINDS, ReportOptions, describe
from .render import render_pdf
from .word import render_docx

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
KIND_DESCRIPTIONS = {
    ReportKind.ASSURANCE: "One review's recommendations and the board's implementation assurance.",
    ReportKind.BRIEFING: "The briefing note that takes the assurance report to a scrutiny board.",
    ReportKind.ACTION_PLAN: "Every action of one review by agency, both ratings and due dates.",
    ReportKind.CROSS_REVIEW: "Chosen reviews' recommendations, ratings, direction of travel.",
    ReportKind.AGENCY: "One agency's actions across all reviews.",
    ReportKind.YEARLY: "A year's reviews, recommendations, assured and unimplemented actions.",
}


def _register_url():
    return reverse("assurance:reports:register")


def _kind(kind: str) -> str:
    if kind not in ReportKind.values:
        raise Http404("No such report.")
    return kind


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def register(request):
    """Issued reports the user may read, newest first. A scrutiny member's home page."""
    require_perm(request, "assurance.list_issuedreport")
    reports = (
        IssuedReport.objects.for_user(request.user)
        .without_files()
        .select_related("audience", "issued_by")
        .annotate(pdf_size=Length("pdf"))
    )
    return render(
        request,
        "assurance/reports/register.html",
        {
            "page_obj": paginate(request, reports),
            "can_compose": can(request.user, "assurance.add_issuedreport"),
            "breadcrumbs": [],
        },
    )


def choose(request):
    require_perm(request, "assurance.add_issuedreport")
    kinds = [(kind, kind.label, KIND_DESCRIPTIONS[kind]) for kind in ReportKind]
    return render(
        request,
        "assurance/reports/choose.html",
        {"kinds": kinds, "breadcrumbs": [("Reports", _register_url()), ("Compose a report", "")]},
    )


def _compose_crumbs(kind, *tail):
    return [
        ("Reports", _register_url()),
        ("Compose a report", reverse("assurance:reports:choose")),
        (ReportKind(kind).label, reverse("assurance:reports:compose", args=[kind]) if tail else ""),
        *tail,
    ]


def _built(request, kind):
    """The options form from the query string and, when it is valid, the report context."""
    form = ReportOptionsForm(request.GET or None, kind=kind, partnership=request.user.partnership)
    if not (form.is_bound and form.is_valid()):
        return form, None
    try:
        report = build_report(
            form.to_options(),
            partnership=request.user.partnership,
            today=today(),
            sender_user=request.user,
        )
    except ReportError as error:
        form.add_error(None, str(error))
        return form, None
    return form, report


def compose(request, kind):
    require_perm(request, "assurance.add_issuedreport")
    kind = _kind(kind)
    form, report = _built(request, kind)
    return _compose_page(request, kind, form, report)


def _compose_page(request, kind, form, report):
    query = ""
    if report is not None:
        # Show the options with every default filled in, as the report uses them.
        params = options_to_query(report["options"])
        form = ReportOptionsForm(params, kind=kind, partnership=request.user.partnership)
        form.is_valid()
        query = params.urlencode()
    return render(
        request,
        "assurance/reports/compose.html",
        {
            **(report or {}),
            "form": form,
            "kind": kind,
            "kind_label": ReportKind(kind).label,
            "has_word": kind in WORD_KINDS,
            "query": query,
            "body_template": f"assurance/reports/parts/{kind}.html",
            "breadcrumbs": _compose_crumbs(kind),
        },
    )


def _draft(request, kind, fmt):
    require_perm(request, "assurance.add_issuedreport")
    kind = _kind(kind)
    if fmt == "docx" and kind not in WORD_KINDS:
        raise Http404("This report has no Word version.")
    form, report = _built(request, kind)
    if report is None:
        return _compose_page(request, kind, form, None)
    name = slugify(report["report"].title)[:80] or kind
    if fmt == "pdf":
        return _download(render_pdf(report, draft=True), PDF, f"{name}-DRAFT.pdf")
    return _download(render_docx(report, draft=True), DOCX, f"{name}-DRAFT.docx")


def draft_pdf(request, kind):
    return _draft(request, kind, "pdf")


def draft_docx(request, kind):
    return _draft(request, kind, "docx")


@require_http_methods(["GET", "POST"])
def issue(request, kind):
    require_perm(request, "assurance.add_issuedreport")
    kind = _kind(kind)
    options_form, report = _built(request, kind)
    if report is None:
        return _compose_page(request, kind, options_form, None)
    query = options_to_query(report["options"]).urlencode()
    compose_url = f"{reverse('assurance:reports:compose', args=[kind])}?{query}"
    gaps = pre_issue_check(report, today=today(), compose_url=compose_url)
    form = IssueForm(
        request.POST or None,
        partnership=request.user.partnership,
        check=check_digest(gaps),
        has_gaps=bool(gaps),
    )
    if request.method == "POST" and form.is_valid():
        if not once.spend(request):
            return once.already_done(request, "assurance:reports:register")
        try:
            issued = services.report_issue(
                options=report["options"],
                audience=form.cleaned_data["audience"],
                meeting_date=form.cleaned_data["meeting_date"],
                actor=request.user,
                confirmed_check=form.cleaned_data["check"],
                compose_url=compose_url,
            )
        except services.CheckChanged as error:
            form.add_error("confirm", error.messages[0])
        else:
            messages.success(
                request, f"“{issued.title}” has been issued to {issued.audience.name}."
            )
            return redirect(issued)
    return render(
        request,
        "assurance/reports/issue.html",
        {
            "form": form,
            "report": report["report"],
            "covered": report["reviews"],
            "gaps": check_to_json(gaps),
            "kind": kind,
            "query": query,
            "breadcrumbs": _compose_crumbs(kind, ("Issue", "")),
        },
    )


def _issued(request, pk, perm=None, *, with_files=False):
    reports = IssuedReport.objects.select_related("audience", "issued_by", "partnership")
    if not with_files:
        reports = reports.without_files().annotate(pdf_size=Length("pdf"), docx_size=Length("docx"))
    return get_for_user(request, reports, pk, perm=perm)


def _issued_crumbs(report, *tail):
    return [
        ("Reports", _register_url()),
        (report.title, report.get_absolute_url() if tail else ""),
        *tail,
    ]


def detail(request, pk):
    report = _issued(request, pk)
    details = can(request.user, "assurance.view_issuedreport_details", report)
    return render(
        request,
        "assurance/reports/detail.html",
        {
            "issued": report,
            "show_details": details,
            "covered": list(report.reviews.all()) if details else [],
            "options": describe(
                ReportOptions.from_json({"kind": report.kind, **report.options}),
                KIND_FIELDS[report.kind],
            )
            if details
            else [],
            "can_archive": can(request.user, "assurance.archive_issuedreport", report),
            "breadcrumbs": _issued_crumbs(report),
        },
    )


def _filename(report, extension):
    return f"{slugify(report.title)[:80] or 'report'}-{report.issued_at:%Y-%m-%d}.{extension}"


def _log_download(request, report, fmt: str):
    access_log_record(
        request=request,
        kind=AccessKind.REPORT,
        obj=report,
        description=(
            f"{report.title} ({fmt}, issued {report.issued_at:%d/%m/%Y} to {report.audience})"
        ),
        partnership=report.partnership,
    )


@require_safe  # a download, logged: never by POST
def download_pdf(request, pk):
    report = _issued(request, pk, with_files=True)
    _log_download(request, report, "PDF")
    return _download(
        services.issued_report_document(report, fmt="pdf"), PDF, _filename(report, "pdf")
    )


@require_safe
def download_docx(request, pk):
    report = _issued(request, pk, with_files=True)
    if not report.docx_sha256:
        raise Http404("This report was issued without a Word version.")
    _log_download(request, report, "Word")
    return _download(
        services.issued_report_document(report, fmt="docx"), DOCX, _filename(report, "docx")
    )


def history(request, pk):
    report = _issued(request, pk, perm="assurance.view_issuedreport_details")
    return history_page(
        request,
        report,
        breadcrumbs=_issued_crumbs(report, ("History", "")),
        title=f"History of “{report.title}”",
    )


@require_http_methods(["GET", "POST"])
def archive(request, pk):
    report = _issued(request, pk, perm="assurance.archive_issuedreport")
    return archive_page(
        request,
        report,
        archive=lambda **kw: services.issued_report_archive(report=report, **kw),
        restore=lambda **kw: services.issued_report_restore(report=report, **kw),
        breadcrumbs=_issued_crumbs(report, ("Archive", "")),
        title=("Restore" if report.is_archived else "Archive") + f" “{report.title}”",
        done_url=report.get_absolute_url(),
        what="issued report",
    )
