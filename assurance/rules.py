"""Who may do what in the assurance workflow. Reading is scoped by the `for_user` querysets."""

import rules

from scr_tracker.predicates import in_partnership_of, is_board_manager

in_recommendation_partnership = in_partnership_of(lambda rec: rec.review.partnership_id)

# Assurance statements are the board's judgement, written by the board manager.
rules.add_perm(
    "assurance.change_assurancestatement", is_board_manager & in_recommendation_partnership
)
