"""End-to-end journeys in headless Chromium, one test per journey. Every page reached is
checked with axe-core (WCAG 2.0, 2.1 and 2.2 A and AA) and screenshotted into
test-artifacts/screenshots/<database>/<test name>/. See docs/browser-tests.md."""

import datetime
import re

import pytest
from playwright.sync_api import expect
from weasyprint import HTML

from fixtures.demo.data import DEMO_PASSWORD, load_demo
from recommendations.models import Recommendation
from tests.assurance.report_helpers import assert_in_order, pdf_text
from tests.reviews.factories import ThemeFactory

from .steps import (
    action_link,
    add_action,
    add_recommendation,
    archive,
    back_to_review,
    compose_report,
    create_review,
    download,
    edit_action,
    expect_heading,
    expect_no_sideways_scroll,
    expect_success,
    expect_targets_at_least_24px_tall,
    follow,
    issue_report,
    judge_update,
    menu_link,
    open_action,
    open_history,
    open_judgement,
    open_my_action,
    open_recommendation,
    open_review,
    open_reviews,
    post_progress_update,
    press,
    restore,
    sign_in,
    submit,
    tab_to,
    visit,
    write_assurance_statement,
)

pytestmark = pytest.mark.browser


def summary_value(page, key: str):
    """The value beside `key` in a summary list."""
    return (
        page.locator(".govuk-summary-list__row")
        .filter(
            has=page.get_by_role("term").filter(has_text=re.compile(rf"^\s*{re.escape(key)}\s*$"))
        )
        .get_by_role("definition")
        .first
    )


@pytest.fixture
def themes(db):
    return [ThemeFactory(name=name) for name in ("Information sharing", "Voice of the child")]


def test_board_manager_builds_an_action_plan(
    page, board_manager, agency_a, agency_b, themes, review
):
    sign_in(page, "board.manager")

    # A form sent empty comes back with an error summary whose links lead to the fields.
    open_reviews(page)
    follow(page, page.get_by_role("button", name="Add a review"))
    submit(page, "Add review", name="add a review with errors")
    expect(page).to_have_title(re.compile(r"^Error: Add a review"))
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    # GOV.UK Frontend moves the focus to the summary, so screen readers announce it first.
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    summary.get_by_role("link", name="Enter the reference").click()
    expect(page.get_by_label("Reference")).to_be_focused()

    create_review(
        page,
        reference="LCSPR-2026-03",
        title="Child T",
        kind="Local Child Safeguarding Practice Review",
        recommendations_agreed=datetime.date(2026, 3, 12),
        themes=("Voice of the child",),
        related_reviews=("SCR-BABY-F: Baby F",),
    )
    expect(summary_value(page, "Recommendations agreed")).to_have_text("12 March 2026")
    expect(summary_value(page, "Themes")).to_have_text("Voice of the child")
    expect(summary_value(page, "Related reviews")).to_have_text("SCR-BABY-F: Baby F")

    add_recommendation(
        page,
        number="1",
        text="Health visitors should attend every GP practice safeguarding meeting.",
    )
    add_recommendation(
        page,
        number="2",
        text="Children's social care should refresh its guidance on chronologies.",
    )
    add_action(
        page,
        recommendation="1",
        agency=agency_a.name,
        key_actions="Health visitors join the monthly practice meetings.",
        lead_officer="Head of Health Visiting",
        timescale="By September 2026",
    )
    back_to_review(page, "Child T")
    add_action(
        page,
        recommendation="2",
        agency=agency_b.name,
        key_actions="Rewrite the chronology guidance and train every team.",
        lead_officer="Team manager",
        timescale="31.12.2026",
    )
    back_to_review(page, "Child T")
    expect(action_link(page, recommendation="1", agency=agency_a.name)).to_be_visible()
    expect(action_link(page, recommendation="2", agency=agency_b.name)).to_be_visible()

    open_action(page, recommendation="2", agency=agency_b.name)
    expect(summary_value(page, "Due date")).to_have_text("31 December 2026")
    edit_action(
        page,
        changes={"Lead officer": "Strategic Head of Service, Safeguarding Unit"},
        reason="The head of service now leads the work",
    )
    expect(summary_value(page, "Lead officer")).to_have_text(
        "Strategic Head of Service, Safeguarding Unit"
    )

    open_history(page)
    latest = page.locator(".govuk-summary-card").first
    expect(latest.get_by_role("heading")).to_contain_text(f"Changed by {board_manager}")
    expect(latest).to_contain_text("Reason: The head of service now leads the work")
    change = latest.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Lead officer")
    )
    expect(change.get_by_role("cell")).to_have_text(
        ["Team manager", "Strategic Head of Service, Safeguarding Unit"]
    )


