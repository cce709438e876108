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

# Themes are one vocabulary shared by every partnership: board managers curate it (every
# version is kept), everyone who reads reviews sees it and how often each theme recurs.
rules.add_perm("reviews.list_theme", reads_whole_partnership | is_agency_lead)
rules.add_perm("reviews.add_theme", is_board_manager | is_administrator)
rules.add_perm("reviews.change_theme", is_board_manager | is_administrator)
