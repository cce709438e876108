"""Roll-ups in the browser: a board manager reads where a review stands, follows a count to the
filtered Recommendations list, filters and sorts by rating, and reads a
recommendation's rating; on a phone the review's roll-up counts are on screen. Every page is
checked with axe (see docs/browser-tests.md)."""

import datetime
import re
import urllib.request

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recommendations.models import ActionStatus
from tests.recommendations.factories import ActionFactory, RecommendationFactory

from .steps import choose, follow, open_review, sign_in, submit, visit

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _warm_live_server(live_server):
    """The live server's first request loads the URLconf and templates; on a busy machine that
    can outlast the browser's 15-second wait, so make it before the browser does."""
    url = f"{live_server.url}/accounts/login/"
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - our http server
        assert response.status == 200


@pytest.fixture
def rated_plan(review, agency_a, agency_b):
    today = timezone.localdate()
    red = RecommendationFactory(review=review, number="1", text="Refresh the guidance")
    ActionFactory(recommendation=red, agency=agency_a, status=ActionStatus.ASSURED)
    ActionFactory(recommendation=red, agency=agency_b, due_date=today - datetime.timedelta(9))
    partly = RecommendationFactory(review=review, number="2", text="Audit the chronologies")
    ActionFactory(recommendation=partly, agency=agency_a, status=ActionStatus.ASSURED)
    ActionFactory(
        recommendation=partly,
        agency=agency_b,
        status=ActionStatus.NOT_IMPLEMENTED,
        not_implemented_reason="Service decommissioned",
    )
    RecommendationFactory(review=review, number="3", text="Nothing agreed yet")
    return review


def test_board_manager_follows_the_roll_up_to_the_recommendations(rated_plan, board_manager, page):
    sign_in(page, "board.manager")
    open_review(page, "Baby F")
    table = page.get_by_role("table", name="Recommendations and actions by rating")
    expect(table).to_contain_text("Partly implemented")
    expect(page.get_by_text("1 of 2 actions assured, 1 overdue")).to_be_visible()

    follow(page, table.get_by_role("link", name="1 Red recommendations"))
    expect(page.get_by_role("table")).to_contain_text("Refresh the guidance")
    expect(page.get_by_role("table")).not_to_contain_text("Audit the chronologies")

    choose(page, "Rating", "Partly implemented")
    submit(page, "Apply filters")
    expect(page.get_by_role("table")).to_contain_text("1 of 2 actions assured, 1 not implemented")
    expect(page.get_by_role("table")).not_to_contain_text("Refresh the guidance")

    choose(page, "Rating", "Any rating")
    submit(page, "Apply filters")
    follow(page, page.get_by_role("link", name=re.compile(r"^Rating\W+sort ascending")))
    rows = page.locator("tbody tr")
    expect(rows.nth(0)).to_contain_text("Refresh the guidance")
    expect(rows.nth(2)).to_contain_text("No actions agreed")

    follow(page, rows.nth(1).get_by_role("link").nth(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendation 2")
    expect(
        page.get_by_text("every action is closed: some assured, some not implemented")
    ).to_be_visible()


@pytest.mark.parametrize("width", [320, 375])
def test_on_a_phone_the_review_roll_up_counts_are_on_screen(
    rated_plan, board_manager, new_page, width
):
    page = new_page(viewport={"width": width, "height": 800})
    sign_in(page, "board.manager")
    visit(page, rated_plan.get_absolute_url())
    table = page.get_by_role("table", name="Recommendations and actions by rating")
    total = table.get_by_role("row").filter(has_text="Total")
    for cell in total.get_by_role("cell").all():
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (
            cell.inner_text(),
            box,
        )
