"""On a phone (320 and 375 CSS pixels) every list and the dashboard show each row's link and
rating inside the window, leading the row's card, with nothing to scroll sideways; and the pages
pass axe at that width. The table component does this for every table it renders, so the pages
are walked as the people who use them see them: the board manager's lists, the agency lead's
My actions and the councillor's reports."""

import pytest
from django.urls import reverse

from assurance.models import ReportKind, ReportVersion
from assurance.reports.options import ReportOptions
from assurance.reports.services import report_issue
from fixtures.demo.data import DEMO_PASSWORD, load_demo
from recommendations.models import Action
from reviews.models import Review
from scr_tracker.models import ScrutinyBoard, User

from .steps import expect_no_sideways_scroll, sign_in, visit

pytestmark = pytest.mark.browser

RATINGS = ["Red", "Amber", "Green", "Blue", "Not implemented", "Not rated"]

# What each row of each table shows on the page, measured in the browser: its first link and
# its rating tags, where they are, and whether the cells that hold them come before the others.
MEASURE_ROWS = """ratings => {
  const inside = el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= window.innerWidth;
  };
  const rows = [...document.querySelectorAll("main table.govuk-table > tbody > tr")]
    .filter(row => row.getClientRects().length);
  return rows.map(row => {
    const link = row.querySelector("a");
    const tags = [...row.querySelectorAll(".govuk-tag")]
      .filter(tag => ratings.includes(tag.textContent.trim()));
    const cells = [...row.children].filter(cell => cell.getClientRects().length);
    const top = cell => cell.getBoundingClientRect().top;
    const keys = cells.filter(cell => cell.classList.contains("app-table__cell--key"));
    const others = cells.filter(cell => !cell.classList.contains("app-table__cell--key"));
    return {
      text: row.innerText.slice(0, 60),
      cards: row.closest("table").classList.contains("app-table-cards"),
      link: link ? inside(link) : null,
      ratings: tags.map(inside),
      keysLead: !keys.length || !others.length
        || Math.max(...keys.map(top)) < Math.min(...others.map(top)),
    };
  });
}"""


@pytest.fixture
def demo(transactional_db):
    """The demo data with a report issued to the scrutiny board, every view imported first (on
    a busy machine the first request would otherwise import them all, slower than the
    browser's timeout)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the views
    load_demo()
    review = Review.objects.get(reference="SCR-BABY-F")
    manager = User.objects.get(username="board.manager")
    report_issue(
        options=ReportOptions(
            kind=ReportKind.CROSS_REVIEW, review_ids=(review.pk,), version=ReportVersion.PUBLIC
        ),
        audience=ScrutinyBoard.objects.get(partnership=review.partnership),
        actor=manager,
    )
    return review


def _pages(username, review):
    action = Action.objects.filter(recommendation__review=review).first()
    return {
        "board.manager": [
            reverse("assurance:dashboard"),
            reverse("assurance:review_list"),
            reverse("assurance:recommendation_list"),
            reverse("assurance:action_list"),
            reverse("assurance:review_queue"),
            review.get_absolute_url(),
            reverse("assurance:reports:register"),
            reverse("reviews:theme_list"),
            reverse("assurance:recurring_themes"),
            reverse("assurance:access_log"),
            reverse("recommendations:action_history", args=[action.pk]),
        ],
        "lead.health": [reverse("assurance:my_actions"), reverse("assurance:dashboard")],
        "scrutiny.member": [reverse("assurance:reports:register")],
    }[username]


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("username", ["board.manager", "lead.health", "scrutiny.member"])
def test_on_a_phone_each_rows_link_and_rating_lead_its_card_inside_the_window(
    new_page, demo, username, width
):
    page = new_page(viewport={"width": width, "height": 720})
    sign_in(page, username, DEMO_PASSWORD)
    rows_seen = ratings_seen = 0
    for path in _pages(username, demo):
        visit(page, path)  # axe at this width, with the screenshot
        expect_no_sideways_scroll(page)
        rows = page.evaluate(MEASURE_ROWS, RATINGS)
        for row in rows:
            where = f"{path} at {width}px, row {row['text']!r}"
            assert row["link"] is not False, f"{where}: its link is outside the window"
            assert all(row["ratings"]), f"{where}: its rating is outside the window"
            assert row["cards"], f"{where}: the table is not cards on a phone"
            assert row["keysLead"], f"{where}: the link, rating and due date do not lead"
        rows_seen += len(rows)
        ratings_seen += sum(len(row["ratings"]) for row in rows)
        # Charts give way to their data: no chart is shown with labels under body text size.
        assert page.locator("main figure.app-chart__figure svg:visible").count() == 0, path
    assert rows_seen > 0
    if username != "scrutiny.member":
        assert ratings_seen > 0
