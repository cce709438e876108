"""The service navigation: one list, filtered by what the signed-in user may open."""

from dataclasses import dataclass

from django.urls import reverse

from .access import can

NAVIGATION = [
    # (label, url name, the permission that opens the page), in the order people work. A link
    # shows exactly when its page would let the user in: the apps' rules.py decide both.
    ("Dashboard", "assurance:dashboard", "assurance.view_dashboard"),
    ("My actions", "assurance:my_actions", "assurance.view_my_actions"),
    ("Review queue", "assurance:review_queue", "assurance.view_review_queue"),
    ("Reviews", "assurance:review_list", "reviews.list_review"),
    ("Recommendations", "assurance:recommendation_list", "recommendations.list_recommendation"),
    ("Actions", "assurance:action_list", "recommendations.list_action"),
    ("Reports", "assurance:reports:register", "assurance.list_issuedreport"),
    ("Themes", "reviews:theme_list", "reviews.list_theme"),
    ("Search", "assurance:search", "assurance.search"),
    ("Access log", "assurance:access_log", "assurance.view_accesslog"),
    ("Administration", "admin:index", "scr_tracker.open_admin"),
    ("Invite a user", "accounts:invite", "scr_tracker.invite_user"),
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
    links = [(label, reverse(name)) for label, name, perm in NAVIGATION if can(user, perm)]
    # The longest matching link is current: /assurance/actions/ is Actions, not a shorter prefix.
    current = max((url for _, url in links if request.path.startswith(url)), key=len, default=None)
    return [NavItem(label, url, url == current) for label, url in links]
