"""Views of the assurance app, by what they are for: the board's assurance statements, agency
leads' work on their actions, the board manager's review queue, evidence downloads and the
access log."""

from .access_log import access_log
from .actions import action_close, action_impact, due_date_request, my_actions, update_create
from .evidence import evidence_download, evidence_preview
from .queue import board_evidence, due_date_decide, evidence_ask, review_queue, update_judge
from .statements import statement_edit, statement_history

__all__ = [
    "access_log",
    "action_close",
    "action_impact",
    "board_evidence",
    "due_date_decide",
    "due_date_request",
    "evidence_ask",
    "evidence_download",
    "evidence_preview",
    "my_actions",
    "review_queue",
    "statement_edit",
    "statement_history",
    "update_create",
    "update_judge",
]
