"""Role fixtures: a partnership with two agencies, a user per role, an outsider from another
partnership, and a small action plan touching both agencies. Each is built by tests/roles.py."""

import pytest

from tests import roles


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: the dashboard keeps its trend there, keyed by
    history ids that a rolled-back SQLite test can hand out again."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def partnership(db):
    return roles.partnership()


@pytest.fixture
def other_partnership(db):
    return roles.other_partnership()


@pytest.fixture
def agency_a(partnership):
    return roles.agency_a(partnership)


@pytest.fixture
def agency_b(partnership):
    return roles.agency_b(partnership)


@pytest.fixture
def board_manager(partnership):
    return roles.board_manager(partnership)


@pytest.fixture
def lead_a(partnership, agency_a):
    return roles.lead_a(partnership, agency_a)


@pytest.fixture
def lead_b(partnership, agency_b):
    return roles.lead_b(partnership, agency_b)


@pytest.fixture
def scrutiny_member(partnership):
    return roles.scrutiny_member(partnership)


@pytest.fixture
def scrutineer(partnership):
    return roles.scrutineer(partnership)


@pytest.fixture
def administrator(partnership):
    return roles.administrator(partnership)


@pytest.fixture
def outsider(other_partnership):
    return roles.outsider(other_partnership)


@pytest.fixture
def review(partnership):
    return roles.review(partnership)


@pytest.fixture
def recommendation(review):
    return roles.recommendation(review)


@pytest.fixture
def action_a(recommendation, agency_a):
    return roles.action_a(recommendation, agency_a)


@pytest.fixture
def action_b(recommendation, agency_b):
    return roles.action_b(recommendation, agency_b)


@pytest.fixture
def plan(review, recommendation, action_a, action_b):
    """A review whose one recommendation has an action for each agency."""
    return review
