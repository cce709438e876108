"""Who may manage accounts and the installation. Only administrators invite people."""

import rules

from . import predicates
from .predicates import is_administrator

rules.add_perm("scr_tracker.invite_user", is_administrator)
# The Django admin (users, agencies, configuration) is the administrators' alone.
rules.add_perm("scr_tracker.open_admin", is_administrator)

# Personal API tokens (assurance/api/): the roles that read lists hold them; scrutiny members,
# who read issued reports only, do not. A token is revoked by its owner or an administrator.
_holds_api_token = (
    predicates.is_board_manager
    | predicates.is_scrutineer
    | predicates.is_administrator
    | predicates.is_agency_lead
)


@rules.predicate
def owns_token(user, token):
    return token is not None and token.user_id == user.pk


rules.add_perm("scr_tracker.add_api_token", _holds_api_token)
rules.add_perm("scr_tracker.use_api", _holds_api_token)
rules.add_perm("scr_tracker.revoke_api_token", owns_token | is_administrator)


# Background work (scr_tracker/jobs/): a job and its file are seen by the person who asked for
# it, and nobody else (Job.objects.for_user already leaves out everyone else's).
@rules.predicate
def asked_for_job(user, job):
    return job is not None and job.user_id == user.pk


rules.add_perm("scr_tracker.view_job", asked_for_job)
