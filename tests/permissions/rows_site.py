"""The home page, the accessibility statement and the health checks."""

from .row import SAME_AS_GET, Row
from .statuses import EVERYONE, REDIRECTED

ROWS = (
    # Each role is sent on to the page it works from; an anonymous visitor to sign in.
    Row("home", get=REDIRECTED, post=SAME_AS_GET),
    Row("accessibility", get=EVERYONE, post=SAME_AS_GET),
    # Open without signing in, GET (and HEAD) only.
    Row("healthz", get=EVERYONE),
    Row("readyz", get=EVERYONE),
)
