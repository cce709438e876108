"""The people and the small action plan most tests use: a partnership with two agencies, a user
per role, an outsider from another partnership, and a recommendation with an action for each
agency. tests/conftest.py makes each one a fixture; the permission matrix (tests/permissions/)
builds them all at once with `everyone()`, once per module."""

from scr_tracker.models import Role
from tests.recommendations.factories import ActionFactory, RecommendationFactory
from tests.reviews.factories import (
    AgencyFactory,
    PartnershipFactory,
    ReviewFactory,
    ScrutinyBoardFactory,
)
from tests.scr_tracker.factories import UserFactory


def partnership():
    return PartnershipFactory(name="Coventry Safeguarding Children Partnership")


def other_partnership():
    return PartnershipFactory(name="Northfield Safeguarding Children Partnership")


def agency_a(partnership):
    return AgencyFactory(partnership=partnership, name="Health visiting provider")


def agency_b(partnership):
    return AgencyFactory(partnership=partnership, name="Children's social care")


def board_manager(partnership):
    return UserFactory(username="board.manager", role=Role.BOARD_MANAGER, partnership=partnership)


def lead_a(partnership, agency_a):
    return UserFactory(
        username="lead.a", role=Role.AGENCY_LEAD, partnership=partnership, agencies=[agency_a]
    )


def lead_b(partnership, agency_b):
    return UserFactory(
        username="lead.b", role=Role.AGENCY_LEAD, partnership=partnership, agencies=[agency_b]
    )


def scrutiny_member(partnership):
    board = ScrutinyBoardFactory(partnership=partnership, name="Scrutiny Board 2")
    return UserFactory(
        username="scrutiny.member",
        role=Role.SCRUTINY_MEMBER,
        partnership=partnership,
        scrutiny_board=board,
    )


def scrutineer(partnership):
    return UserFactory(username="scrutineer", role=Role.SCRUTINEER, partnership=partnership)


def administrator(partnership):
    return UserFactory(
        username="admin",
        role=Role.ADMINISTRATOR,
        partnership=partnership,
        is_staff=True,
        is_superuser=True,
    )


def outsider(other_partnership):
    return UserFactory(
        username="other.manager", role=Role.BOARD_MANAGER, partnership=other_partnership
    )


def review(partnership):
    return ReviewFactory(partnership=partnership, reference="SCR-BABY-F", title="Baby F")


def recommendation(review):
    return RecommendationFactory(review=review, number="1")


def action_a(recommendation, agency_a):
    return ActionFactory(
        recommendation=recommendation,
        agency=agency_a,
        key_actions="Health visitors attend meetings",
    )


def action_b(recommendation, agency_b):
    return ActionFactory(
        recommendation=recommendation, agency=agency_b, key_actions="Refresh chronology guidance"
    )


def everyone() -> dict:
    """All of the above, keyed by their fixture names."""
    built = {"partnership": partnership(), "other_partnership": other_partnership()}
    built["agency_a"] = agency_a(built["partnership"])
    built["agency_b"] = agency_b(built["partnership"])
    built["board_manager"] = board_manager(built["partnership"])
    built["lead_a"] = lead_a(built["partnership"], built["agency_a"])
    built["lead_b"] = lead_b(built["partnership"], built["agency_b"])
    built["scrutiny_member"] = scrutiny_member(built["partnership"])
    built["scrutineer"] = scrutineer(built["partnership"])
    built["administrator"] = administrator(built["partnership"])
    built["outsider"] = outsider(built["other_partnership"])
    built["review"] = review(built["partnership"])
    built["recommendation"] = recommendation(built["review"])
    built["action_a"] = action_a(built["recommendation"], built["agency_a"])
    built["action_b"] = action_b(built["recommendation"], built["agency_b"])
    return built
