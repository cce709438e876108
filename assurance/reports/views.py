"""Report pages: the register of issued reports, composing and previewing a report, draft
downloads, issuing, and downloading an issued report exactly as it was sent."""

from django.contrib import messages
from django.db.models.functions import Length
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_safe

from assurance.models import AccessKind, IssuedReport, ReportDraft, ReportKind
from assurance.services import access_log_record
from scr_tracker import once
from scr_tracker.access import can, get_for_user, require_perm
from scr_tracker.pages import archive_page, history_page, paginate, today

from . import jobs, services
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
        {
            "kinds": kinds,
            # The newest drafts: the rest are in the admin's history.
            "drafts": ReportDraft.objects.for_user(request.user).select_related("created_by")[:10],
            "breadcrumbs": [("Reports", _register_url()), ("Compose a report", "")],
        },
    )


def _compose_crumbs(kind, *tail, draft=None):
    here = draft.get_absolute_url() if draft is not None else ""
    current = here or reverse("assurance:reports:compose", args=[kind])
    return [
        ("Reports", _register_url()),
        ("Compose a report", reverse("assurance:reports:choose")),
        (ReportKind(kind).label, current if tail else ""),
        *tail,
    ]


def _options_form(request, kind, data=None):
    return ReportOptionsForm(data, kind=kind, partnership=request.user.partnership)


def _build(request, form):
    """The report context from a valid options form, or None with the error on the form."""
    try:
        return build_report(
            form.to_options(),
            partnership=request.user.partnership,
            today=today(),
            sender_user=request.user,
        )
    except ReportError as error:
        form.add_error(None, str(error))
        return None


def _draft_built(request, draft):
    """The draft's options form (as saved) and its report context, or None when the saved
    options no longer make a report (the review was archived, say)."""
    form = _options_form(request, draft.kind, options_to_query(_draft_options(draft)))
    if not form.is_valid():
        return form, None
    return form, _build(request, form)


def _draft_options(draft) -> ReportOptions:
    return ReportOptions.from_json({**draft.options, "kind": draft.kind})


def _get_draft(request, pk):
    require_perm(request, "assurance.add_issuedreport")
    return get_for_user(request, ReportDraft.objects.select_related("created_by"), pk)


@require_http_methods(["GET", "POST"])
def compose(request, kind):
    """A new report: its options, posted and kept as a draft, then previewed on the draft's
    page."""
    require_perm(request, "assurance.add_issuedreport")
    kind = _kind(kind)
    form = _options_form(request, kind, request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = _build(request, form)
        if report is not None:
            if not once.spend(request):
                return once.already_done(request, "assurance:reports:choose")
            draft = services.report_draft_save(
                options=report["options"], actor=request.user, title=report["report"].title
            )
            return redirect(draft.get_absolute_url() + "#preview")
    return _compose_page(request, kind, form, None)


@require_http_methods(["GET", "POST"])
def draft(request, pk):
    """A draft report: its options and narrative to edit, and its preview."""
    report_draft = _get_draft(request, pk)
    if request.method == "POST":
        form = _options_form(request, report_draft.kind, request.POST)
        report = _build(request, form) if form.is_valid() else None
        if report is not None:
            if not once.spend(request):
                return once.already_done(request, report_draft.get_absolute_url())
            services.report_draft_save(
                draft=report_draft,
                options=report["options"],
                actor=request.user,
                title=report["report"].title,
            )
            messages.success(request, "The draft has been saved.")
            return redirect(report_draft.get_absolute_url() + "#preview")
        return _compose_page(request, report_draft.kind, form, None, draft=report_draft)
    form, report = _draft_built(request, report_draft)
    return _compose_page(request, report_draft.kind, form, report, draft=report_draft)


def _compose_page(request, kind, form, report, *, draft=None):
    return render(
        request,
        "assurance/reports/compose.html",
        {
            **(report or {}),
            "form": form,
            "kind": kind,
            "kind_label": ReportKind(kind).label,
            "has_word": kind in WORD_KINDS,
            "draft": draft,
            "body_template": f"assurance/reports/parts/{kind}.html",
            "breadcrumbs": _compose_crumbs(kind),
        },
    )


def _draft_download(request, pk, fmt):
    report_draft = _get_draft(request, pk)
    if fmt == "docx" and report_draft.kind not in WORD_KINDS:
        raise Http404("This report has no Word version.")
    form, report = _draft_built(request, report_draft)
    if report is None:
        return _compose_page(request, report_draft.kind, form, None, draft=report_draft)
    if jobs.is_large(report):  # laid out by the background worker, followed on its page
        return redirect(
            jobs.start_draft(
                request, report, fmt=fmt, today=today(), back_url=report_draft.get_absolute_url()
            )
        )
    name = slugify(report["report"].title)[:80] or report_draft.kind
    if fmt == "pdf":
        return _download(render_pdf(report, draft=True), PDF, f"{name}-DRAFT.pdf")
    return _download(render_docx(report, draft=True), DOCX, f"{name}-DRAFT.docx")


@require_safe
def draft_pdf(request, pk):
    return _draft_download(request, pk, "pdf")


@require_safe
def draft_docx(request, pk):
    return _draft_download(request, pk, "docx")


@require_http_methods(["GET", "POST"])
def issue(request, pk):
    report_draft = _get_draft(request, pk)
    kind = report_draft.kind
    options_form, report = _draft_built(request, report_draft)
    if report is None:
        return _compose_page(request, kind, options_form, None, draft=report_draft)
    compose_url = report_draft.get_absolute_url()
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
        if jobs.is_large(report):  # issued by the background worker, followed on its page
            return redirect(
                jobs.start_issue(
                    request,
                    report,
                    audience=form.cleaned_data["audience"],
                    meeting_date=form.cleaned_data["meeting_date"],
                    today=today(),
                    confirmed_check=form.cleaned_data["check"],
                    compose_url=compose_url,
                )
            )
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
            "draft": report_draft,
            "breadcrumbs": _compose_crumbs(kind, ("Issue", ""), draft=report_draft),
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
