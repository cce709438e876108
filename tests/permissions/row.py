"""One row of the matrix: a URL name, the objects its path points at, and what every role is
answered on GET and on POST."""

from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass, field

from django.urls import reverse

from .statuses import ROLES, Statuses


class _SameAsGet:
    def __repr__(self):
        return "SAME_AS_GET"


#: `post=SAME_AS_GET`: a page that only shows something but does not refuse POST yet (its view
#: has no @require_safe), so a POST is answered exactly as a GET. Each one is a gap to close:
#: once the view refuses POST, drop the marker and the row falls under the GET-only rule.
SAME_AS_GET = _SameAsGet()


@dataclass(frozen=True)
class Row:
    """`Row("assurance:action_detail", kwargs={"pk": "action_a"}, get=READ_ACTION)`.

    - `kwargs`: the URL's path arguments, each naming an object of the world (world.py); a
      model object stands for its pk, anything else for itself.
    - `get`: {role: status} for a GET.
    - `post`: {role: status} for an empty POST, for a URL that takes a POST. Anonymous is sent
      to sign in (302), a role outside the object's scope gets 404, one in scope but not
      allowed 403, an allowed one whatever the view answers an empty POST (200 with the form's
      errors, or a 302 when an empty POST is enough to do the thing).
      Left out (None): the URL answers GET only, and a POST is refused (`post_statuses`).
    """

    name: str
    _: KW_ONLY
    get: Statuses
    post: Statuses | _SameAsGet | None = None
    kwargs: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self):
        for method, profile in (("get", self.get), ("post", self.post)):
            if isinstance(profile, dict) and set(profile) != set(ROLES):
                raise ValueError(f"{self.name}: {method} must name every role, {ROLES}")

    @property
    def takes_post(self) -> bool:
        return isinstance(self.post, dict)

    def post_statuses(self) -> Statuses:
        """What an empty POST is answered. A GET-only URL refuses it (405), except to whoever
        is redirected before the view is reached (an anonymous visitor sent to sign in, a
        session without a verified second factor)."""
        if isinstance(self.post, dict):
            return self.post
        if self.post is SAME_AS_GET:
            return self.get
        return {role: 302 if status == 302 else 405 for role, status in self.get.items()}

    def url(self, world: Mapping) -> str:
        values = {key: world[name] for key, name in self.kwargs.items()}
        return reverse(self.name, kwargs={key: getattr(v, "pk", v) for key, v in values.items()})

    def __str__(self):
        return self.name
