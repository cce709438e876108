"""Steps of the browser journeys, each done as a person does it: by reading labels, roles and
link text, clicking and typing. Nothing here opens a URL a person would not type.

Every step that moves to another page ends in `checks.check_page` (axe, stylesheet,
screenshot), through `visit`, `follow`, `submit` or `press`. Build new steps from those four
so that every page a journey reaches is checked.

Steps that start from a page say which (\"on the review page\") and leave the browser on the
page they name.
"""

import datetime
import re
from pathlib import Path

from playwright.sync_api import expect

from tests.scr_tracker.factories import PASSWORD

from .checks import check_page

# -- Moving between pages --------------------------------------------------------------------


def visit(page, path: str, *, status: int = 200, name: str | None = None):
    """Type an address into the browser, as a person does with a bookmark or a pasted link."""
    response = page.goto(path)
    assert response.status == status, f"{path} answered {response.status}, not {status}"
    check_page(page, name)
    return response


def follow(page, target, *, name: str | None = None) -> None:
    """Click a link or button (a Locator) that leads to another page."""
    with page.expect_navigation():
        target.click()
    check_page(page, name)


def submit(page, button: str, *, name: str | None = None) -> None:
    """Press the form's button with this text."""
    follow(page, page.get_by_role("button", name=button, exact=True), name=name)


def press(page, key: str, *, name: str | None = None) -> None:
    """Press a key that leads to another page (Enter on a link or in a form)."""
    with page.expect_navigation():
        page.keyboard.press(key)
    check_page(page, name)


def menu_link(page, label: str):
    """A link in the service menu, opening the menu first where a narrow screen folds it."""
    menu = page.get_by_role("navigation", name="Menu")
    toggle = menu.get_by_role("button", name="Menu")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    return menu.get_by_role("link", name=label, exact=True)


def expect_heading(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def expect_success(page, text: str) -> None:
    """The green notification banner after an action."""
    banner = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="Success"))
    expect(banner).to_contain_text(text)


# -- Filling in forms ------------------------------------------------------------------------


def fill_date(page, legend: str, date: datetime.date) -> None:
    """Type a date into a GOV.UK date input (its day, month and year boxes)."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(date.day))
    group.get_by_label("Month").fill(str(date.month))
    group.get_by_label("Year").fill(str(date.year))


def choose(page, label: str, option: str) -> None:
    """Pick an option from a select box."""
    page.get_by_label(label, exact=True).select_option(label=option)


def tick(page, legend: str, labels: tuple[str, ...]) -> None:
    """Tick checkboxes in the group of checkboxes with this legend."""
    group = page.get_by_role("group", name=legend)
    for label in labels:
        group.get_by_label(label, exact=True).check()


# -- Signing in and finding things -----------------------------------------------------------


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    """Open the service's address, sign in, and land on the page the role starts from."""
    visit(page, "/", name="sign in")
    expect_heading(page, re.compile(r"^Sign in to "))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    # The first step of the two-step sign-in; demo and test settings ask no second factor.
    submit(page, "Continue")
    expect(page.get_by_role("banner")).to_contain_text("Signed in as")


def sign_out(page) -> None:
    submit(page, "Sign out")
    expect_heading(page, re.compile(r"^Sign in to "))


def open_reviews(page) -> None:
    """From any page: the Reviews list, through the menu."""
    follow(page, menu_link(page, "Reviews"))
    expect_heading(page, "Reviews")


def open_review(page, title: str) -> None:
    """From any page: the review's page, through the Reviews list."""
    open_reviews(page)
    follow(page, page.get_by_role("link", name=title, exact=True))
    expect_heading(page, title)


def action_link(page, *, recommendation: str, agency: str, key_actions: str = ""):
    """On a review page: the link to an agency's action in a recommendation's table; where the
    agency has several actions on it, the one whose key actions contain `key_actions`."""
    table = page.get_by_role("table", name=f"Actions for recommendation {recommendation}")
    rows = table.get_by_role("row").filter(has_text=key_actions) if key_actions else table
    return rows.get_by_role("link", name=agency, exact=True)


