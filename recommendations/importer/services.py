"""Writes of the importer: a batch is created on upload (holding the cells read and the
preview, never the file), remapped on the mapping page, and committed in one transaction on
the user's confirmation; or discarded. The command line runs the same functions."""

from __future__ import annotations

import datetime
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from recommendations.models import (
    Action,
    DueDateRevision,
    ImportBatch,
    ImportStatus,
    Recommendation,
    RecommendationScope,
    RecommendationSource,
    RevisionState,
    SavedColumnMapping,
)
from recommendations.services import apply_timescale
from reviews.models import Review
from reviews.services import review_save
from scr_tracker.audit import audited_save
from scr_tracker.models import Agency, AgencyKind

from .headings import FIELD_LABELS, HEADER_SEARCH_ROWS, find_header_row, header_fields
from .preview import Preview
from .reading import ImportFileError, Table, column_letter, read_tables
from .rows import PlanContext, context_hash, interpret

__all__ = [
    "CommitResult",
    "ImportFileError",
    "Prepared",
    "import_batch_commit",
    "import_batch_create",
    "import_batch_discard",
    "import_batch_match_agencies",
    "import_batch_remap",
    "plan_context",
    "prepare_import",
]


def preview_lifetime() -> datetime.timedelta:
    return datetime.timedelta(hours=getattr(settings, "IMPORT_PREVIEW_HOURS", 24))


def plan_context(
    *, partnership_id: int, review: Review | None, default_agency_pk=None
) -> PlanContext:
    """The partnership's agencies and the review's recommendations, in two queries."""
    agencies = list(
        Agency.objects.filter(partnership_id=partnership_id)
        .order_by("pk")
        .values_list("pk", "name")
    )
    recommendations = {}
    if review is not None and review.pk is not None:
        rows = Recommendation.objects.filter(review=review).values_list(
            "pk", "source", "source_agency_id", "number", "text"
        )
        for pk, source, agency_pk, number, text in rows:
            recommendations[(source, agency_pk, number.lower())] = (pk, text)
    return PlanContext(
        agencies=agencies, recommendations=recommendations, default_agency_pk=default_agency_pk
    )


@dataclass
class Prepared:
    """A file read and interpreted, not yet stored anywhere."""

    filename: str
    sha256: str
    table: Table
    header_index: int
    mapping: list
    options: dict
    preview: Preview
    unmapped: list[int] = field(default_factory=list)  # columns with a heading not recognised
    duplicates: dict[int, str] = field(default_factory=dict)

    @property
    def needs_mapping(self) -> bool:
        """Whether the user must say something first: what an unrecognised column holds, or
        which agency owns actions that name none."""
        return (
            bool(self.unmapped or self.duplicates)
            or not any(name in ("recommendation", "number") for name in self.mapping)
            or self.preview.rows_without_agency > 0
        )

    @property
    def needs_agencies(self) -> bool:
        """Whether some agency named in the file matches none of the partnership's: the user
        says which it is, or that it is to be created."""
        return bool(self.preview.unmatched_agencies)


def _no_header_message(tables: list[Table]) -> str:
    table = tables[0]
    first = next((row for row in table.rows if row), [])
    sample = ", ".join(f"'{str(cell)[:30]}'" for cell in first[:6] if cell is not None)
    known = ", ".join(
        FIELD_LABELS[name]
        for name in ("recommendation", "key_actions", "lead_officer", "timescale")
    )
    return (
        f"No heading row was found in the first {HEADER_SEARCH_ROWS} rows: no row names at "
        "least two "
        f"of the columns the importer knows ({known}, Agency...). The first filled row "
        f"reads: {sample}. "
        "Give the number of the heading row on the upload page, or rename the headings."
    )


