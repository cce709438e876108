"""Permission matrix entries for the assurance workflow (issue 3) and evidence files (issue 4).
Columns: anonymous, board_manager, lead_a, lead_b, scrutiny_member, scrutineer, administrator,
outsider. lead_a's agency owns action_a; lead_b leads another agency of the same partnership."""

import datetime

from recommendations.models import DueDateRevision, RevisionState
from tests.assurance.factories import EvidenceFactory, ProgressUpdateFactory

# Only agency leads have "My actions"; only board managers a review queue.
LEADS_ONLY = (302, 403, 200, 200, 403, 403, 403, 403)
BOARD_MANAGERS_ONLY = (302, 200, 403, 403, 403, 403, 403, 200)
# Only the lead of the action's agency posts: other agencies 404, readers who cannot post 403.
LEAD_OF_AGENCY = (302, 403, 200, 404, 404, 403, 403, 404)
# Only the board manager of the action's partnership decides.
BOARD_MANAGER_OF_ACTION = (302, 200, 403, 404, 404, 403, 403, 404)
# Evidence files: whoever reads the action, never scrutiny members, never another agency.
READ_EVIDENCE = (302, 200, 200, 404, 404, 200, 200, 404)
ACCESS_LOG = (302, 200, 403, 403, 403, 403, 200, 200)

MATRIX = {
    "assurance:my_actions": (LEADS_ONLY, {}),
    "assurance:update_create": (LEAD_OF_AGENCY, {"action_pk": "action_a"}),
    "assurance:due_date_request": (LEAD_OF_AGENCY, {"action_pk": "action_a"}),
    "assurance:action_close": (BOARD_MANAGER_OF_ACTION, {"action_pk": "action_a"}),
    "assurance:action_impact": (BOARD_MANAGER_OF_ACTION, {"action_pk": "action_a"}),
    "assurance:review_queue": (BOARD_MANAGERS_ONLY, {}),
    "assurance:update_judge": (BOARD_MANAGER_OF_ACTION, {"pk": "update_a"}),
    "assurance:due_date_decide": (BOARD_MANAGER_OF_ACTION, {"pk": "due_date_request_a"}),
    "assurance:evidence_download": (READ_EVIDENCE, {"pk": "evidence_a"}),
    "assurance:access_log": (ACCESS_LOG, {}),
}


def make_objects(core, request):
    lead_a = request.getfixturevalue("lead_a")
    update = ProgressUpdateFactory(action=core["action_a"], author=lead_a, claims_completion=True)
    evidence = EvidenceFactory(update=update)
    revision = DueDateRevision.objects.create(
        action=core["action_a"],
        timescale="31 March 2031",
        due_date=datetime.date(2031, 3, 31),
        reason="Training venue unavailable until March",
        state=RevisionState.PENDING,
        requested_by=lead_a,
    )
    return {"update_a": update, "evidence_a": evidence, "due_date_request_a": revision}
