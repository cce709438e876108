"""Writes of the assurance workflow: agencies report, the board manager judges and assures.

Every service validates, takes the acting user explicitly, locks the action it changes (so two
people acting at once queue rather than overwrite each other) and records who and why in the
history. Emails are sent only once the transaction has committed."""

import ipaddress

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from recommendations.models import (
    OPEN_STATUSES,
    Action,
    ActionStatus,
    DueDateRevision,
    RevisionState,
)
from recommendations.services import action_save
from scr_tracker.access import can
from scr_tracker.audit import audited_save
from scr_tracker.concurrency import guard_against_lost_update

from . import notifications
from .evidence_files import check_upload
from .models import (
    AccessKind,
    AccessLog,
    AssuranceStatement,
    Evidence,
    EvidenceRequest,
    Judgement,
    ProgressUpdate,
)


def _require(actor, perm: str, obj):
    if not can(actor, perm, obj):
        raise PermissionDenied(f"{actor} may not {perm.split('.')[-1].replace('_', ' ')}.")


def _locked_action(action_or_pk) -> Action:
    pk = getattr(action_or_pk, "pk", action_or_pk)
    return (
        Action.objects.select_for_update(of=("self",))
        .select_related("recommendation__review__partnership", "agency")
        .get(pk=pk)
    )


def assurance_statement_save(
    *,
    statement: AssuranceStatement,
    actor,
    reason: str = "",
    loaded_version: int | None = None,
    edited_fields=(),
) -> AssuranceStatement:
    """Write or revise the board's implementation assurance for a recommendation. From a form,
    pass the version it was loaded with and the fields it edits: a save on top of someone
    else's meanwhile raises EditConflict and writes nothing."""
    with transaction.atomic():
        created = statement.pk is None
        if created and loaded_version is not None:
            existing = (
                AssuranceStatement.objects.select_for_update()
                .filter(recommendation_id=statement.recommendation_id)
                .first()
            )
            if existing is not None:
                # Written by someone else since this (empty) form was loaded.
                guard_against_lost_update(
                    statement, loaded_version=0, fields=edited_fields, current=existing
                )
                return existing
        elif not created:
            guard_against_lost_update(
                statement, loaded_version=loaded_version, fields=edited_fields
            )
        return audited_save(
            statement,
            actor=actor,
            reason=reason
            or ("Assurance statement written" if created else "Assurance statement revised"),
        )


def _carried_evidence(action: Action, carried) -> list[Evidence]:
    """The earlier evidence a new update carries forward: active records of this action only
    (anything else is refused, never silently dropped)."""
    wanted = {getattr(item, "pk", item) for item in carried}
    if not wanted:
        return []
    found = list(
        Evidence.objects.active().filter(action=action, pk__in=wanted).order_by("created_at", "id")
    )
    if len(found) != len(wanted):
        raise ValidationError(
            {"carried": "Some of the earlier evidence chosen is not this action's any more."}
        )
    return found


def _store_evidence(
    *, action, update, actor, judgement, checked=(), artefact="", carried=(), stored, why
):
    """Write the update's evidence: checked uploads (each name appended to ``stored``, so a
    failure can remove the files), a described artefact, and earlier evidence carried forward
    (the same stored file referenced again, with ``carried_from`` saying where it came from)."""
    for item in checked:
        evidence = Evidence(
            action=action,
            update=update,
            original_filename=item.name,
            content_type=item.kind.content_type,
            size=item.size,
            sha256=item.sha256,
            supplied_by=actor,
            judgement=judgement,
        )
        evidence.file.save(item.name, item.upload, save=False)
        stored.append(evidence.file.name)
        audited_save(evidence, actor=actor, reason=why["file"])
    if artefact:
        audited_save(
            Evidence(
                action=action,
                update=update,
                description=artefact,
                supplied_by=actor,
                judgement=judgement,
            ),
            actor=actor,
            reason=why["artefact"],
        )
    for earlier in carried:
        audited_save(
            Evidence(
                action=action,
                update=update,
                description=earlier.description,
                file=earlier.file.name,
                original_filename=earlier.original_filename,
                content_type=earlier.content_type,
                size=earlier.size,
                sha256=earlier.sha256,
                supplied_by=actor,
                judgement=judgement,
                carried_from=earlier,
            ),
            actor=actor,
            reason=f"Evidence carried forward from the update of "
            f"{date_format(timezone.localtime(earlier.created_at), 'j F Y')}",
        )


