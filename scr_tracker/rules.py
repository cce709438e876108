"""Who may manage accounts. Only administrators invite people."""

import rules

from .predicates import is_administrator

rules.add_perm("scr_tracker.invite_user", is_administrator)
