"""The API against its own OpenAPI document (schemathesis, through the Django WSGI app): for
every operation, requests generated from the document, valid (positive) and invalid
(negative), with a board manager's and an agency lead's tokens over a small world of data.
No answer may be a server error, and every answer must conform to the document (status codes,
content types, headers, response bodies).

One check is left out: `positive_data_acceptance`. A record filter (`?agency=`, `?review=`,
`?theme=`) that is a well-formed id but names nothing in the user's scope is refused with 400,
as the page's filter refuses it; the document cannot say which ids are in someone's scope.

Schemathesis's pytest plugin does not run under this pytest, so each operation's strategy is
driven with Hypothesis directly."""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from .conftest import make_token
from .data import build_world

MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
# More with SCR_API_FUZZ_EXAMPLES=200 (each example is two requests).
EXAMPLES = int(os.environ.get("SCR_API_FUZZ_EXAMPLES", "25"))


@pytest.fixture
def api_schema(db):
    """The document, loaded through the WSGI app. As Django's test client does, requests do
    not close the database connection when they finish (it holds the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(settings, partnership, other_partnership, agency_a, agency_b, lead_a, board_manager):
    settings.API_RATE_LIMIT_PER_MINUTE = 1_000_000
    build_world(
        partnership=partnership,
        other_partnership=other_partnership,
        agency_a=agency_a,
        agency_b=agency_b,
        lead_a=lead_a,
    )
    return [make_token(board_manager), make_token(lead_a)]


def _operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def test_the_document_describes_every_endpoint(api_schema):
    labels = {operation.label for operation in _operations(api_schema)}
    assert labels == {
        f"GET /api/v1/{path}"
        for path in [
            "reviews/",
            "reviews/{id}/",
            "recommendations/",
            "recommendations/{id}/",
            "actions/",
            "actions/{id}/",
            "progress-updates/",
            "assurance-statements/",
            "themes/",
            "dashboard/",
        ]
    }


@pytest.mark.parametrize("mode", MODES, ids=lambda mode: mode.value)
def test_the_api_keeps_to_its_document(api_schema, tokens, mode):
    statuses = {}
    for operation in _operations(api_schema):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            # A negative case that leaves out (or spoils) the token is sent as generated, to
            # be refused; every other case is sent with each real token.
            negated = api_schema.is_security_param_negated(case)
            for raw in [None] if negated else tokens:
                headers = {} if raw is None else {"Authorization": f"Bearer {raw}"}
                response = case.call_and_validate(
                    headers=headers, excluded_checks=[positive_data_acceptance]
                )
                assert response.status_code < 500, (case.path, case.query, response.text)
                statuses.setdefault(case.operation.label, set()).add(response.status_code)

        check()
    # Every operation was called, and the valid requests were answered.
    assert len(statuses) == 10
    if mode == schemathesis.GenerationMode.POSITIVE:
        assert all(200 in found or 404 in found for found in statuses.values()), statuses
