"""Who may do what in the assurance workflow. Reading is scoped by the `for_user` querysets."""

import rules

from scr_tracker.predicates import in_partnership_of, is_agency_lead, is_board_manager
from scr_tracker.predicates import reads_whole_partnership

in_recommendation_partnership = in_partnership_of(lambda rec: rec.review.partnership_id)

# Assurance statements are the board's judgement, written by the board manager.
rules.add_perm("assurance.change_assurancestatement", is_board_manager & in_recommendation_partnership)

# The dashboard and search: board roles see the partnership, agency leads their own agencies'
# actions (every figure is counted from the for_user querysets); scrutiny members neither.
rules.add_perm("assurance.view_dashboard", reads_whole_partnership | is_agency_lead)
rules.add_perm("assurance.search", reads_whole_partnership | is_agency_lead)
