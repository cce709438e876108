"""Permission matrix entries (the existing format, merged by tests/scr_tracker/test_permissions.py)
for the API and the token pages. Columns: anonymous, board_manager, lead_a, lead_b,
scrutiny_member, scrutineer, administrator, outsider.

That matrix signs people in with a session: the API never accepts one, so every data endpoint
answers 401 to everyone there. What a *token* reads, role by role and token state by token
state, is the API's own matrix: tests/api/test_api_permissions.py."""

from scr_tracker.accounts import services

SESSION_REFUSED = (401,) * 8
EVERYONE = (200,) * 8

MATRIX = {
    # The token pages (account security). Scrutiny members hold no token.
    "accounts:api_token_create": ((302, 200, 200, 200, 403, 200, 200, 200), {}),
    # The board manager's token: its owner and administrators find it; nobody else.
    "accounts:api_token_revoke": ((302, 200, 404, 404, 404, 404, 200, 404), {"pk": "api_token"}),
    # The API: its index and description need no token and show no data.
    "api:api-root": (EVERYONE, {}),
    "api:openapi-json": (EVERYONE, {}),
    "api:reviews": (SESSION_REFUSED, {}),
    "api:review": (SESSION_REFUSED, {"id": "review"}),
    "api:recommendations": (SESSION_REFUSED, {}),
    "api:recommendation": (SESSION_REFUSED, {"id": "recommendation"}),
    "api:actions": (SESSION_REFUSED, {}),
    "api:action": (SESSION_REFUSED, {"id": "action_a"}),
    "api:progress_updates": (SESSION_REFUSED, {}),
    "api:assurance_statements": (SESSION_REFUSED, {}),
    "api:themes": (SESSION_REFUSED, {}),
    "api:dashboard": (SESSION_REFUSED, {}),
}


def make_objects(core, request):
    owner = request.getfixturevalue("board_manager")
    token, _raw = services.api_token_create(user=owner, name="Power BI", days=90)
    return {"api_token": token}