def test_board_manager_assures_a_recommendation_and_archives_an_action(
    page, plan, board_manager, action_a
):
    sign_in(page, "board.manager")
    open_review(page, "Baby F")
    follow(page, page.get_by_role("link", name="By agency"))
    agency_table = page.get_by_role("table", name=action_a.agency.name)
    expect(agency_table).to_contain_text(action_a.key_actions)
    follow(page, page.get_by_role("link", name="By recommendation"))

    open_recommendation(page, "1")
    write_assurance_statement(
        page,
        narrative="Health visitors now attend every practice meeting; the audit shows 92%.",
        level="Reasonable",
    )
    expect(summary_value(page, "Assurance level")).to_have_text("Reasonable")
    follow(page, page.get_by_role("link", name="History of the assurance statement"))
    expect(page.locator(".govuk-summary-card").first).to_contain_text(f"Created by {board_manager}")

    back_to_review(page, "Baby F")
    open_action(page, recommendation="1", agency=action_a.agency.name)
    archive(page, what="action", reason="Recorded twice")
    expect(page.get_by_text("Only board managers can see this.")).to_be_visible()
    restore(page, what="action", reason="It was not a duplicate")
    expect(page.get_by_text("Only board managers can see this.")).to_have_count(0)


def test_agency_lead_finds_their_action_and_not_another_agencys(
    page, plan, lead_a, action_a, action_b
):
    sign_in(page, "lead.a")

    open_review(page, "Baby F")
    expect(action_link(page, recommendation="1", agency=action_a.agency.name)).to_be_visible()
    expect(action_link(page, recommendation="1", agency=action_b.agency.name)).to_have_count(0)
    expect(page.get_by_text(action_b.key_actions)).to_have_count(0)

    open_action(page, recommendation="1", agency=action_a.agency.name)
    expect(summary_value(page, "Key actions")).to_have_text(action_a.key_actions)
    expect(page.get_by_role("button", name="Edit action")).to_have_count(0)

    visit(page, f"/assurance/actions/{action_b.pk}/", status=404)
    expect_heading(page, "Page not found")
    expect(page.get_by_text(action_b.key_actions)).to_have_count(0)


def test_scrutiny_member_sees_only_their_reports_page(page, plan, scrutiny_member):
    sign_in(page, "scrutiny.member")

    expect_heading(page, "Reports issued to Scrutiny Board 2")
    expect(page.get_by_role("link", name="Reviews", exact=True)).to_have_count(0)
    expect(page.get_by_text("Baby F")).to_have_count(0)

    visit(page, "/assurance/reviews/", status=403)
    expect_heading(page, "You cannot view this page")
    visit(page, f"/assurance/reviews/{plan.pk}/", status=404)
    expect_heading(page, "Page not found")


