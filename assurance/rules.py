"""Who may do what in the assurance workflow. Reading is scoped by the `for_user` querysets:
what a user may not read answers 404 before any of these rules is asked."""

import rules

from recommendations.models import OPEN_STATUSES
from scr_tracker.predicates import (
    in_own_partnership,
    is_administrator,
    is_agency_lead,
    is_board_manager,
    is_scrutineer,
    is_scrutiny_member,
    reads_whole_partnership,
)


def agency_ids(user) -> set[int]:
    """The user's agencies, read once per request."""
    if not hasattr(user, "_agency_ids"):
        user._agency_ids = set(user.agencies.values_list("pk", flat=True))
    return user._agency_ids


@rules.predicate
def leads_action_agency(user, action):
    """The user is a lead of the agency that owns the action."""
    return action is not None and action.agency_id in agency_ids(user)


@rules.predicate
def action_is_open(user, action):
    return action is not None and action.status in OPEN_STATUSES and not action.is_archived


# Assurance statements are the board's judgement, written by the board manager.
rules.add_perm("assurance.change_assurancestatement", is_board_manager & in_own_partnership)

# Agency leads report on their own agency's open actions: updates, evidence, date requests.
rules.add_perm("assurance.post_update", is_agency_lead & leads_action_agency & action_is_open)
rules.add_perm(
    "assurance.request_due_date_change", is_agency_lead & leads_action_agency & action_is_open
)
rules.add_perm("assurance.view_my_actions", is_agency_lead)

# The board manager judges evidence (and so assures actions) and decides date requests.
# A lead can never judge or assure, even their own agency's work.
rules.add_perm("assurance.judge_update", is_board_manager & in_own_partnership)
rules.add_perm(
    "assurance.decide_due_date",
    is_board_manager & in_own_partnership,
)
rules.add_perm("assurance.view_review_queue", is_board_manager)
# A completion recorded with no evidence (the "Already actioned" timescale, an import, an
# edit): the board manager asks the agency for the evidence, or records what the board has
# seen itself and then judges it as any other.
rules.add_perm("assurance.ask_for_evidence", is_board_manager & in_own_partnership & action_is_open)
rules.add_perm(
    "assurance.record_board_evidence", is_board_manager & in_own_partnership & action_is_open
)

# The access log: board managers (their partnership's entries) and administrators.
rules.add_perm("assurance.view_accesslog", is_board_manager | is_administrator)


# Reports (assurance/reports/). Who reads which issued report is scoped by
# IssuedReport.objects.for_user; composing, previewing drafts and issuing are the board manager's.
reads_issued_reports = is_board_manager | is_scrutineer | is_scrutiny_member
reads_report_details = (is_board_manager | is_scrutineer) & in_own_partnership

rules.add_perm("assurance.list_issuedreport", reads_issued_reports)
rules.add_perm("assurance.add_issuedreport", is_board_manager)
rules.add_perm("assurance.view_issuedreport_details", reads_report_details)
rules.add_perm("assurance.archive_issuedreport", is_board_manager & in_own_partnership)

# The dashboard and search: board roles see the partnership, agency leads their own agencies'
# actions (every figure is counted from the for_user querysets); scrutiny members neither.
rules.add_perm("assurance.view_dashboard", reads_whole_partnership | is_agency_lead)
rules.add_perm("assurance.search", reads_whole_partnership | is_agency_lead)