def _answer_evidence_request(*, action, update, actor, why: str) -> None:
    """Evidence of the completion has arrived: the open request for it (if any) is answered."""
    request = EvidenceRequest.objects.select_for_update().open().filter(action=action).first()
    if request is not None:
        request.answered_at = update.created_at
        request.answered_by_update = update
        audited_save(request, actor=actor, reason=why)


def progress_update_post(
    *,
    action: Action,
    actor,
    narrative: str,
    rag: str,
    rag_reason: str,
    claims_completion: bool = False,
    files=(),
    artefact: str = "",
    carried=(),
) -> ProgressUpdate:
    """Post an agency's dated progress update, with evidence files and/or a described artefact,
    and/or earlier evidence of the action carried forward (``carried``: Evidence records or
    their ids; referenced again, not uploaded again).

    Every file is checked first (size, type by content, virus scan): one refusal refuses the
    whole update, and nothing (no record, no stored file) is left behind. The update is its own
    record, never edited; it sets the action's agency rating and last update, and a completion
    claim makes the action "reported complete, awaiting assurance". Updates carrying evidence
    or a claim enter the board manager's review queue; a claim with evidence answers the
    board's request for evidence, if there is one."""
    _require(actor, "assurance.post_update", action)
    checked = [check_upload(upload) for upload in files]
    artefact = artefact.strip()
    earlier = _carried_evidence(action, carried)
    if claims_completion and not (checked or artefact or earlier):
        raise ValidationError(
            {"files": "To report the action complete, attach the evidence or describe it."}
        )
    stored: list[str] = []
    try:
        with transaction.atomic():
            action = _locked_action(action)
            _require(actor, "assurance.post_update", action)  # it may have closed meanwhile
            has_evidence = bool(checked or artefact or earlier)
            needs_judgement = has_evidence or claims_completion
            judgement = Judgement.AWAITING if needs_judgement else Judgement.NOT_NEEDED
            update = audited_save(
                ProgressUpdate(
                    action=action,
                    author=actor,
                    narrative=narrative.strip(),
                    rag=rag,
                    rag_reason=rag_reason.strip(),
                    claims_completion=claims_completion,
                    judgement=judgement,
                ),
                actor=actor,
                reason="Progress update posted",
            )
            _store_evidence(
                action=action,
                update=update,
                actor=actor,
                judgement=judgement,
                checked=checked,
                artefact=artefact,
                carried=earlier,
                stored=stored,
                why={"file": "Evidence supplied", "artefact": "Evidence described"},
            )
            action.agency_rag = rag
            action.last_update_at = update.created_at
            if claims_completion:
                action.status = ActionStatus.COMPLETION_CLAIMED
                action.completion_claimed_at = update.created_at
            elif action.status == ActionStatus.NOT_STARTED:
                action.status = ActionStatus.IN_PROGRESS
            audited_save(
                action,
                actor=actor,
                reason="Completion reported by the agency"
                if claims_completion
                else "Progress update posted",
            )
            if claims_completion and has_evidence:
                _answer_evidence_request(
                    action=action,
                    update=update,
                    actor=actor,
                    why="Answered: the agency supplied the evidence of completion",
                )
            if needs_judgement:
                notifications.on_commit(notifications.update_awaiting_judgement, update.pk)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return update


def _require_completion_without_evidence(action: Action) -> None:
    """The state both remedies act on; checked on the locked row, so each acts once."""
    if action.status != ActionStatus.COMPLETION_CLAIMED:
        raise ValidationError(
            f"This action is not reported complete ({action.get_status_display().lower()}): "
            "there is no recorded completion to evidence."
        )
    awaiting = Evidence.objects.active().filter(
        action=action,
        update__claims_completion=True,
        update__judgement=Judgement.AWAITING,
        update__archived_at__isnull=True,
    )
    if awaiting.exists():
        raise ValidationError(
            "Evidence of this action's completion is already awaiting judgement: judge it from "
            "the review queue."
        )


def evidence_request(*, action: Action, actor, comment: str) -> EvidenceRequest:
    """The board manager asks the agency for the evidence of a completion recorded with none.
    The agency's leads are emailed (a link only) and the action shows on their My actions as
    needing their attention until evidence arrives. One open request per action: asking again
    while one is open is refused, saying when it was asked."""
    _require(actor, "assurance.ask_for_evidence", action)
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": "Say what evidence the agency should send."})
    with transaction.atomic():
        action = _locked_action(action)
        _require(actor, "assurance.ask_for_evidence", action)
        _require_completion_without_evidence(action)
        existing = EvidenceRequest.objects.open().filter(action=action).first()
        if existing is not None:
            raise ValidationError(
                "The agency was already asked for this evidence on "
                f"{date_format(timezone.localtime(existing.requested_at), 'j F Y')}."
            )
        request = audited_save(
            EvidenceRequest(action=action, requested_by=actor, comment=comment),
            actor=actor,
            reason="Evidence asked for: the completion was recorded with no evidence",
        )
        notifications.on_commit(notifications.evidence_requested, request.pk)
    return request


