"""Upload, map, preview and confirm an action-plan import; download a plan as a workbook."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from recommendations.models import ImportBatch, ImportStatus
from reviews.models import Review
from scr_tracker.access import get_for_user, require_perm
from scr_tracker.breadcrumbs import trail
from scr_tracker.pages import today

from . import jobs, services
from .export import XLSX_CONTENT_TYPE, action_plan_workbook
from .forms import AgencyMatchForm, ConfirmForm, MappingForm, UploadForm
from .headings import FIELD_LABELS
from .reading import column_letter

PREVIEW_ROWS_PER_PAGE = 100


def _batch(request, pk):
    return get_for_user(
        request,
        ImportBatch.objects.select_related("review", "uploaded_by", "imported_by"),
        pk,
        perm="recommendations.import_action_plan",
    )


@require_http_methods(["GET", "POST"])
def import_upload(request):
    require_perm(request, "recommendations.import_action_plan")
    initial = {}
    if request.GET.get("review", "").isdigit():
        initial["review"] = request.GET["review"]
    form = UploadForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        review = form.cleaned_data["review"]
        try:
            prepared = services.prepare_import(
                data=upload.read(),
                filename=upload.name,
                partnership_id=request.user.partnership_id,
                review=review,
                saved_mapping=form.cleaned_data["saved_mapping"],
                header_row=form.cleaned_data["header_row"],
            )
        except services.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            batch = services.import_batch_create(
                prepared=prepared,
                actor=request.user,
                partnership_id=request.user.partnership_id,
                review=review,
                new_review=form.new_review(),
            )
            if prepared.needs_mapping:
                return redirect("recommendations:import_mapping", pk=batch.pk)
            if prepared.needs_agencies:
                return redirect("recommendations:import_agencies", pk=batch.pk)
            return redirect(batch)
    return render(
        request,
        "recommendations/import/upload.html",
        {
            "form": form,
            "fields": FIELD_LABELS,
            "breadcrumbs": trail(None, ("Import an action plan", "")),
        },
    )


def _agency_notice(count: int) -> str:
    if not count:
        return ""
    rows = (
        "1 row has an action but names" if count == 1 else f"{count} rows have an action but name"
    )
    return (
        f"{rows} no agency: there is no Agency column and no heading row naming an agency above "
        "them. Choose below which agency owns them."
    )


@require_http_methods(["GET", "POST"])
def import_mapping(request, pk):
    batch = _batch(request, pk)
    if batch.status != ImportStatus.PREVIEW:
        return redirect(batch)
    headings = services.batch_headings(batch)
    form = MappingForm(request.POST or None, batch=batch, headings=headings)
    if request.method == "POST" and form.is_valid():
        services.import_batch_remap(
            batch=batch,
            mapping=form.mapping(),
            options=form.options(),
            actor=request.user,
            save_as=form.cleaned_data["save_as"].strip(),
        )
        if form.cleaned_data["save_as"].strip():
            messages.success(
                request, f"The column mapping is saved as {form.cleaned_data['save_as'].strip()}."
            )
        if batch.summary.get("agencies_unmatched"):
            return redirect("recommendations:import_agencies", pk=batch.pk)
        return redirect(batch)
    return render(
        request,
        "recommendations/import/mapping.html",
        {
            "form": form,
            "batch": batch,
            "agency_notice": _agency_notice(batch.summary.get("rows_without_agency", 0)),
            "breadcrumbs": trail(
                None,
                ("Import an action plan", reverse("recommendations:import_upload")),
                ("Columns", ""),
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def import_agencies(request, pk):
    batch = _batch(request, pk)
    if batch.status != ImportStatus.PREVIEW:
        return redirect(batch)
    preview = services.batch_preview(batch)
    form = AgencyMatchForm(request.POST or None, batch=batch, preview=preview)
    if request.method == "POST" and form.is_valid():
        services.import_batch_match_agencies(
            batch=batch, matches=form.matches(), actor=request.user
        )
        return redirect(batch)
    unmatched = len(preview.unmatched_agencies)
    return render(
        request,
        "recommendations/import/agencies.html",
        {
            "form": form,
            "batch": batch,
            "unmatched_notice": (
                f"{_count(unmatched, 'name')} in the file "
                f"{'matches' if unmatched == 1 else 'match'} no agency of the partnership: "
                "choose the agency, or choose to create it."
                if unmatched
                else ""
            ),
            "breadcrumbs": trail(
                None,
                ("Import an action plan", reverse("recommendations:import_upload")),
                ("Agencies", ""),
            ),
        },
    )


def _as_written(cells: list) -> str:
    """A row's filled cells as the file has them, to find a row that could not be read."""
    values = []
    for cell in cells:
        if cell is None:
            continue
        if isinstance(cell, dict):
            cell = cell.get("formula") or cell.get("error") or cell.get("date")
        text = " ".join(str(cell).split())
        values.append(text if len(text) <= 60 else text[:57] + "...")
    return " | ".join(values[:4])


