"""Who may change recommendations and actions. Reading is scoped by the `for_user` querysets."""

import rules

from scr_tracker.predicates import (
    in_own_partnership,
    is_agency_lead,
    is_board_manager,
    reads_whole_partnership,
)

# Adding a recommendation is checked against its review; an action against its recommendation.
rules.add_perm(
    "recommendations.add_recommendation",
    is_board_manager & in_own_partnership,
)
rules.add_perm("recommendations.change_recommendation", is_board_manager & in_own_partnership)
rules.add_perm("recommendations.archive_recommendation", is_board_manager & in_own_partnership)
rules.add_perm("recommendations.add_action", is_board_manager & in_own_partnership)
rules.add_perm("recommendations.change_action", is_board_manager & in_own_partnership)
rules.add_perm("recommendations.archive_action", is_board_manager & in_own_partnership)

# Only the board manager assures (through accepting a completion claim's evidence), closes an
# action as not implemented, or records its impact check. Never an agency lead.
rules.add_perm("recommendations.assure_action", is_board_manager & in_own_partnership)
rules.add_perm("recommendations.close_action", is_board_manager & in_own_partnership)
rules.add_perm("recommendations.record_impact", is_board_manager & in_own_partnership)
# The filtered lists and their downloads: everyone who reads actions, each within their scope.
for _perm in ("list_action", "export_action", "list_recommendation", "export_recommendation"):
    rules.add_perm(f"recommendations.{_perm}", reads_whole_partnership | is_agency_lead)

# Importing action plans from spreadsheets: board managers, into their own partnership. Checked
# against a review or an import batch (both carry partnership_id), or with no object for the
# upload page.
rules.add_perm(
    "recommendations.import_action_plan",
    is_board_manager & in_own_partnership,
)
