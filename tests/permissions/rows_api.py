"""The read-only API (/api/v1/, docs/api.md) and the personal token pages.

This matrix signs people in with a session, which the API never accepts: every data endpoint
answers 401 to everyone here, and every API URL refuses POST (405). What a *token* reads, role
by role and token state by token state, is the API's own matrix:
tests/api/test_api_permissions.py."""

from .row import Row
from .statuses import EVERYONE, statuses

SESSION_REFUSED = statuses(401, anonymous=401)
# Scrutiny members hold no token.
TOKEN_HOLDERS = statuses(200, scrutiny_member=403)
# The board manager's token: its owner and administrators find it; nobody else.
TOKEN_OWNER_OR_ADMINISTRATOR = statuses(404, board_manager=200, administrator=200)

ROWS = (
    # An empty POST: the form again, with its errors.
    Row("accounts:api_token_create", get=TOKEN_HOLDERS, post=TOKEN_HOLDERS),
    Row(
        "accounts:api_token_revoke",
        kwargs={"pk": "api_token"},
        get=TOKEN_OWNER_OR_ADMINISTRATOR,
        post=TOKEN_OWNER_OR_ADMINISTRATOR,
    ),
    # The API's index and description need no token and show no data.
    Row("api:api-root", get=EVERYONE),
    Row("api:openapi-json", get=EVERYONE),
    *(
        Row(f"api:{name}", get=SESSION_REFUSED)
        for name in (
            "reviews",
            "recommendations",
            "actions",
            "progress_updates",
            "assurance_statements",
            "themes",
            "dashboard",
        )
    ),
    Row("api:review", kwargs={"id": "review"}, get=SESSION_REFUSED),
    Row(
        "api:recommendation",
        kwargs={"id": "recommendation"},
        get=SESSION_REFUSED,
    ),
    Row("api:action", kwargs={"id": "action_a"}, get=SESSION_REFUSED),
)