def prepare_import(
    *,
    data: bytes,
    filename: str,
    partnership_id: int,
    review: Review | None,
    saved_mapping: SavedColumnMapping | None = None,
    header_row: int | None = None,
    options: dict | None = None,
) -> Prepared:
    """Read and interpret an uploaded file without storing anything. Raises ImportFileError."""
    tables = read_tables(data, filename)
    saved = saved_mapping.headings if saved_mapping else None
    chosen = None
    for table in tables:
        if header_row is not None:
            if header_row - 1 < len(table.rows) and table.rows[header_row - 1]:
                found = header_fields(table.rows[header_row - 1], saved)
                chosen = (table, header_row - 1, found.fields, found.duplicates)
                break
            continue
        header = find_header_row(table.rows, saved)
        if header is not None:
            chosen = (table, header.index, header.fields, header.duplicates)
            break
    if chosen is None:
        if header_row is not None:
            raise ImportFileError(f"Row {header_row} is empty, so it cannot be the heading row.")
        raise ImportFileError(_no_header_message(tables))
    table, header_index, fields, duplicates = chosen
    headings = table.rows[header_index]
    mapping = list(fields) + [None] * (len(headings) - len(fields))
    unmapped = [
        column
        for column, cell in enumerate(headings)
        if cell is not None
        and mapping[column] is None
        and not (saved and _saved_ignores(saved, cell))
    ]
    others = [t.sheet_name for t in tables if t is not table]
    if others:
        table.notes.append(
            f"Only the sheet '{table.sheet_name}' was read; the workbook also has: "
            + ", ".join(f"'{name}'" for name in others)
            + ". Import each sheet as its own file if it holds more of the plan."
        )
    options = {**(saved_mapping.options if saved_mapping else {}), **(options or {})}
    context = plan_context(
        partnership_id=partnership_id,
        review=review,
        default_agency_pk=options.get("default_agency"),
    )
    preview = interpret(table, header_index, mapping, options, context)
    return Prepared(
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        table=table,
        header_index=header_index,
        mapping=mapping,
        options=options,
        preview=preview,
        unmapped=unmapped,
        duplicates=duplicates,
    )


def _saved_ignores(saved: dict, heading) -> bool:
    from .headings import normalise_heading

    return saved.get(normalise_heading(heading)) == ""


def column_warnings(headings: list, mapping: list) -> list[str]:
    """One warning per column with a heading that is not imported."""
    return [
        f"Column {column_letter(column)} ('{' '.join(str(cell).split())[:40]}') is not imported."
        for column, cell in enumerate(headings)
        if cell is not None and not (mapping[column] if column < len(mapping) else None)
    ]


def _store_preview(batch: ImportBatch, preview: Preview):
    batch.preview = preview.to_json()
    batch.summary = preview.summary()
    batch.row_count = sum(1 for row in batch.table["rows"][batch.header_row :] if row)


@transaction.atomic
def import_batch_create(
    *,
    prepared: Prepared,
    actor,
    partnership_id: int,
    review: Review | None = None,
    new_review: dict | None = None,
) -> ImportBatch:
    """Store what was read from an upload, to be previewed. The file itself is not kept."""
    _expire_stale_batches(partnership_id=partnership_id, actor=actor)
    batch = ImportBatch(
        partnership_id=partnership_id,
        review=review,
        new_review=new_review or {},
        filename=prepared.filename[:255],
        sha256=prepared.sha256,
        uploaded_by=actor,
        sheet_name=prepared.table.sheet_name[:100],
        header_row=prepared.header_index + 1,
        mapping=prepared.mapping,
        options=prepared.options,
        table=prepared.table.to_json(),
    )
    prepared.preview.warnings = (
        column_warnings(batch_headings(batch), batch.mapping) + prepared.preview.warnings
    )
    _store_preview(batch, prepared.preview)
    return audited_save(batch, actor=actor, reason=f"Uploaded {batch.filename} for preview")


def _expire_stale_batches(*, partnership_id: int, actor):
    """Previews nobody confirmed within the preview lifetime are discarded with their cells."""
    cutoff = timezone.now() - preview_lifetime()
    stale = ImportBatch.objects.filter(
        partnership_id=partnership_id, status=ImportStatus.PREVIEW, uploaded_at__lt=cutoff
    )
    for batch in stale:
        _clear(batch)
        batch.status = ImportStatus.DISCARDED
        audited_save(
            batch, actor=actor, reason="Preview expired unconfirmed: the cells read were removed"
        )


def _clear(batch: ImportBatch):
    batch.table = {}
    batch.preview = {}


def batch_preview(batch: ImportBatch) -> Preview:
    return Preview.from_json(batch.preview)


