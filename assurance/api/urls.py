"""/api/v1/: the API's URLs, mounted by scr_tracker/urls.py. Every view here is wrapped the same
way: reachable without a session (the token is checked by the API itself, never the session
cookie, so LoginRequiredMiddleware and the MFA middleware stand aside), GET and HEAD only
(everything else 405), and never cached (`Cache-Control: private, no-store`)."""

import functools

from django.http import JsonResponse
from django.urls import URLPattern, re_path, reverse

from .endpoints import api
from .problems import ApiProblem, not_found, problem_response

ALLOWED = ("GET", "HEAD")


def token_view(view):
    """Wrap one API view (see the module docstring)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        head = request.method == "HEAD"
        if request.method not in ALLOWED:
            response = problem_response(
                ApiProblem(
                    405,
                    "Method not allowed",
                    "The API only reads: use GET (or HEAD).",
                    headers={"Allow": ", ".join(ALLOWED)},
                ),
                request,
            )
        else:
            if head:
                request.method = "GET"
            try:
                response = view(request, *args, **kwargs)
            finally:
                if head:
                    request.method = "HEAD"
        if head and not getattr(response, "streaming", False):
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        response["Cache-Control"] = "private, no-store"
        return response

    wrapped.login_required = False  # LoginRequiredMiddleware: the API checks its own token
    wrapped.token_authenticated = True  # MfaRequiredMiddleware: no session here
    wrapped.csrf_exempt = True  # no cookie is ever honoured, so there is nothing to forge
    return wrapped


def index(request):
    """What the API offers: where its description is. Needs no token and shows no data."""
    return JsonResponse(
        {
            "title": api.title,
            "version": api.version,
            "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
            "guide": "docs/api.md",
        }
    )


def nothing_here(request, *args, **kwargs):
    return problem_response(not_found(), request)


def _patterns():
    patterns, _app, _namespace = api.urls
    for pattern in patterns:
        if pattern.name == "api-root":
            pattern = URLPattern(pattern.pattern, index, name="api-root")
        pattern.callback = token_view(pattern.callback)
        yield pattern
    # Any other address under /api/v1/ answers the API's own 404.
    yield re_path(r"^.*$", token_view(nothing_here))


app_name = "api"
urlpatterns = list(_patterns())
