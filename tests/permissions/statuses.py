"""The eight roles and the named profiles the rows are written with. A profile is a dict
{role: status} naming every role; `statuses()` builds one from what the signed-in roles answer
and the roles that differ, and `profile | {"role": status}` changes one role for one row.

lead_a's agency owns action_a; lead_b leads another agency of the same partnership, with an
action on the same recommendation (so lead_b reads the review and the recommendation, not
action_a). The scrutiny member reads only the reports issued to their board. The outsider is a
board manager of another partnership."""

ROLES = (
    "anonymous",
    "board_manager",
    "lead_a",
    "lead_b",
    "scrutiny_member",
    "scrutineer",
    "administrator",
    "outsider",
)
SIGNED_IN = ROLES[1:]

Statuses = dict[str, int]


def statuses(signed_in: int, *, anonymous: int = 302, **roles: int) -> Statuses:
    """Every signed-in role answers `signed_in` but the ones named; an anonymous visitor is
    sent to sign in (302) unless `anonymous` says otherwise."""
    unknown = set(roles) - set(SIGNED_IN)
    if unknown:
        raise ValueError(f"Not roles: {sorted(unknown)}")
    return {"anonymous": anonymous, **{role: roles.get(role, signed_in) for role in SIGNED_IN}}


def allowed_then(profile: Statuses, status: int) -> Statuses:
    """The profile with every allowed role (200) answered `status` instead: for a POST that
    does what it says (archives, discards) and redirects."""
    return {role: status if answer == 200 else answer for role, answer in profile.items()}


# Open to everyone, signed in or not.
EVERYONE = statuses(200, anonymous=200)
# Anyone signed in.
SIGNED_IN_ONLY = statuses(200)
# Redirected, whoever asks (to sign in, or on to another page).
REDIRECTED = statuses(302)
# A POST-only URL: GET is refused.
POST_ONLY = statuses(405)

# Lists, downloads of lists, dashboard and search: every role that reads actions, each within
# their own scope; scrutiny members read issued reports only.
LIST = statuses(200, scrutiny_member=403)
# Adding a review, composing a report, uploading a plan, the review queue: board managers, each
# for their own partnership (so the outsider too).
BOARD_MANAGERS = statuses(403, board_manager=200, outsider=200)
# Board managers (of any partnership) and administrators: curating the shared themes, the
# access log.
BOARD_MANAGERS_AND_ADMINISTRATORS = statuses(
    403, board_manager=200, administrator=200, outsider=200
)
ADMINISTRATORS = statuses(403, administrator=200)
# Agency leads only: "My actions".
LEADS = statuses(403, lead_a=200, lead_b=200)

# The review, its recommendation and their pages: the partnership reads them, the scrutiny
# member and the outsider do not find them.
READ = statuses(200, scrutiny_member=404, outsider=404)
# Changing them: the partnership's board manager; readers who may not change are refused.
CHANGE = statuses(403, board_manager=200, scrutiny_member=404, outsider=404)
# action_a and what hangs from it: not found for lead_b (another agency) either.
READ_ACTION = READ | {"lead_b": 404}
CHANGE_ACTION = CHANGE | {"lead_b": 404}
# Progress updates and due date requests on action_a: the lead of its agency.
LEAD_OF_AGENCY = statuses(403, lead_a=200, lead_b=404, scrutiny_member=404, outsider=404)
