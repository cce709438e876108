"""Long pickers: with JavaScript the review filter is GOV.UK's accessible autocomplete (type a
few letters, pick a suggestion, clear it to choose none); without JavaScript it is the plain
select it enhances, and both filter the list the same way. axe-core checks every page, and
the autocomplete again with its suggestions open."""

import re
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.recommendations.factories import ActionFactory, RecommendationFactory
from tests.reviews.factories import ReviewFactory

from .checks import check_page
from .steps import choose, sign_in, submit, visit

pytestmark = pytest.mark.browser


@pytest.fixture
def reviews(live_server, partnership, agency_a, board_manager):
    # The live server's first page can take longer than the browser waits on a busy machine
    # (templates compiled, modules imported): ask for one before the browser does.
    urllib.request.urlopen(f"{live_server.url}/accounts/login/", timeout=120).read()  # noqa: S310
    made = {}
    for reference, title in [
        ("SCR-2016-01", "Baby F"),
        ("SCR-2017-02", "Child G"),
        ("LCSPR-2021-03", "Siblings H and J"),
    ]:
        review = ReviewFactory(partnership=partnership, reference=reference, title=title)
        recommendation = RecommendationFactory(review=review)
        ActionFactory(recommendation=recommendation, agency=agency_a, key_actions=f"Act on {title}")
        made[title] = review
    return made


def expect_listed(page, *titles):
    table = page.get_by_role("table")
    for title in ("Baby F", "Child G", "Siblings H and J"):
        count = 1 if title in titles else 0
        expect(table.get_by_text(f"Act on {title}")).to_have_count(count)


def test_the_review_filter_is_an_autocomplete_with_javascript(reviews, page):
    sign_in(page, "board.manager")
    visit(page, "/assurance/actions/")

    box = page.get_by_role("combobox", name="Review", exact=True)
    expect(box).to_be_visible()
    expect(page.locator("select#id_review-select")).to_be_hidden()
    box.fill("child")
    suggestion = page.get_by_role("option", name="SCR-2017-02: Child G")
    expect(suggestion).to_be_visible()
    expect(page.get_by_role("option", name="SCR-2016-01: Baby F")).to_have_count(0)
    check_page(page, "suggestions open")
    suggestion.click()
    submit(page, "Apply filters")

    assert f"review={reviews['Child G'].pk}" in page.url
    expect_listed(page, "Child G")
    # The filtered page shows the choice in the box; clearing it chooses no review again.
    box = page.get_by_role("combobox", name="Review", exact=True)
    expect(box).to_have_value("SCR-2017-02: Child G")
    box.fill("")
    submit(page, "Apply filters")
    assert "review=&" in page.url or page.url.endswith("review=")
    expect_listed(page, "Baby F", "Child G", "Siblings H and J")

    # The keyboard alone: type, move to a suggestion, confirm with Enter.
    box = page.get_by_role("combobox", name="Review", exact=True)
    box.fill("siblings")
    box.press("ArrowDown")
    expect(page.get_by_role("option", name="LCSPR-2021-03: Siblings H and J")).to_have_class(
        re.compile(r"\bautocomplete__option--focused\b")
    )
    page.keyboard.press("Enter")
    expect(box).to_have_value("LCSPR-2021-03: Siblings H and J")
    submit(page, "Apply filters")
    expect_listed(page, "Siblings H and J")


def test_the_review_filter_is_a_plain_select_without_javascript(reviews, new_page):
    page = new_page(java_script_enabled=False)
    sign_in(page, "board.manager")
    visit(page, "/assurance/actions/")

    expect(page.get_by_role("combobox", name="Review", exact=True)).to_have_count(1)
    expect(page.locator("select#id_review")).to_be_visible()
    choose(page, "Review", "SCR-2016-01: Baby F")
    submit(page, "Apply filters")

    assert f"review={reviews['Baby F'].pk}" in page.url
    expect_listed(page, "Baby F")
    expect(page.locator("select#id_review option:checked")).to_have_text("SCR-2016-01: Baby F")
