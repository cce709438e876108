"""A board manager preparing for a subgroup meeting filters the dashboard to one agency's actions
on the reviews agreed in two years, reads the heading that says so, and follows a figure and a
chart bar to the Actions list showing exactly what they count: with JavaScript and without."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from fixtures.demo.data import DEMO_PASSWORD, load_demo

from .steps import (
    choose,
    expect_heading,
    fill_date,
    follow,
    menu_link,
    sign_in,
    submit,
    visit,
)

pytestmark = pytest.mark.browser
AGENCY = "Children's social care"
HEADING = f"Dashboard: {AGENCY}, reviews agreed 2016–2017"


@pytest.fixture
def demo(transactional_db):
    """The demo data, and every view imported before the first page is asked for (on a busy
    machine importing them all inside the first request can outlast the browser's timeout)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the views
    load_demo()


def _result_count(page) -> int:
    text = page.locator("#result-count").inner_text().strip()
    if text.startswith("No "):
        return 0
    return int(re.match(r"([\d,]+)", text).group(1).replace(",", ""))


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_board_manager_filters_the_dashboard_and_follows_its_figures(new_page, demo, javascript):
    page = new_page(java_script_enabled=javascript)
    sign_in(page, "board.manager", DEMO_PASSWORD)
    follow(page, menu_link(page, "Dashboard"))
    expect_heading(page, "Dashboard")

    page.locator("summary", has_text="Filters").click()  # a details element: no script needed
    choose(page, "Agency", AGENCY)
    fill_date(page, "Review agreed on or after", datetime.date(2016, 1, 1))
    fill_date(page, "Review agreed on or before", datetime.date(2017, 12, 31))
    submit(page, "Apply filters")

    expect_heading(page, HEADING)
    assert "agency=" in page.url and "agreed_before_2=2017" in page.url
    # The filters stay chosen, in a panel left open so they can be changed.
    expect(page.get_by_label("Agency", exact=True)).to_have_value(re.compile(r"\d+"))
    overdue = page.get_by_role("link", name=re.compile(r"^\d+ overdue actions?$"))
    counted = int(overdue.inner_text().split()[0])
    assert counted >= 1
    filtered = page.url

    follow(page, overdue)
    expect_heading(page, "Actions")
    assert _result_count(page) == counted
    expect(page.get_by_label("Agency", exact=True).locator("option:checked")).to_have_text(AGENCY)
    expect(page.get_by_role("checkbox", name="Overdue only")).to_be_checked()

    visit(page, filtered)
    expect_heading(page, HEADING)
    bar = page.locator("#chart-rag a").first  # the Red bar of the ratings chart, named in words
    bar_count = int(re.match(r"Red\s*([\d,]+)", bar.text_content()).group(1))
    follow(page, bar)
    expect_heading(page, "Actions")
    assert _result_count(page) == bar_count
    expect(page.get_by_label("Partnership RAG", exact=True).locator("option:checked")).to_have_text(
        "Red"
    )

    visit(page, filtered)
    follow(page, page.get_by_role("link", name="Clear filters"))
    expect_heading(page, "Dashboard")
