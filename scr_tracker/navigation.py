"""The service navigation: one list, filtered by what the signed-in user may open."""

from dataclasses import dataclass

from django.urls import reverse

from .models import Role

_ALL_BUT_SCRUTINY = {Role.ADMINISTRATOR, Role.BOARD_MANAGER, Role.AGENCY_LEAD, Role.SCRUTINEER}
_REPORT_READERS = {Role.BOARD_MANAGER, Role.SCRUTINEER, Role.SCRUTINY_MEMBER}

NAVIGATION = [
    # (label, url name, roles that see it)
    ("Reviews", "reviews:list", _ALL_BUT_SCRUTINY),
    ("Administration", "admin:index", {Role.ADMINISTRATOR}),
    ("Invite a user", "accounts:invite", {Role.ADMINISTRATOR}),
    ("My actions", "assurance:my_actions", {Role.AGENCY_LEAD}),
    ("Review queue", "assurance:review_queue", {Role.BOARD_MANAGER}),
    ("Access log", "assurance:access_log", {Role.BOARD_MANAGER, Role.ADMINISTRATOR}),
    ("Reports", "assurance:reports:register", _REPORT_READERS),
]


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


def navigation_for(request) -> list[NavItem]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for label, url_name, roles in NAVIGATION:
        if user.role in roles:
            url = reverse(url_name)
            items.append(NavItem(label, url, request.path.startswith(url)))
    return items
