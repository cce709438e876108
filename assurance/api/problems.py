"""Problem details (RFC 9457): every refusal the API makes is a JSON object with `type`,
`title`, `status` and `detail`, and `parameter` when one query parameter is at fault."""

from django.http import JsonResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"
# The type names the kind of problem, stably (docs/api.md lists them); HTTP's own kinds
# (404, 405) are "about:blank", as RFC 9457 says.
TYPE_BASE = "urn:scr-tracker:api:problem:"


class ApiProblem(Exception):
    """Raised anywhere in the API to answer with a problem document."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        kind: str | None = None,
        parameter: str | None = None,
        headers: dict | None = None,
    ):
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.kind = kind
        self.parameter = parameter
        self.headers = headers or {}


def problem_response(problem: ApiProblem, request=None) -> JsonResponse:
    body = {
        "type": f"{TYPE_BASE}{problem.kind}" if problem.kind else "about:blank",
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
    }
    if request is not None:
        body["instance"] = request.path
    if problem.parameter is not None:
        body["parameter"] = problem.parameter
    response = JsonResponse(body, status=problem.status, content_type=PROBLEM_CONTENT_TYPE)
    for name, value in problem.headers.items():
        response[name] = value
    return response


def bad_parameter(parameter: str, detail: str) -> ApiProblem:
    return ApiProblem(
        400, "Bad query parameter", detail, kind="invalid-parameter", parameter=parameter
    )


def not_found() -> ApiProblem:
    # Exactly as the pages: what the user may not see does not exist.
    return ApiProblem(404, "Not found", "There is nothing at this address that you can see.")


WWW_AUTHENTICATE = 'Bearer realm="SCR Tracker API"'


def unauthorised(detail: str, *, invalid_token: bool) -> ApiProblem:
    challenge = WWW_AUTHENTICATE
    if invalid_token:
        challenge += f', error="invalid_token", error_description="{detail}"'
    return ApiProblem(
        401,
        "Unauthorised",
        detail,
        kind="unauthorised",
        headers={"WWW-Authenticate": challenge},
    )