def open_action(page, *, recommendation: str, agency: str, key_actions: str = "") -> None:
    """On the review page: open an agency's action on a recommendation."""
    link = action_link(page, recommendation=recommendation, agency=agency, key_actions=key_actions)
    follow(page, link)
    expect_heading(page, f"{agency} action")


def open_history(page) -> None:
    """On a review, recommendation or action page: its history."""
    follow(page, page.get_by_role("link", name=re.compile(r"^History of this ")))
    expect_heading(page, re.compile(r"^History of "))


# -- The action plan -------------------------------------------------------------------------


def create_review(
    page,
    *,
    reference: str,
    title: str,
    kind: str | None = None,
    recommendations_agreed: datetime.date | None = None,
    themes: tuple[str, ...] = (),
    related_reviews: tuple[str, ...] = (),
) -> None:
    """From any page: add a review through the Reviews list; ends on the new review's page.
    `related_reviews` are the checkboxes' labels ("SCR-BABY-F: Baby F")."""
    open_reviews(page)
    follow(page, page.get_by_role("button", name="Add a review"))
    expect_heading(page, "Add a review")
    page.get_by_label("Reference").fill(reference)
    page.get_by_label("Title").fill(title)
    if kind:
        choose(page, "Kind", kind)
    if recommendations_agreed:
        fill_date(page, "Recommendations agreed date", recommendations_agreed)
    tick(page, "Themes", themes)
    tick(page, "Related reviews", related_reviews)
    submit(page, "Add review")
    expect_success(page, f"Review {reference} ({title}) has been created.")
    expect_heading(page, title)


def add_recommendation(
    page, *, number: str, text: str, scope: str | None = None, addressed_to: str | None = None
) -> None:
    """On the review page: add a recommendation; ends back on the review page."""
    review_title = page.get_by_role("heading", level=1).inner_text()
    follow(page, page.get_by_role("button", name="Add a recommendation"))
    page.get_by_label("Number, as written in the report").fill(number)
    page.get_by_label("Recommendation", exact=True).fill(text)
    if scope:
        choose(page, "Scope", scope)
    if addressed_to:
        choose(page, "Addressed agency", addressed_to)
    submit(page, "Add recommendation")
    expect_success(page, f"Recommendation {number} has been added.")
    expect_heading(page, f"Recommendation {number}")
    back_to_review(page, review_title)


def add_action(
    page,
    *,
    recommendation: str,
    agency: str,
    key_actions: str,
    lead_officer: str = "",
    timescale: str = "",
) -> None:
    """On the review page: add an agency's action to a recommendation; ends on the
    recommendation's page."""
    follow(page, page.get_by_role("link", name=f"Add an action to recommendation {recommendation}"))
    expect_heading(page, f"Add an action to recommendation {recommendation}")
    choose(page, "Owning agency", agency)
    page.get_by_label("Key actions").fill(key_actions)
    page.get_by_label("Lead officer", exact=True).fill(lead_officer)
    page.get_by_label("Timescale").fill(timescale)
    submit(page, "Add action")
    expect_success(page, f"The {agency} action has been added.")
    expect_heading(page, f"Recommendation {recommendation}")


def back_to_review(page, title: str) -> None:
    """From a page under a review: back to the review's page through the breadcrumbs."""
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    follow(page, breadcrumbs.get_by_role("link", name=title, exact=True))
    expect_heading(page, title)


def edit_action(page, *, changes: dict[str, str], reason: str) -> None:
    """On an action page: type new values into fields (by label) and save, giving a reason."""
    follow(page, page.get_by_role("button", name="Edit action"))
    for label, value in changes.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Reason for the change (optional)").fill(reason)
    submit(page, "Save action")
    expect_success(page, "The action has been saved.")