def _display_rows(preview, rows, table_rows):
    """What the preview table shows for each row: plain values, nothing left to compute."""
    shown = []
    for row in rows:
        item = {
            "row": row.row,
            "section": row.section,
            "warnings": row.warnings,
            "errors": row.errors,
        }
        if row.recommendation is None and not row.section and row.row - 1 < len(table_rows):
            item["as_written"] = _as_written(table_rows[row.row - 1])
        if row.section:
            if row.section_agency is not None:
                item["section_agency"] = preview.agencies[row.section_agency]
            item["section_imr"] = row.section_source == "imr"
            item["section_source"] = row.section_source
        item["scope_change"] = row.scope_change
        if row.recommendation is not None:
            rec = preview.recommendations[row.recommendation]
            item["rec"] = rec
            item["rec_source"] = preview.source_label(rec)
            item["starts"] = row.starts_recommendation
        actions = row.all_actions
        if actions:
            item["action"] = actions[0]
            item["actions"] = actions
            item["agency"] = preview.agencies[actions[0].agency]
        shown.append(item)
    return shown


def _mapping_rows(batch):
    headings = services.batch_headings(batch)
    return [
        {
            "letter": column_letter(column),
            "heading": " ".join(str(heading).split()) if heading is not None else "(no heading)",
            "field": FIELD_LABELS.get(batch.mapping[column] or "", "Not imported")
            if column < len(batch.mapping)
            else "Not imported",
        }
        for column, heading in enumerate(headings)
        if heading is not None or (column < len(batch.mapping) and batch.mapping[column])
    ]


def _agency_rows(preview) -> list[dict]:
    """How each agency name in the file was matched, for the preview."""
    rows = []
    for agency in preview.agencies:
        if agency.unmatched:
            matched = "Not matched: say which agency it is"
        elif agency.created:
            matched = "A new agency, to be created"
        else:
            matched = agency.name
        rows.append(
            {
                "written": ", ".join(agency.file_names) or "(rows that name no agency)",
                "matched": matched,
                "how": agency.how if agency.pk is not None else "",
                "row": agency.row,
                "unmatched": agency.unmatched,
                "created": agency.created,
            }
        )
    return rows


def _duplicate_message(earlier) -> str:
    if earlier is None:
        return ""
    who = earlier.imported_by or "the command line"
    return (
        f"This file was imported into this review on {earlier.imported_at:%-d %B %Y} by {who}. "
        "Importing it again adds its actions a second time."
    )


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def _rows_line(row_count: int, summary) -> str:
    return (
        f"{_count(row_count, 'row')} read: {summary['rows_with_warnings']} with warnings, "
        f"{summary['rows_with_errors']} with errors; "
        f"{_count(summary['blank_rows'], 'blank row')} left out"
        + (
            f"; {_count(summary['repeated_headings'], 'heading row')} typed again below the "
            "first (as after a page break) left out"
            if summary.get("repeated_headings")
            else ""
        )
    )


