"""The assurance loop with no dead ends, in headless Chromium (every page checked with axe):
a completion recorded without evidence assured by the board; a lead seeing a returned item
first and responding from the banner; the judge page previewing images and PDFs; the lead
officer picker offering only the chosen agency's leads."""

import hashlib
import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from assurance import services
from recommendations import services as action_services
from recommendations.models import ActionStatus
from scr_tracker.models import Role
from tests.assurance.conftest import SAMPLES, image_bytes
from tests.assurance.factories import EvidenceFactory, ProgressUpdateFactory
from tests.scr_tracker.factories import UserFactory

from .steps import (
    expect_heading,
    expect_success,
    follow,
    menu_link,
    open_judgement,
    sign_in,
    submit,
    visit,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def evidence_root(settings, tmp_path):
    """A fresh, empty evidence store for the journey."""
    root = tmp_path / "evidence-store"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


KEY_ACTIONS = "Audit GP attendance at child protection conferences across every practice."


def file_evidence(update, name, content, content_type):
    return EvidenceFactory(
        update=update,
        file=ContentFile(content, name=name),
        original_filename=name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def test_a_completion_recorded_without_evidence_is_assured_by_the_board(
    page, evidence_root, board_manager, lead_a, action_a
):
    # Recorded complete with no update (as the "Already actioned" timescale or an import does).
    action_a.key_actions = KEY_ACTIONS
    action_a.timescale = "Already actioned"
    action_services.action_save(action=action_a, actor=board_manager)
    action_a.refresh_from_db()
    assert action_a.status == ActionStatus.COMPLETION_CLAIMED
    photo = evidence_root.parent / "board-minutes-extract.png"
    photo.write_bytes(image_bytes("PNG", (120, 80)))

    sign_in(page, "board.manager")
    follow(page, menu_link(page, "Review queue"))
    expect_heading(page, "Review queue")
    table = page.get_by_role("table", name="Completions recorded with no evidence")
    expect(table).to_contain_text(KEY_ACTIONS)
    follow(page, table.get_by_role("link", name=re.compile(r"^Record it")))
    expect_heading(page, "Record the evidence the board has seen")
    page.get_by_label("What evidence has the board seen?").fill(
        "Audit presented to the board on 12 March 2015: every practice represented."
    )
    page.get_by_label("Evidence files (optional)").set_input_files([str(photo)])
    submit(page, "Record the evidence")
    expect_success(page, "The evidence the board has seen has been recorded.")
    expect_heading(page, "Judge the completion claim")
    expect(page.get_by_text("Recorded by the board").first).to_be_visible()
    image = page.get_by_role("img", name="Evidence image: board-minutes-extract.png")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") == 120
    page.get_by_role("group", name="Your judgement").get_by_label(
        "Accept the evidence and assure the action", exact=True
    ).check()
    submit(page, "Save judgement")
    expect_success(page, "The evidence has been accepted and the action assured.")
    expect(page.get_by_role("table", name="Completions recorded with no evidence")).to_have_count(0)
    visit(page, action_a.get_absolute_url())
    expect(page.get_by_text("Evidence recorded by the board on")).to_be_visible()
    status = page.locator(".govuk-summary-list__row").filter(
        has=page.get_by_role("term").filter(has_text=re.compile(r"^\s*Status\s*$"))
    )
    expect(status.first.get_by_role("definition")).to_have_text("Assured")


def test_a_lead_sees_a_returned_item_first_and_responds_from_the_banner(
    page, evidence_root, board_manager, lead_a, action_a
):
    action_a.key_actions = KEY_ACTIONS
    action_a.save()
    update = ProgressUpdateFactory(action=action_a, author=lead_a, claims_completion=True)
    file_evidence(update, "attendance-log.pdf", SAMPLES["minutes.pdf"], "application/pdf")
    services.update_judge(
        update=update,
        actor=board_manager,
        accept=False,
        comment="The log covers 3 of the 12 practices: send the other nine.",
    )

    sign_in(page, "lead.a")
    follow(page, menu_link(page, "My actions"))
    expect_heading(page, "My actions")
    first_section = page.locator("h2").nth(0)
    expect(first_section).to_have_text("Needs your attention")
    expect(page.locator("h3").first).to_have_text("Evidence returned")
    expect(page.get_by_text("The log covers 3 of the 12 practices")).to_be_visible()
    follow(page, page.get_by_role("link", name=re.compile(r"^" + re.escape(KEY_ACTIONS))).first)
    banner = page.get_by_role("region", name="Needs your attention")
    expect(banner).to_contain_text("The log covers 3 of the 12 practices")
    follow(page, banner.get_by_role("button", name="Respond"))
    expect_heading(page, "Post a progress update")
    carried = page.get_by_role(
        "group", name="Evidence from earlier updates to include again (optional)"
    ).get_by_role("checkbox", name=re.compile(r"attendance-log\.pdf"))
    expect(carried).to_be_checked()
    expect(page.get_by_label("We consider this action complete")).to_be_checked()
    page.get_by_label("What progress has been made?").fill("All 12 practices are now logged.")
    page.get_by_role("group", name="Your rating of this action").get_by_label(
        "Green", exact=True
    ).check()
    page.get_by_label("Why this rating?").fill("Logging is complete.")
    page.get_by_label("Evidence that is not a file (optional)").fill(
        "Attendance log for the other nine practices, quarter 4."
    )
    submit(page, "Post update")
    expect_success(page, "Your update has been posted.")
    expect(page.get_by_role("region", name="Needs your attention")).to_have_count(0)
    latest = page.locator(".govuk-summary-card").first
    expect(latest).to_contain_text("carried forward from an earlier update")
    expect(latest.get_by_role("link", name="attendance-log.pdf")).to_be_visible()


def test_the_judge_page_previews_images_and_pdfs_and_downloads_the_rest(
    page, evidence_root, board_manager, lead_a, action_a
):
    action_a.key_actions = KEY_ACTIONS
    action_a.outcome_measure = "Every practice represented at 90% of conferences."
    action_a.save()
    update = ProgressUpdateFactory(action=action_a, author=lead_a, claims_completion=True)
    png = file_evidence(update, "poster.png", image_bytes("PNG", (60, 40)), "image/png")
    pdf = file_evidence(update, "minutes.pdf", SAMPLES["minutes.pdf"], "application/pdf")
    file_evidence(update, "attendance.csv", SAMPLES["attendance.csv"], "text/csv")

    sign_in(page, "board.manager")
    open_judgement(page, action=KEY_ACTIONS[:40], agency=action_a.agency.name)
    expect(page.get_by_text("Every practice represented at 90% of conferences.")).to_be_visible()
    image = page.get_by_role("img", name="Evidence image: poster.png")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 60
    frame = page.locator(f'iframe[src="{pdf.get_preview_url()}"]')
    # Chromium shows no PDF inside a sandboxed frame (the page's checks fail on the blocked
    # request), so the PDF is framed without `sandbox`, its response allowing nothing else.
    expect(frame).to_be_visible()
    expect(frame).to_have_attribute("title", "Evidence PDF: minutes.pdf")
    expect(page.locator('iframe[src*="attendance"], img[alt*="attendance"]')).to_have_count(0)
    expect(page.get_by_role("link", name="attendance.csv")).to_be_visible()
    # The previews come from the checked view, inline and sandboxed.
    answer = page.request.get(png.get_preview_url())
    assert answer.status == 200
    assert answer.headers["content-disposition"].startswith("inline")
    assert answer.headers["content-security-policy"].startswith("sandbox")
    assert answer.headers["x-content-type-options"] == "nosniff"
    answer = page.request.get(pdf.get_preview_url())
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-security-policy"].startswith("default-src 'none'")
    assert answer.headers["x-frame-options"] == "SAMEORIGIN"


def test_the_lead_picker_offers_the_chosen_agencys_leads_grouped_by_agency(
    new_page, board_manager, lead_a, lead_b, action_a, partnership, agency_a
):
    UserFactory(
        username="lead.a2",
        first_name="Second",
        last_name="Lead",
        role=Role.AGENCY_LEAD,
        partnership=partnership,
        agencies=[agency_a],
    )
    # The plain select, grouped by agency, as it is without JavaScript (with it, the same
    # select becomes an autocomplete: tests/browser/test_autocomplete.py).
    page = new_page(java_script_enabled=False)
    sign_in(page, "board.manager")
    visit(page, action_a.get_absolute_url())
    follow(page, page.get_by_role("button", name="Edit action"))
    picker = page.get_by_label("Lead officer's account")
    groups = picker.locator("optgroup")
    expect(groups).to_have_count(2)
    labels = [groups.nth(i).get_attribute("label") for i in range(2)]
    assert set(labels) == {agency_a.name, lead_b.agencies.get().name}
    # A lead of another agency is refused, saying why; the agency's own lead is saved.
    picker.select_option(label=str(lead_b.get_full_name() or lead_b.username))
    submit(page, "Save action")
    expect(page.get_by_role("alert")).to_contain_text("is not an agency lead of")
    page.get_by_label("Lead officer's account").select_option(label="Second Lead")
    submit(page, "Save action")
    expect_success(page, "The action has been saved.")