# -- Keyboard and layout ---------------------------------------------------------------------

_FOCUS_IS_VISIBLE = """() => {
    const visible = (style) =>
        (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
         && style.outlineColor !== 'rgba(0, 0, 0, 0)' && style.outlineColor !== 'transparent')
        || style.boxShadow !== 'none';
    const element = document.activeElement;
    // GOV.UK checkboxes and radios draw their focus ring on the label's ::before box.
    if (['checkbox', 'radio'].includes(element.type) && element.labels.length) {
        return visible(getComputedStyle(element.labels[0], '::before'));
    }
    return visible(getComputedStyle(element));
}"""


def tab_to(page, target, *, limit: int = 40, key: str = "Tab") -> None:
    """Press Tab (or `key`: "Shift+Tab" to go back up the page) until `target` (a Locator) has
    focus; every element passed on the way must show where the focus is (WCAG 2.4.7)."""
    for _ in range(limit):
        page.keyboard.press(key)
        focused = page.evaluate(
            "() => (document.activeElement.getAttribute('aria-label')"
            " || document.activeElement.innerText || document.activeElement.id || '').trim()"
        )
        assert page.evaluate(_FOCUS_IS_VISIBLE), f"No visible focus on {focused!r} at {page.url}"
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{limit} presses of {key} did not reach {target}")


def expect_no_sideways_scroll(page) -> None:
    """The page fits the window's width: nothing to scroll sideways (WCAG 1.4.10 reflow)."""
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} is {width[0]}px wide in a {width[1]}px window"


def open_recommendation(page, number: str) -> None:
    """On the review page (grouped by recommendation): open a recommendation."""
    follow(page, page.get_by_role("link", name=f"Recommendation {number}", exact=True))
    expect_heading(page, f"Recommendation {number}")


def write_assurance_statement(page, *, narrative: str, level: str) -> None:
    """On a recommendation page: write (or revise) the board's implementation assurance."""
    follow(page, page.get_by_role("link", name=re.compile(r"^(Write|Revise) the assurance")))
    page.get_by_label("Implementation assurance").fill(narrative)
    page.get_by_role("group", name="Assurance level").get_by_label(level, exact=True).check()
    submit(page, "Save assurance statement")
    expect_success(page, "The assurance statement for recommendation")


def archive(page, *, what: str, reason: str) -> None:
    """On a review, recommendation or action page: archive it, giving a reason."""
    follow(page, page.get_by_role("link", name=f"Archive this {what}"))
    page.get_by_label("Reason (kept in the history)").fill(reason)
    submit(page, f"Archive {what}")
    expect_success(page, f"The {what} has been archived.")


def restore(page, *, what: str, reason: str) -> None:
    """On an archived review, recommendation or action page: restore it."""
    follow(page, page.get_by_role("link", name=f"Restore this {what}"))
    page.get_by_label("Reason (kept in the history)").fill(reason)
    submit(page, f"Restore {what}")
    expect_success(page, f"The {what} has been restored.")


def expect_targets_at_least_24px_tall(links) -> None:
    """Each of these links (a Locator) is a target 24px tall or more, so rows of them cannot
    crowd each other when they wrap (WCAG 2.2 target size, 2.5.8)."""
    heights = links.evaluate_all(
        "links => links.map(link => [link.innerText, link.getBoundingClientRect().height])"
    )
    assert heights, "no links to measure"
    short = [(text, height) for text, height in heights if height < 24]
    assert not short, f"Targets under 24px tall: {short}"


# -- Updates, evidence and the board's judgement ---------------------------------------------


def open_my_action(page, *, group: str, action: str) -> None:
    """From any page: an agency lead's action, through My actions (menu). `group` is the
    heading it is listed under ("Due within 30 days"), `action` the start of its link, which
    is the action's own text ("Record each health visitor's attendance")."""
    follow(page, menu_link(page, "My actions"))
    expect_heading(page, "My actions")
    table = page.get_by_role("region", name=group, exact=True)
    follow(page, table.get_by_role("link", name=re.compile("^" + re.escape(action))))
    expect_heading(page, re.compile(r" action$"))


