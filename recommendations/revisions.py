"""Naming and summarising the timescales an action has had, for its page and for exports."""

import datetime
from dataclasses import dataclass
from itertools import islice

from .models import DueDateRevision, RevisionState


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def label_timescales(revisions):
    """Label each timescale as a tracker does: Original, 1st revision, 2nd revision..."""
    agreed = 0
    for index, revision in enumerate(revisions):
        if index == 0 or revision.state == RevisionState.ORIGINAL:
            revision.label = "Original"
        elif revision.state == RevisionState.APPROVED:
            agreed += 1
            revision.label = f"{_ordinal(agreed)} revision"
        elif revision.state == RevisionState.PENDING:
            revision.label = "Requested, awaiting decision"
        else:
            revision.label = "Requested, declined"
    return revisions


@dataclass(slots=True)
class _ExportedRevision:
    """The columns of a revision an export reads (building model instances for every
    revision of 20,000 actions would take most of the export's time)."""

    state: str
    timescale: str
    due_date: datetime.date | None
    reason: str
    decided_by: str | None
    label: str = ""


def timescale_history_text(revisions) -> str:
    """One cell: 'Original: December 2016 (31/12/2016); 1st revision: April 2017 (30/04/2017),
    agreed by Rebekah Eaves: reason'."""
    parts = []
    for revision in label_timescales(list(revisions)):
        when = f"{revision.due_date:%d/%m/%Y}" if revision.due_date else "no date"
        text = f"{revision.label}: {revision.timescale or 'none'} ({when})"
        decider = revision.decided_by
        if decider is not None and revision.label != "Original":
            verb = "declined" if revision.state == RevisionState.DECLINED else "agreed"
            text += f", {verb} by {decider}"
        if revision.reason and revision.label != "Original":
            text += f": {revision.reason}"
        parts.append(text)
    return "; ".join(parts)


def _decider(first_name, last_name, username) -> str | None:
    """The decider as User.__str__ names them: full name, else username."""
    if username is None:
        return None
    return f"{first_name} {last_name}".strip() or username


def with_timescale_history(rows, *, chunk: int = 2000):
    """Add 'timescale_history' to each exported action row (dicts with 'pk'), loading the
    revisions of each chunk of rows in one query."""
    rows = iter(rows)
    while batch := list(islice(rows, chunk)):
        by_action: dict[int, list] = {}
        revisions = (
            DueDateRevision.objects.filter(action_id__in=[row["pk"] for row in batch])
            .order_by("action_id", "requested_at", "id")
            .values_list(
                "action_id",
                "state",
                "timescale",
                "due_date",
                "reason",
                "decided_by__first_name",
                "decided_by__last_name",
                "decided_by__username",
            )
        )
        for action_id, state, timescale, due_date, reason, *decider in revisions:
            by_action.setdefault(action_id, []).append(
                _ExportedRevision(state, timescale, due_date, reason, _decider(*decider))
            )
        for row in batch:
            row["timescale_history"] = timescale_history_text(by_action.get(row["pk"], []))
            yield row
