"""Role fixtures: a partnership with two agencies, a user per role, an outsider from another
partnership, and a small action plan touching both agencies."""

import pytest

from scr_tracker.models import Role
from tests.recommendations.factories import ActionFactory, RecommendationFactory
from tests.reviews.factories import (
    AgencyFactory,
    PartnershipFactory,
    ReviewFactory,
    ScrutinyBoardFactory,
)
from tests.scr_tracker.factories import UserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: the dashboard keeps its trend there, keyed by
    history ids that a rolled-back SQLite test can hand out again."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def partnership(db):
    return PartnershipFactory(name="Coventry Safeguarding Children Partnership")


@pytest.fixture
def other_partnership(db):
    return PartnershipFactory(name="Northfield Safeguarding Children Partnership")


@pytest.fixture
def agency_a(partnership):
    return AgencyFactory(partnership=partnership, name="Health visiting provider")


@pytest.fixture
def agency_b(partnership):
    return AgencyFactory(partnership=partnership, name="Children's social care")


@pytest.fixture
def board_manager(partnership):
    return UserFactory(username="board.manager", role=Role.BOARD_MANAGER, partnership=partnership)


@pytest.fixture
def lead_a(partnership, agency_a):
    return UserFactory(
        username="lead.a", role=Role.AGENCY_LEAD, partnership=partnership, agencies=[agency_a]
    )


@pytest.fixture
def lead_b(partnership, agency_b):
    return UserFactory(
        username="lead.b", role=Role.AGENCY_LEAD, partnership=partnership, agencies=[agency_b]
    )


@pytest.fixture
def scrutiny_member(partnership):
    board = ScrutinyBoardFactory(partnership=partnership, name="Scrutiny Board 2")
    return UserFactory(
        username="scrutiny.member",
        role=Role.SCRUTINY_MEMBER,
        partnership=partnership,
        scrutiny_board=board,
    )


@pytest.fixture
def scrutineer(partnership):
    return UserFactory(username="scrutineer", role=Role.SCRUTINEER, partnership=partnership)


@pytest.fixture
def administrator(partnership):
    return UserFactory(
        username="admin",
        role=Role.ADMINISTRATOR,
        partnership=partnership,
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def outsider(other_partnership):
    return UserFactory(
        username="other.manager", role=Role.BOARD_MANAGER, partnership=other_partnership
    )


@pytest.fixture
def review(partnership):
    return ReviewFactory(partnership=partnership, reference="SCR-BABY-F", title="Baby F")


@pytest.fixture
def recommendation(review):
    return RecommendationFactory(review=review, number="1")


@pytest.fixture
def action_a(recommendation, agency_a):
    return ActionFactory(
        recommendation=recommendation,
        agency=agency_a,
        key_actions="Health visitors attend meetings",
    )


@pytest.fixture
def action_b(recommendation, agency_b):
    return ActionFactory(
        recommendation=recommendation, agency=agency_b, key_actions="Refresh chronology guidance"
    )


@pytest.fixture
def plan(review, recommendation, action_a, action_b):
    """A review whose one recommendation has an action for each agency."""
    return review