def post_progress_update(
    page,
    *,
    narrative: str,
    rating: str,
    reason: str,
    files: tuple = (),
    complete: bool = False,
) -> None:
    """On an action page: post a progress update, choosing `files` (paths) in the file input
    as a person does in the browser's file chooser; ends back on the action page."""
    follow(page, page.get_by_role("button", name="Post a progress update"))
    expect_heading(page, "Post a progress update")
    page.get_by_label("What progress has been made?").fill(narrative)
    page.get_by_role("group", name="Your rating of this action").get_by_label(
        rating, exact=True
    ).check()
    page.get_by_label("Why this rating?").fill(reason)
    if files:
        page.get_by_label("Evidence files (optional)").set_input_files(list(files))
    if complete:
        page.get_by_label("We consider this action complete").check()
    submit(page, "Post update")
    expect_success(page, "Your update has been posted.")
    expect_heading(page, re.compile(r" action$"))


def download(page, link) -> bytes:
    """Click a link (a Locator) that downloads a file; the file's bytes."""
    with page.expect_download() as started:
        link.click()
    return Path(started.value.path()).read_bytes()


def open_judgement(page, *, action: str, agency: str) -> None:
    """From any page: the update awaiting judgement on an agency's action (`action` the start
    of the action's text, as the queue links it), through the Review queue (menu)."""
    follow(page, menu_link(page, "Review queue"))
    expect_heading(page, "Review queue")
    updates = page.get_by_role("table", name="Updates awaiting judgement, oldest first")
    row = (
        updates.get_by_role("row")
        .filter(has=page.get_by_role("link", name=re.compile("^" + re.escape(action))))
        .filter(has_text=agency)
    )
    follow(page, row.get_by_role("link", name=re.compile(r"^Judge")))
    expect_heading(page, re.compile(r"^Judge the "))


def judge_update(page, *, decision: str, comment: str = "") -> None:
    """On an update's judgement page: accept or return it (`decision` is the radio's label);
    ends back on the Review queue."""
    page.get_by_role("group", name="Your judgement").get_by_label(decision, exact=True).check()
    if comment:
        page.get_by_label("Comment for the lead").fill(comment)
    submit(page, "Save judgement")
    expect_heading(page, "Review queue")


# -- Reports for the scrutiny board ----------------------------------------------------------


def compose_report(page, *, kind: str, review: str, ticks: tuple[str, ...] = ()) -> None:
    """From any page: compose a report on one review through Reports (menu), ticking the
    options with these labels, and preview it; ends on the compose page with the preview."""
    follow(page, menu_link(page, "Reports"))
    follow(page, page.get_by_role("button", name="Compose a report"))
    expect_heading(page, "Compose a report")
    follow(page, page.get_by_role("link", name=kind, exact=True))
    expect_heading(page, kind)
    choose(page, "Review", review)
    for label in ticks:
        page.get_by_label(label, exact=True).check()
    submit(page, "Preview")
    expect(page.get_by_role("heading", name="Preview", exact=True)).to_be_visible()


def issue_report(page, *, board: str, meeting: datetime.date) -> None:
    """On a report's preview: issue it to a scrutiny board for a meeting; ends on the issued
    report's page."""
    follow(page, page.get_by_role("button", name="Issue this report"))
    expect_heading(page, re.compile(r"^Issue “"))
    page.get_by_role("group", name="Issue to").get_by_label(board, exact=True).check()
    fill_date(page, "Meeting date (optional)", meeting)
    # The pre-issue check is confirmed explicitly (its wording depends on whether it found gaps).
    page.locator('input[name="confirm"]').check()
    submit(page, "Issue report")
    expect_success(page, f"has been issued to {board}.")