def _confirm_label(summary) -> str:
    recs, actions = summary["recommendations_new"], summary["actions"]
    return (
        f"Import {recs} recommendation{'s' if recs != 1 else ''} "
        f"and {actions} action{'s' if actions != 1 else ''}"
    )


@require_http_methods(["GET", "POST"])
def import_preview(request, pk):
    batch = _batch(request, pk)
    if batch.status != ImportStatus.PREVIEW:
        return render(
            request,
            "recommendations/import/done.html",
            {"batch": batch, "breadcrumbs": trail(None, ("Import", ""))},
        )
    duplicate = services.previous_import(review=batch.review, sha256=batch.sha256)
    # An unticked form posts nothing, so bind on the method, not on the data.
    form = ConfirmForm(request.POST if request.method == "POST" else None, duplicate=duplicate)
    if request.method == "POST" and form.is_valid():
        if jobs.commit_is_large(batch):  # written by the background worker
            return redirect(
                jobs.start_import_commit(
                    request, batch, allow_duplicate=bool(form.cleaned_data.get("allow_duplicate"))
                )
            )
        result = services.import_batch_commit(
            batch=batch,
            actor=request.user,
            allow_duplicate=bool(form.cleaned_data.get("allow_duplicate")),
        )
        if result.imported:
            summary = result.summary
            messages.success(
                request,
                f"Imported {summary['recommendations_new']} recommendation"
                f"{'s' if summary['recommendations_new'] != 1 else ''} and {summary['actions']} "
                f"action{'s' if summary['actions'] != 1 else ''} from {batch.filename}.",
            )
            return redirect(result.review)
        if result.changed:
            messages.warning(
                request,
                "The review changed since this preview was made. Check the preview again "
                "before importing.",
            )
            return redirect(batch)
        for error in result.errors:
            form.add_error(None, error)
        batch.refresh_from_db()
    preview = services.batch_preview(batch)
    show = "problems" if request.GET.get("show") == "problems" else "all"
    rows = (
        [row for row in preview.rows if row.warnings or row.errors]
        if show == "problems"
        else preview.rows
    )
    page = Paginator(rows, PREVIEW_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "recommendations/import/preview.html",
        {
            "batch": batch,
            "preview": preview,
            "summary": preview.summary(),
            "errors": preview.all_errors()[:50],
            "confirm_label": _confirm_label(preview.summary()),
            "rows_line": _rows_line(batch.row_count, preview.summary()),
            "page_obj": page,
            "rows": _display_rows(preview, page.object_list, batch.table.get("rows", [])),
            "show": show,
            "mapping_rows": _mapping_rows(batch),
            "agency_rows": _agency_rows(preview),
            "duplicate_message": _duplicate_message(duplicate),
            "form": form,
            "breadcrumbs": trail(
                None,
                ("Import an action plan", reverse("recommendations:import_upload")),
                ("Preview", ""),
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def import_discard(request, pk):
    batch = _batch(request, pk)
    if batch.status != ImportStatus.PREVIEW:
        return redirect(batch)
    if request.method == "POST":
        services.import_batch_discard(batch=batch, actor=request.user)
        messages.success(
            request, f"The import of {batch.filename} was discarded. Nothing was imported."
        )
        return redirect("recommendations:import_upload")
    return render(
        request,
        "recommendations/import/discard.html",
        {
            "batch": batch,
            "breadcrumbs": trail(None, ("Import", batch.get_absolute_url()), ("Discard", "")),
        },
    )


def action_plan_download(request, review_pk):
    """The review's action plan as the user may see it, as an Excel workbook that the
    importer reads back unchanged."""
    review = get_for_user(request, Review.objects.select_related("partnership"), review_pk)
    content = action_plan_workbook(review, request.user, today())
    name = slugify(review.reference) or f"review-{review.pk}"
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}-action-plan.xlsx"'
    response["Cache-Control"] = "no-store"
    return response
