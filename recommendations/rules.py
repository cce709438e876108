"""Who may change recommendations and actions. Reading is scoped by the `for_user` querysets."""

import rules

from scr_tracker.predicates import in_partnership_of, is_board_manager

in_recommendation_partnership = in_partnership_of(lambda rec: rec.review.partnership_id)
in_action_partnership = in_partnership_of(
    lambda action: action.recommendation.review.partnership_id
)

# Adding a recommendation is checked against its review; an action against its recommendation.
rules.add_perm(
    "recommendations.add_recommendation",
    is_board_manager & in_partnership_of(lambda review: review.partnership_id),
)
rules.add_perm(
    "recommendations.change_recommendation", is_board_manager & in_recommendation_partnership
)
rules.add_perm(
    "recommendations.archive_recommendation", is_board_manager & in_recommendation_partnership
)
rules.add_perm("recommendations.add_action", is_board_manager & in_recommendation_partnership)
rules.add_perm("recommendations.change_action", is_board_manager & in_action_partnership)
rules.add_perm("recommendations.archive_action", is_board_manager & in_action_partnership)

# Importing action plans from spreadsheets: board managers, into their own partnership. Checked
# against a review or an import batch (both carry partnership_id), or with no object for the
# upload page.
rules.add_perm(
    "recommendations.import_action_plan",
    is_board_manager & in_partnership_of(lambda obj: obj.partnership_id),
)
