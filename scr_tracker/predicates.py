"""Role predicates shared by every app's rules.py. Each app declares its permissions once."""

import rules

from .models import Role


@rules.predicate
def is_board_manager(user):
    return user.is_authenticated and user.role == Role.BOARD_MANAGER


@rules.predicate
def is_agency_lead(user):
    return user.is_authenticated and user.role == Role.AGENCY_LEAD


@rules.predicate
def is_administrator(user):
    return user.is_authenticated and user.role == Role.ADMINISTRATOR


@rules.predicate
def reads_whole_partnership(user):
    return user.is_authenticated and user.reads_whole_partnership


def in_partnership_of(get_partnership_id):
    """A predicate true when the object's partnership is the user's own."""

    @rules.predicate
    def predicate(user, obj):
        if obj is None:
            return True
        return user.partnership_id is not None and get_partnership_id(obj) == user.partnership_id

    return predicate