BOARD_RECORD_NARRATIVE = (
    "The completion of this action was recorded without evidence from the agency. The board "
    "manager recorded the evidence the board has seen."
)


def board_evidence_record(*, action: Action, actor, note: str = "", files=()) -> ProgressUpdate:
    """The board manager records the evidence the board has seen of a completion recorded with
    none: a note and/or files, kept as an update made by the board manager and labelled as the
    board's own (``recorded_by_board``). It claims the completion and awaits judgement like
    any other, so the action is assured only through accepting it. It answers an open request
    for evidence; the agency's rating and last update are left as they were."""
    _require(actor, "assurance.record_board_evidence", action)
    checked = [check_upload(upload) for upload in files]
    note = note.strip()
    if not (checked or note):
        raise ValidationError(
            {"note": "Describe the evidence the board has seen, or attach it as a file."}
        )
    stored: list[str] = []
    try:
        with transaction.atomic():
            action = _locked_action(action)
            _require(actor, "assurance.record_board_evidence", action)
            _require_completion_without_evidence(action)
            update = audited_save(
                ProgressUpdate(
                    action=action,
                    author=actor,
                    narrative=BOARD_RECORD_NARRATIVE,
                    rag="",
                    claims_completion=True,
                    judgement=Judgement.AWAITING,
                    recorded_by_board=True,
                ),
                actor=actor,
                reason="Evidence the board has seen recorded by the board manager",
            )
            _store_evidence(
                action=action,
                update=update,
                actor=actor,
                judgement=Judgement.AWAITING,
                checked=checked,
                artefact=note,
                stored=stored,
                why={
                    "file": "Evidence file recorded by the board",
                    "artefact": "Evidence the board has seen described by the board manager",
                },
            )
            if action.completion_claimed_at is None:
                action.completion_claimed_at = update.created_at
                audited_save(
                    action,
                    actor=actor,
                    reason="Completion dated: the board recorded the evidence it has seen",
                )
            _answer_evidence_request(
                action=action,
                update=update,
                actor=actor,
                why="Answered: the board recorded the evidence it has seen",
            )
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return update


@transaction.atomic
def update_judge(
    *, update: ProgressUpdate, actor, accept: bool, comment: str = ""
) -> ProgressUpdate:
    """Accept an update's evidence or return it with a comment the lead sees and is told of.
    Accepting a completion claim assures the action; returning one reopens it."""
    update = (
        ProgressUpdate.objects.select_for_update(of=("self",))
        .select_related("action__recommendation__review")
        .get(pk=update.pk)
    )
    _require(actor, "assurance.judge_update", update)
    comment = comment.strip()
    if update.judgement != Judgement.AWAITING:
        raise ValidationError(
            f"This update has already been judged: {update.get_judgement_display().lower()}."
        )
    if not accept and not comment:
        raise ValidationError({"comment": "Say what more is needed: the lead sees this comment."})
    now = timezone.now()
    judgement = Judgement.ACCEPTED if accept else Judgement.RETURNED
    why = "Evidence accepted" if accept else "Evidence returned: more needed"
    for item in [update, *update.evidence.active()]:
        item.judgement = judgement
        item.judged_by = actor
        item.judged_at = now
        item.judgement_comment = comment
        audited_save(item, actor=actor, reason=why)
    action = _locked_action(update.action_id)
    if update.claims_completion and accept and action.status in OPEN_STATUSES:
        action_assure(action=action, actor=actor, update=update)
    elif (
        update.claims_completion and not accept and action.status == ActionStatus.COMPLETION_CLAIMED
    ):
        other_claims = (
            ProgressUpdate.objects.awaiting_judgement()
            .filter(action=action, claims_completion=True)
            .exclude(pk=update.pk)
        )
        if not other_claims.exists():
            action.status = ActionStatus.IN_PROGRESS
            action.completion_claimed_at = None
            audited_save(
                action, actor=actor, reason="Completion claim returned: more evidence needed"
            )
    if not accept:
        notifications.on_commit(notifications.evidence_returned, update.pk)
    return update


