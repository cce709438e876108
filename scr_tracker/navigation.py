"""The service navigation: one list, filtered by what the signed-in user may open."""

from dataclasses import dataclass

from django.urls import reverse

from .models import Role

_ALL_BUT_SCRUTINY = {Role.ADMINISTRATOR, Role.BOARD_MANAGER, Role.AGENCY_LEAD, Role.SCRUTINEER}
_REPORT_READERS = {Role.BOARD_MANAGER, Role.SCRUTINEER, Role.SCRUTINY_MEMBER}

NAVIGATION = [
    # (label, url name, roles that see it), in the order people work
    ("Dashboard", "assurance:dashboard", _ALL_BUT_SCRUTINY),
    ("My actions", "assurance:my_actions", {Role.AGENCY_LEAD}),
    ("Review queue", "assurance:review_queue", {Role.BOARD_MANAGER}),
    ("Reviews", "assurance:review_list", _ALL_BUT_SCRUTINY),
    ("Recommendations", "assurance:recommendation_list", _ALL_BUT_SCRUTINY),
    ("Actions", "assurance:action_list", _ALL_BUT_SCRUTINY),
    ("Reports", "assurance:reports:register", _REPORT_READERS),
    ("Themes", "reviews:theme_list", _ALL_BUT_SCRUTINY),
    ("Search", "assurance:search", _ALL_BUT_SCRUTINY),
    ("Access log", "assurance:access_log", {Role.BOARD_MANAGER, Role.ADMINISTRATOR}),
    ("Administration", "admin:index", {Role.ADMINISTRATOR}),
    ("Invite a user", "accounts:invite", {Role.ADMINISTRATOR}),
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
    links = [(label, reverse(name)) for label, name, roles in NAVIGATION if user.role in roles]
    # The longest matching link is current: /reviews/themes/ is Themes, not Reviews.
    current = max((url for _, url in links if request.path.startswith(url)), key=len, default=None)
    return [NavItem(label, url, url == current) for label, url in links]
