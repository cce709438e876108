"""Who may manage accounts and the installation. Only administrators invite people."""

import rules

from .predicates import is_administrator

rules.add_perm("scr_tracker.invite_user", is_administrator)
# The Django admin (users, agencies, configuration) is the administrators' alone.
rules.add_perm("scr_tracker.open_admin", is_administrator)