@transaction.atomic
def action_assure(*, action: Action, actor, update: ProgressUpdate) -> Action:
    """Set the action to assured: only a board manager, and only once the evidence of the
    completion claim has been accepted. An agency lead can never assure."""
    action = _locked_action(action)
    _require(actor, "recommendations.assure_action", action)
    if not update.claims_completion or update.action_id != action.pk:
        raise ValidationError("Only the agency's claim that this action is complete can assure it.")
    evidence = list(update.evidence.active())
    if (
        update.judgement != Judgement.ACCEPTED
        or not evidence
        or any(item.judgement != Judgement.ACCEPTED for item in evidence)
    ):
        raise ValidationError(
            "The evidence of the completion claim must be accepted before the action is assured."
        )
    if action.status not in OPEN_STATUSES:
        raise ValidationError(f"This action is already closed ({action.get_status_display()}).")
    action.status = ActionStatus.ASSURED
    action.assured_at = timezone.now()
    action.assured_by = actor
    return audited_save(
        action, actor=actor, reason="Assured: the completion claim's evidence was accepted"
    )


def due_date_request(*, action: Action, actor, due_date, reason: str) -> DueDateRevision:
    """An agency lead asks to move the due date. One request at a time per action."""
    _require(actor, "assurance.request_due_date_change", action)
    with transaction.atomic():
        action = _locked_action(action)
        errors = {}
        if not reason.strip():
            errors["reason"] = "Say why the due date needs to move."
        if due_date is None:
            errors["due_date"] = "Enter the new due date."
        elif due_date <= timezone.localdate():
            errors["due_date"] = "The new due date must be in the future."
        elif due_date == action.due_date:
            errors["due_date"] = "The new due date must differ from the current one."
        if errors:
            raise ValidationError(errors)
        if DueDateRevision.objects.pending().filter(action=action).exists():
            raise ValidationError(
                "There is already a request to move this due date awaiting the board manager's "
                "decision."
            )
        revision = audited_save(
            DueDateRevision(
                action=action,
                timescale=date_format(due_date, "j F Y"),
                due_date=due_date,
                reason=reason.strip(),
                state=RevisionState.PENDING,
                requested_by=actor,
            ),
            actor=actor,
            reason="Due date change requested",
        )
        notifications.on_commit(notifications.due_date_requested, revision.pk)
    return revision


@transaction.atomic
def due_date_decide(
    *, revision: DueDateRevision, actor, approve: bool, comment: str = ""
) -> DueDateRevision:
    """The board manager agrees or declines a requested due date. Agreeing moves the action's
    due date and timescale; the request itself becomes that revision of the timescale."""
    revision = (
        DueDateRevision.objects.select_for_update(of=("self",))
        .select_related("action__recommendation__review")
        .get(pk=revision.pk)
    )
    _require(actor, "assurance.decide_due_date", revision)
    comment = comment.strip()
    if revision.state != RevisionState.PENDING:
        raise ValidationError(
            f"This request has already been decided: {revision.get_state_display().lower()}."
        )
    if not approve and not comment:
        raise ValidationError({"comment": "Say why the request is declined: the lead is told."})
    revision.state = RevisionState.APPROVED if approve else RevisionState.DECLINED
    revision.decided_by = actor
    revision.decided_at = timezone.now()
    revision.decision_comment = comment
    audited_save(
        revision,
        actor=actor,
        reason="Due date change agreed" if approve else "Due date change declined",
    )
    if approve:
        action = Action.objects.select_related("recommendation__review__partnership", "agency").get(
            pk=revision.action_id
        )
        action.timescale = revision.timescale
        action.due_date = revision.due_date
        action_save(
            action=action,
            actor=actor,
            reason=f"Due date moved to {revision.timescale} at the agency's request",
            derive_due_date=False,
            revision=revision,
        )
    notifications.on_commit(notifications.due_date_decided, revision.pk)
    return revision


def _client_ip(request) -> str | None:
    """The connecting address. Behind a proxy, configure it to pass the client's address as
    REMOTE_ADDR; X-Forwarded-For is not trusted, since any client can send it."""
    raw = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def access_log_record(*, request, kind: str, obj, description: str, partnership=None) -> AccessLog:
    """Record that the signed-in user downloaded `obj` (an evidence file or a report). Call it
    from every view that sends a confidential file, before sending it. The entry is listed for
    the partnership's board managers (the user's partnership unless `partnership` is given)
    and for administrators, and cannot be changed or removed in the app."""
    entry = AccessLog(
        user=request.user,
        partnership_id=partnership.pk if partnership is not None else request.user.partnership_id,
        kind=AccessKind(kind),
        object_id=obj.pk,
        description=description[:500],
        ip_address=_client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:500],
    )
    entry.full_clean()
    entry.save()
    return entry
