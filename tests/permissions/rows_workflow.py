"""The assurance workflow (agency leads' updates and due date requests, the board manager's
review queue and decisions) and evidence files. lead_a's agency owns action_a; update_a and
due_date_request_a are lead_a's, on action_a, awaiting the board manager.

An empty POST to any of these forms is answered with the form's errors (200)."""

from .row import SAME_AS_GET, Row
from .statuses import (
    BOARD_MANAGERS,
    BOARD_MANAGERS_AND_ADMINISTRATORS,
    CHANGE_ACTION,
    LEAD_OF_AGENCY,
    LEADS,
    READ_ACTION,
)

ON_ACTION = {"action_pk": "action_a"}
# Only the board manager of the action's partnership decides.
BOARD_MANAGER_OF_ACTION = CHANGE_ACTION
# Evidence files: whoever reads the action, never scrutiny members, never another agency.
READ_EVIDENCE = READ_ACTION

ROWS = (
    # The agency lead's side: only the lead of the action's agency posts; other agencies are
    # not found, readers who cannot post are refused.
    Row("assurance:my_actions", get=LEADS, post=SAME_AS_GET),
    Row("assurance:update_create", kwargs=ON_ACTION, get=LEAD_OF_AGENCY, post=LEAD_OF_AGENCY),
    Row("assurance:due_date_request", kwargs=ON_ACTION, get=LEAD_OF_AGENCY, post=LEAD_OF_AGENCY),
    # The board manager's side.
    Row("assurance:review_queue", get=BOARD_MANAGERS, post=SAME_AS_GET),
    Row(
        "assurance:update_judge",
        kwargs={"pk": "update_a"},
        get=BOARD_MANAGER_OF_ACTION,
        post=BOARD_MANAGER_OF_ACTION,
    ),
    Row(
        "assurance:due_date_decide",
        kwargs={"pk": "due_date_request_a"},
        get=BOARD_MANAGER_OF_ACTION,
        post=BOARD_MANAGER_OF_ACTION,
    ),
    Row(
        "assurance:action_close",
        kwargs=ON_ACTION,
        get=BOARD_MANAGER_OF_ACTION,
        post=BOARD_MANAGER_OF_ACTION,
    ),
    # A completion recorded with no evidence: ask the agency for it, or record what the board
    # has seen. An empty POST is answered with the form's errors.
    Row(
        "assurance:evidence_ask",
        kwargs=ON_ACTION,
        get=BOARD_MANAGER_OF_ACTION,
        post=BOARD_MANAGER_OF_ACTION,
    ),
    Row(
        "assurance:board_evidence",
        kwargs=ON_ACTION,
        get=BOARD_MANAGER_OF_ACTION,
        post=BOARD_MANAGER_OF_ACTION,
    ),
    # Both fields are optional, but the service asks for one of them: its error, 200.
    Row(
        "assurance:action_impact",
        kwargs=ON_ACTION,
        get=BOARD_MANAGER_OF_ACTION,
        post=BOARD_MANAGER_OF_ACTION,
    ),
    # Evidence files leave the app only through here, and every download is logged.
    Row(
        "assurance:evidence_download",
        kwargs={"pk": "evidence_a"},
        get=READ_EVIDENCE,
    ),
    # The same checked, logged view, inline, for the judge page's previews of images and PDFs.
    Row(
        "assurance:evidence_preview",
        kwargs={"pk": "evidence_a"},
        get=READ_EVIDENCE,
    ),
    Row("assurance:access_log", get=BOARD_MANAGERS_AND_ADMINISTRATORS, post=SAME_AS_GET),
)