def batch_headings(batch: ImportBatch) -> list:
    rows = batch.table.get("rows", [])
    return (
        rows[batch.header_row - 1] if batch.header_row and batch.header_row - 1 < len(rows) else []
    )


@transaction.atomic
def import_batch_remap(
    *, batch: ImportBatch, mapping: list, options: dict, actor, save_as: str = ""
) -> ImportBatch:
    """Apply the user's column mapping and options, and optionally keep the mapping by name."""
    batch.mapping = mapping
    # The agencies matched on the agencies page stay matched.
    options = {**options, "agency_matches": batch.options.get("agency_matches", {})}
    batch.options = options
    table = Table.from_json(batch.table)
    context = plan_context(
        partnership_id=batch.partnership_id,
        review=batch.review,
        default_agency_pk=options.get("default_agency"),
    )
    preview = interpret(table, batch.header_row - 1, mapping, options, context)
    headings = batch_headings(batch)
    preview.warnings = column_warnings(headings, mapping) + preview.warnings
    _store_preview(batch, preview)
    audited_save(batch, actor=actor, reason="Column mapping changed")
    if save_as:
        from .headings import normalise_heading

        saved = SavedColumnMapping.objects.filter(
            partnership_id=batch.partnership_id, name=save_as
        ).first()
        if saved is None:
            saved = SavedColumnMapping(
                partnership_id=batch.partnership_id, name=save_as, created_by=actor
            )
        saved.headings = {
            normalise_heading(cell): (mapping[column] or "")
            for column, cell in enumerate(headings)
            if normalise_heading(cell)
        }
        saved.options = {"agency_headings": options.get("agency_headings", "imr")}
        audited_save(saved, actor=actor, reason=f"Column mapping saved from {batch.filename}")
    return batch


@transaction.atomic
def import_batch_match_agencies(*, batch: ImportBatch, matches: dict, actor) -> ImportBatch:
    """Apply the user's answers for the agency names in the file: {agency_key(name): agency
    pk, or "new" to create it}. Names left out are matched as before."""
    batch.options = {**batch.options, "agency_matches": matches}
    table = Table.from_json(batch.table)
    context = plan_context(
        partnership_id=batch.partnership_id,
        review=batch.review,
        default_agency_pk=batch.options.get("default_agency"),
    )
    preview = interpret(table, batch.header_row - 1, batch.mapping, batch.options, context)
    preview.warnings = column_warnings(batch_headings(batch), batch.mapping) + preview.warnings
    _store_preview(batch, preview)
    return audited_save(batch, actor=actor, reason="Agencies matched")


@transaction.atomic
def import_batch_discard(*, batch: ImportBatch, actor) -> ImportBatch:
    _clear(batch)
    batch.status = ImportStatus.DISCARDED
    return audited_save(batch, actor=actor, reason="Import discarded: the cells read were removed")


@dataclass
class CommitResult:
    imported: bool
    review: Review | None = None
    summary: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    duplicate_of: ImportBatch | None = None
    changed: bool = False  # the review changed since the preview; look again


class ImportRowError(Exception):
    def __init__(self, row: int, message: str):
        super().__init__(f"Row {row}: {message}")


def previous_import(*, review: Review | None, sha256: str, exclude_pk=None) -> ImportBatch | None:
    if review is None or review.pk is None:
        return None
    earlier = (
        ImportBatch.objects.imported()
        .filter(review=review, sha256=sha256)
        .select_related("imported_by")
    )
    if exclude_pk is not None:
        earlier = earlier.exclude(pk=exclude_pk)
    return earlier.order_by("-imported_at").first()


def import_batch_commit(
    *, batch: ImportBatch, actor, allow_duplicate: bool = False
) -> CommitResult:
    """Write the previewed plan: every recommendation, action and new agency, or, if anything
    fails, nothing. Refused if the review changed since the preview (the new preview is stored
    for the user to look at) or if the same file was imported into the review before and the
    user has not confirmed importing it again."""
    try:
        with transaction.atomic():
            return _commit(batch, actor, allow_duplicate)
    except ImportRowError as error:
        return CommitResult(False, errors=[str(error)])
    except IntegrityError as error:
        # Another import or edit got in first (a number taken meanwhile): nothing was written.
        return CommitResult(
            False, errors=[f"The import could not be saved, so nothing was: {error}"]
        )


