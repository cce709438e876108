"""Who may do what with reviews. Reading is scoped by Review.objects.for_user (404 otherwise);
these rules decide changes (403 otherwise)."""

import rules

from scr_tracker.predicates import (
    in_own_partnership,
    is_administrator,
    is_agency_lead,
    is_board_manager,
    reads_whole_partnership,
)

rules.add_perm("reviews.list_review", reads_whole_partnership | is_agency_lead)
rules.add_perm("reviews.export_review", reads_whole_partnership | is_agency_lead)
rules.add_perm("reviews.add_review", is_board_manager)
rules.add_perm("reviews.change_review", is_board_manager & in_own_partnership)
rules.add_perm("reviews.archive_review", is_board_manager & in_own_partnership)
# The lifecycle: recording a stage as done, or an agreed extension of its deadline.
rules.add_perm("reviews.record_stage", is_board_manager & in_own_partnership)


# Themes: each partnership curates its own (board managers; every version is kept); the
# national list (no partnership) is the administrators' alone. Reading is scoped by
# Theme.objects.for_user: another partnership's themes answer 404.
@rules.predicate
def is_national(user, theme):
    return theme is not None and theme.partnership_id is None


rules.add_perm("reviews.list_theme", reads_whole_partnership | is_agency_lead)
rules.add_perm("reviews.add_theme", is_board_manager | is_administrator)
rules.add_perm(
    "reviews.change_theme",
    (is_board_manager & ~is_national & in_own_partnership) | (is_administrator & is_national),
)
