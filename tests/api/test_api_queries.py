"""Every endpoint runs a fixed number of queries whatever the size of the data: pinned at two
sizes (1 and 8 of everything in tests/api/data.py), for a board manager and an agency lead.
"""

import pytest

from .conftest import make_token
from .data import build_world

# The most queries each endpoint may run, whatever the data size: what it runs (signing in by
# token 1, the access log entry 1, then the endpoint's own) plus 1 for noting when the token
# was last used, which happens at most once a minute.
# The reviews and recommendations run two and one more than they did before the roll-ups:
# the partnership's rating thresholds, and (reviews) their recommendations' roll-ups.
PINNED = {
    "/api/v1/reviews/": 9 + 1,
    "/api/v1/recommendations/": 8 + 1,
    "/api/v1/actions/?overdue=true&agency_rag=none": 8 + 1,
    "/api/v1/actions/": 8 + 1,
    "/api/v1/progress-updates/": 8 + 1,
    "/api/v1/assurance-statements/": 6 + 1,
    "/api/v1/themes/": 5 + 1,
    "/api/v1/dashboard/": 12 + 1,
    "/api/v1/actions/{action}/": 7 + 1,
    "/api/v1/reviews/{review}/": 8 + 1,
    "/api/v1/recommendations/{recommendation}/": 7 + 1,
}


@pytest.mark.parametrize("size", [1, 8])
@pytest.mark.parametrize("role", ["board_manager", "lead_a"])
def test_query_counts_are_pinned_and_flat(
    client,
    request,
    django_assert_max_num_queries,
    partnership,
    other_partnership,
    agency_a,
    agency_b,
    lead_a,
    size,
    role,
):
    world = build_world(
        partnership=partnership,
        other_partnership=other_partnership,
        agency_a=agency_a,
        agency_b=agency_b,
        lead_a=lead_a,
        size=size,
    )
    action = world["actions"][0]
    ids = {
        "action": action.pk,
        "review": world["exempt"].pk,
        "recommendation": action.recommendation_id,
    }
    raw = make_token(request.getfixturevalue(role))
    for path, most in PINNED.items():
        url = path.format(**ids)
        params = {"page_size": 500} if "{" not in path and "dashboard" not in path else {}
        with django_assert_max_num_queries(most):
            response = client.get(url, params, HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert response.status_code == 200, (url, response.content)