def _commit(batch: ImportBatch, actor, allow_duplicate: bool) -> CommitResult:
    # Locked, so that two confirmations of the same preview cannot both write it.
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.PREVIEW:
        return CommitResult(
            False, errors=[f"This import is already {batch.get_status_display().lower()}."]
        )
    review = batch.review
    reference = batch.new_review.get("reference", "")
    if (
        review is None
        and Review.objects.filter(partnership_id=batch.partnership_id, reference=reference).exists()
    ):
        return CommitResult(False, errors=[f"A review with the reference {reference} exists now."])
    duplicate = previous_import(review=review, sha256=batch.sha256)
    if duplicate is not None and not allow_duplicate:
        return CommitResult(
            False,
            duplicate_of=duplicate,
            errors=["This file was imported into this review before."],
        )
    context = plan_context(
        partnership_id=batch.partnership_id,
        review=review,
        default_agency_pk=batch.options.get("default_agency"),
    )
    if batch.preview.get("context_hash") == context_hash(context):
        # Nothing the rows were matched against has changed: the preview shown is written.
        preview = Preview.from_json(batch.preview)
    else:
        preview = interpret(
            Table.from_json(batch.table),
            batch.header_row - 1,
            batch.mapping,
            batch.options,
            context,
        )
        preview.warnings = column_warnings(batch_headings(batch), batch.mapping) + preview.warnings
    stored = {**batch.preview, "context_hash": preview.context_hash}
    if preview.to_json() != stored:
        _store_preview(batch, preview)
        audited_save(
            batch, actor=actor, reason="Preview refreshed: the review changed since it was shown"
        )
        return CommitResult(
            False, changed=True, errors=["The review changed since the preview was made."]
        )
    if not preview.ok:
        return CommitResult(False, errors=preview.all_errors())
    review = _write(batch, preview, actor)
    return CommitResult(True, review=review, summary=preview.summary())


def _reason(batch: ImportBatch, actor, row: int | None = None) -> str:
    who = str(actor) if actor is not None else "command line"
    where = f" (row {row})" if row is not None else ""
    return f"Imported from {batch.filename} by {who}{where}"


# Foreign keys not checked row by row: they are objects loaded or created just before.
_RECOMMENDATION_LINKS = ["review", "source_agency", "addressed_agency", "repeats"]
_ACTION_LINKS = ["recommendation", "partnership", "agency", "lead_officer_user", "assured_by"]
_BATCH = 500


@contextmanager
def _at_row(row: int):
    """A validation error while writing names the spreadsheet row it came from."""
    try:
        yield
    except ValidationError as error:
        raise ImportRowError(row, "; ".join(error.messages)) from None


def _validate(obj, links: list[str]):
    """The model's own validation (each field, and clean()) without its per-row database
    queries: the foreign keys are objects in hand, and numbers were checked against the
    review and the rest of the file by the preview. The database's constraints check both
    again on insert, and any failure undoes the whole import."""
    obj.full_clean(exclude=links, validate_unique=False, validate_constraints=False)


def _audit(obj, actor, reason: str):
    obj._history_user = actor
    obj._change_reason = reason


