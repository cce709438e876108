"""Browser journey of the review lifecycle: a board manager records the incident, the serious
incident notification, the rapid review and the decision (first without its reason), and the
rapid review becomes a local review on the same page. Every page is checked with axe."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reviews.models import ReviewKind
from tests.reviews.factories import ReviewFactory

from .steps import expect_heading, expect_success, fill_date, follow, open_review, sign_in, submit

pytestmark = pytest.mark.browser


def record_stage(page, stage: str, day: datetime.date) -> None:
    """On the review page: record a stage as done on `day`, back on the review page."""
    follow(page, page.get_by_role("link", name=f"Record {stage}", exact=True))
    expect_heading(page, f"Record: {stage}")
    fill_date(page, "Date done", day)
    submit(page, "Save")
    expect_success(page, f"{stage}: recorded.")


@pytest.fixture
def rapid_review(partnership):
    return ReviewFactory(
        partnership=partnership, kind=ReviewKind.RAPID, reference="RR-9", title="Child R"
    )


def test_board_manager_records_a_notification_a_rapid_review_and_a_decision(
    rapid_review, board_manager, page
):
    today = timezone.localdate()
    sign_in(page, "board.manager")
    open_review(page, "Child R")
    timeline = page.get_by_role("region", name="Stages of the review")
    expect(timeline).to_contain_text("Serious incident known to the local authority")

    record_stage(
        page, "Serious incident known to the local authority", today - datetime.timedelta(days=6)
    )
    row = page.locator("#stage-notification")
    expect(row).to_contain_text("Current stage")
    expect(row).to_contain_text(re.compile(r"working days? left"))

    record_stage(
        page,
        "Serious incident notification to the national panel",
        today - datetime.timedelta(days=5),
    )
    record_stage(
        page, "Rapid review sent to the national panel", today - datetime.timedelta(days=1)
    )

    # The decision without its reason: the error summary names the field and leads to it.
    stage = "Decision on a local child safeguarding practice review"
    follow(page, page.get_by_role("link", name=f"Record {stage}", exact=True))
    fill_date(page, "Date done", today - datetime.timedelta(days=1))
    page.get_by_label("Commission a local child safeguarding practice review").check()
    submit(page, "Save", name="decision without a reason")
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    summary.get_by_role("link", name="Enter the reason for the decision.").click()
    expect(page.get_by_label("Reason for the decision")).to_be_focused()
    page.get_by_label("Reason for the decision").fill(
        "New learning about information sharing between health and children's social care."
    )
    submit(page, "Save")
    expect_success(page, f"{stage}: recorded.")

    # One record, its whole timeline: the rapid review is now a local review.
    expect(page.locator(".govuk-caption-l").first).to_contain_text(
        "Local Child Safeguarding Practice Review"
    )
    expect(page.locator("#stage-decision")).to_contain_text(
        "New learning about information sharing"
    )
    expect(page.locator("#stage-commissioned")).to_contain_text("Current stage")
    expect(page.locator("#stage-published")).to_contain_text("Green")
