"""A download too long for the request (docs/background-work.md): the board manager asks for
it, follows it on the job's page while the real worker (`db_worker`) writes it, and downloads
the file; with JavaScript the page updates itself, without it "Check progress" reloads it.
axe-core checks every page."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.recommendations.factories import ActionFactory
from tests.worker import run_worker

from .checks import check_page
from .steps import follow, sign_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


@pytest.fixture
def long_list(settings, plan, recommendation, agency_a):
    for number in range(3):
        ActionFactory(recommendation=recommendation, agency=agency_a, key_actions=f"Step {number}")
    settings.EXPORT_BACKGROUND_ROWS = 2
    return plan


def _ask_for_the_csv(page):
    visit(page, "/assurance/actions/")
    follow(page, page.get_by_role("link", name=re.compile(r"^Download CSV")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Waiting to start")
    expect(page.get_by_role("button", name="Check progress")).to_be_visible()


def test_the_job_page_updates_itself_and_offers_the_file(page, board_manager, long_list):
    sign_in(page, board_manager.username)
    _ask_for_the_csv(page)
    run_worker()
    # The page asks again by itself and, the job finished, loads again.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your file is ready", timeout=30_000)
    check_page(page, "job ready")
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile(r"^Download actions-.*\.csv$")).click()
    assert re.fullmatch(r"actions-\d{4}-\d{2}-\d{2}\.csv", download.value.suggested_filename)
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.count("Step ") == 3


def test_without_javascript_check_progress_reloads_the_page(new_page, board_manager, long_list):
    page = new_page(java_script_enabled=False)
    sign_in(page, board_manager.username)
    _ask_for_the_csv(page)
    run_worker()
    follow(page, page.get_by_role("button", name="Check progress"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your file is ready")