def _write(batch: ImportBatch, preview: Preview, actor) -> Review:
    """Everything in one transaction (the caller's), in a fixed number of queries: one each to
    load the agencies, the existing recommendations and the positions, then the new
    recommendations, actions and original timescales written in bulk with their history
    (simple-history's bulk_create_with_history, each row with its own change reason)."""
    review = batch.review
    if review is None:
        review = Review(
            partnership_id=batch.partnership_id,
            reference=batch.new_review["reference"],
            title=batch.new_review["title"],
            kind=batch.new_review.get("kind") or Review._meta.get_field("kind").default,
        )
        reason = (
            f"Created by the import of {batch.filename} by {actor if actor else 'command line'}"
        )
        if actor is not None and actor.partnership_id == batch.partnership_id:
            review = review_save(review=review, actor=actor, reason=reason)
        else:
            review = audited_save(review, actor=actor, reason=reason)

    agencies = Agency.objects.in_bulk([a.pk for a in preview.agencies if a.pk is not None])
    agency_objects = []
    for planned in preview.agencies:
        if planned.pk is not None:
            agency_objects.append(agencies[planned.pk])
            continue
        if not planned.create:  # the preview refuses unmatched agencies; never create one
            raise ImportRowError(planned.row, f"the agency {planned.name} is not matched.")
        agency = Agency(
            partnership_id=batch.partnership_id, name=planned.name, kind=AgencyKind.OTHER
        )
        try:
            audited_save(
                agency,
                actor=actor,
                reason=f"Created by the import: {_reason(batch, actor, planned.row)}",
            )
        except ValidationError as error:
            raise ImportRowError(planned.row, "; ".join(error.messages)) from None
        agency_objects.append(agency)

    existing = Recommendation.objects.in_bulk(
        [r.existing_pk for r in preview.recommendations if r.existing_pk is not None]
    )
    for rec in existing.values():
        rec.review = review
    position = Recommendation.objects.filter(review=review).aggregate(m=Max("position"))["m"] or 0
    action_positions = dict(
        Action.objects.filter(recommendation_id__in=list(existing))
        .values("recommendation_id")
        .annotate(m=Max("position"))
        .values_list("recommendation_id", "m")
    )
    recommendations, new_recommendations = [], []
    for planned in preview.recommendations:
        if planned.existing_pk is not None:
            recommendations.append(existing[planned.existing_pk])
            continue
        position += 1
        agency = (
            agency_objects[planned.source_agency] if planned.source_agency is not None else None
        )
        imr = planned.source == RecommendationSource.IMR
        rec = Recommendation(
            review=review,
            number=planned.number,
            text=planned.text,
            source=planned.source,
            source_agency=agency if imr else None,
            scope=RecommendationScope.SINGLE_AGENCY if imr else RecommendationScope.MULTI_AGENCY,
            addressed_agency=agency if imr else None,
            desired_outcome=planned.desired_outcome,
            position=position,
            source_row=planned.row,
        )
        with _at_row(planned.row):
            _validate(rec, _RECOMMENDATION_LINKS)
        _audit(rec, actor, _reason(batch, actor, planned.row))
        recommendations.append(rec)
        new_recommendations.append(rec)
    bulk_create_with_history(new_recommendations, Recommendation, batch_size=_BATCH)

    actions = []
    for row, planned in ((r, action) for r in preview.rows for action in r.all_actions):
        rec = recommendations[row.recommendation]
        action_positions[rec.pk] = action_positions.get(rec.pk, 0) + 1
        action = Action(
            recommendation=rec,
            partnership_id=review.partnership_id,
            agency=agency_objects[planned.agency],
            key_actions=planned.key_actions,
            lead_officer=planned.lead_officer,
            timescale=planned.timescale,
            due_date=planned.due if planned.explicit_due_date else None,
            evidence_expected=planned.evidence_expected,
            outcome_measure=planned.outcome_measure,
            position=action_positions[rec.pk],
            source_row=row.row,
        )
        # As action_save does: the due date read from the timescale, "Already actioned"
        # recorded as reported complete.
        with _at_row(row.row):
            apply_timescale(action, derive_due_date=not planned.explicit_due_date)
            _validate(action, _ACTION_LINKS)
        _audit(action, actor, _reason(batch, actor, row.row))
        actions.append(action)
    bulk_create_with_history(actions, Action, batch_size=_BATCH)
    # Every action's original timescale, as action_save keeps it.
    revisions = []
    for action in actions:
        revision = DueDateRevision(
            action=action,
            timescale=action.timescale,
            due_date=action.due_date,
            state=RevisionState.ORIGINAL,
            requested_by=actor,
            reason="Original timescale",
        )
        _audit(revision, actor, _reason(batch, actor, action.source_row))
        revisions.append(revision)
    bulk_create_with_history(revisions, DueDateRevision, batch_size=_BATCH)

    batch.review = review
    batch.status = ImportStatus.IMPORTED
    batch.imported_at = timezone.now()
    batch.imported_by = actor
    batch.summary = preview.summary()
    _clear(batch)
    audited_save(batch, actor=actor, reason=_reason(batch, actor))
    return review
