"""Every form acts once. Each form a page renders carries a one-time token (`{% form_token %}`
in components/form.html), kept in the session; the view spends it when it acts. A second POST
of the same form (a double click, the browser's back button and resubmit, a resent request)
finds its token spent and does nothing again. Forms whose record has a state the view checks
(judging an update, deciding a date request, archiving) rely on that state instead."""

import secrets

from django.contrib import messages
from django.shortcuts import redirect

FIELD = "form_token"
SESSION_KEY = "form_tokens"
# The newest tokens kept per session: enough for forms left open in many tabs.
KEEP = 50
ALREADY_DONE = "That form had already been sent, so nothing was done again."


def issue(request) -> str:
    """A new token for a form about to be rendered."""
    token = secrets.token_urlsafe(18)
    kept = request.session.get(SESSION_KEY, [])[-(KEEP - 1) :]
    request.session[SESSION_KEY] = [*kept, token]
    return token


def spend(request) -> bool:
    """Spend the posted token: True the first time, False when it was spent already, was
    never issued to this session, or is missing."""
    token = request.POST.get(FIELD, "")
    kept = request.session.get(SESSION_KEY, [])
    if not token or token not in kept:
        return False
    request.session[SESSION_KEY] = [t for t in kept if t != token]
    # Saved now, not with the response: a second click arriving while this request is still
    # working (an upload being scanned, say) finds the token gone.
    request.session.save()
    return True


def already_done(request, to):
    """The answer to a form sent again: say so, and go where the first one went."""
    messages.info(request, ALREADY_DONE)
    return redirect(to)
