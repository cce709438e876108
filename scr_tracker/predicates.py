"""Every predicate the apps' rules.py files are written with: the roles, and the one partnership
rule. Each app declares its permissions once, from these; the navigation asks the same rules."""

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
def is_scrutineer(user):
    return user.is_authenticated and user.role == Role.SCRUTINEER


@rules.predicate
def is_scrutiny_member(user):
    return user.is_authenticated and user.role == Role.SCRUTINY_MEMBER


@rules.predicate
def reads_whole_partnership(user):
    return user.is_authenticated and user.reads_whole_partnership


@rules.predicate
def in_own_partnership(user, obj):
    """The object belongs to the user's partnership. Every object the rules are asked about
    says which partnership it belongs to as `partnership_id` (a field or a property); with no
    object (a page that creates, or a list) there is nothing to compare."""
    if obj is None:
        return True
    return user.partnership_id is not None and obj.partnership_id == user.partnership_id