def test_keyboard_alone_skips_to_content_and_completes_forms(page, board_manager):
    visit(page, "/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()

    page.keyboard.press("Tab")
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type("board.manager")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type("correct-horse-battery")
    press(page, "Enter")
    expect(page.get_by_role("banner")).to_contain_text("Signed in as")

    # The address kept the skip link's #main-content, so the focus starts at the content:
    # back up to the menu.
    tab_to(page, menu_link(page, "Reviews"), key="Shift+Tab")
    press(page, "Enter")
    expect_heading(page, "Reviews")
    tab_to(page, page.get_by_role("button", name="Add a review"))
    press(page, "Enter")
    expect_heading(page, "Add a review")
    tab_to(page, page.get_by_label("Reference"))
    page.keyboard.type("SAR-2026-01")
    tab_to(page, page.get_by_label("Title"), limit=1)
    page.keyboard.type("Adult K")
    press(page, "Enter")
    expect_success(page, "Review SAR-2026-01 (Adult K) has been created.")
    expect_heading(page, "Adult K")


def test_without_javascript_a_board_manager_signs_in_and_creates_a_review(new_page, board_manager):
    page = new_page(java_script_enabled=False)

    sign_in(page, "board.manager")
    assert not page.evaluate("document.body.classList.contains('js-enabled')")
    create_review(
        page,
        reference="SCR-2026-07",
        title="Baby Q",
        recommendations_agreed=datetime.date(2026, 1, 5),
    )
    expect(summary_value(page, "Recommendations agreed")).to_have_text("5 January 2026")


def test_at_320_css_pixels_pages_reflow_and_tables_become_cards(
    new_page, plan, board_manager, action_b
):
    page = new_page(viewport={"width": 320, "height": 640})

    sign_in(page, "board.manager")
    expect_no_sideways_scroll(page)
    open_review(page, "Baby F")
    expect_no_sideways_scroll(page)

    # The action plan's rows are cards: nothing to scroll sideways, even inside the table.
    table_region = page.get_by_role("region", name="Actions for recommendation 1")
    assert table_region.evaluate("region => region.scrollWidth <= region.clientWidth")
    expect(table_region.locator("tbody tr").first).to_have_css("display", "flex")

    open_action(page, recommendation="1", agency=action_b.agency.name)
    expect_no_sideways_scroll(page)
    follow(page, page.get_by_role("button", name="Edit action"))
    expect_no_sideways_scroll(page)
    page.get_by_label("Timescale").fill("March 2031")
    page.get_by_label("Reason for the change (optional)").fill("Agreed at the March board")
    submit(page, "Save action")
    expect_success(page, "The action has been saved.")
    expect(page.get_by_role("region", name="Every timescale this action has had")).to_be_visible()
    expect_no_sideways_scroll(page)
    open_history(page)
    expect_no_sideways_scroll(page)
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    expect_targets_at_least_24px_tall(breadcrumbs.get_by_role("link"))


@pytest.fixture
def demo(transactional_db):
    """The demo data: the Baby F review of the Coventry partnership, with its agencies, users
    (password DEMO_PASSWORD) and actions in every state."""
    load_demo()


def test_an_agency_reports_an_action_complete_and_the_board_assures_it_and_reports_to_scrutiny(
    new_page, demo, tmp_path
):
    # The evidence, as the agency would have it on their computer: a real PDF.
    evidence = tmp_path / "gp-meeting-attendance-q4.pdf"
    HTML(
        string="<h1>GP safeguarding meetings: health visitor attendance, quarter 4</h1>"
        "<p>All 12 practices: 36 meetings held, a health visitor present at 35.</p>"
    ).write_pdf(evidence)

    # The agency lead finds the action on My actions and reports it complete, with the file.
    lead = new_page()
    sign_in(lead, "lead.health", DEMO_PASSWORD)
    open_my_action(
        lead, group="Due within 30 days", action="Record each health visitor's attendance"
    )
    expect(summary_value(lead, "Status")).to_have_text("In progress")
    post_progress_update(
        lead,
        narrative="Attendance is now logged at every GP safeguarding meeting in all 12 practices;"
        " the whole quarter's log is attached.",
        rating="Green",
        reason="Logging is complete in every locality.",
        files=(evidence,),
        complete=True,
    )
    expect(summary_value(lead, "Status")).to_have_text("Reported complete, awaiting assurance")
    expect(summary_value(lead, "Partnership rating")).to_contain_text(
        "Green: the agency reports it complete; the board has still to judge the evidence."
    )
    latest = lead.locator(".govuk-summary-card").first
    expect(latest.get_by_role("heading")).to_contain_text("Reports it complete")
    expect(latest.get_by_role("link", name=evidence.name)).to_be_visible()

    # The board manager reads the evidence from the review queue and accepts it.
    manager = new_page()
    sign_in(manager, "board.manager", DEMO_PASSWORD)
    open_judgement(
        manager,
        action="Record each health visitor's attendance",
        agency="Health visiting provider (CWPT)",
    )
    assert download(manager, manager.get_by_role("link", name=evidence.name, exact=True)) == (
        evidence.read_bytes()
    )
    judge_update(manager, decision="Accept the evidence and assure the action")
    expect_success(manager, "The evidence has been accepted and the action assured.")

    # The action page now shows the board's rating beside the agency's own, in words.
    open_review(manager, "Baby F")
    open_action(
        manager,
        recommendation="1",
        agency="Health visiting provider (CWPT)",
        key_actions="Record each health visitor's attendance",
    )
    expect(summary_value(manager, "Partnership rating")).to_contain_text(
        "Blue Blue: the board has accepted the evidence and assured this action."
    )
    expect(summary_value(manager, "Agency's own rating")).to_contain_text("Green")
    expect(summary_value(manager, "Status")).to_have_text("Assured")
    expect(summary_value(manager, "Assured")).to_contain_text("by Rebekah Eaves")

    # The board manager issues the implementation assurance report to the scrutiny board.
    board = "Education and Children's Services Scrutiny Board (2)"
    compose_report(
        manager,
        kind="Implementation assurance report",
        review="SCR-BABY-F: Baby F",
        ticks=("Show each recommendation's partnership rating",),
    )
    issue_report(manager, board=board, meeting=datetime.date(2027, 1, 20))
    title = manager.get_by_role("heading", level=1).inner_text()
    expect(summary_value(manager, "Issued to")).to_have_text(board)
    expect(summary_value(manager, "Meeting date")).to_have_text("20 January 2027")

    # A member of that board finds it on their reports page and downloads it.
    member = new_page()
    sign_in(member, "scrutiny.member", DEMO_PASSWORD)
    expect_heading(member, f"Reports issued to {board}")
    report = download(member, member.get_by_role("link", name=f"PDF of {title}", exact=True))
    assert report.startswith(b"%PDF-")
    text = pdf_text(report)
    labels = {
        recommendation.number: f"{recommendation.label}:"
        for recommendation in Recommendation.objects.filter(review__reference="SCR-BABY-F")
    }
    assert sorted(labels) == ["1", "2", "3", "4", "5"]
    assert_in_order(text, [labels[number] for number in sorted(labels)])
    # Recommendation 1 is Blue only because the board has just assured its last open action.
    assert "Blue" in text[text.index(labels["1"]) : text.index(labels["2"])]
