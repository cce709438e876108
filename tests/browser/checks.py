"""What every page a journey reaches must pass: axe-core's WCAG 2.0, 2.1 and 2.2 A and AA
rules with zero violations, the built stylesheet loaded, no failed static file, no script
error and nothing refused by the Content Security Policy. `check_page` also saves a
full-page screenshot for people to look at.

`watch(page, ...)` records every load of the page, so that the browser fixture can fail a
test that reached a page without checking it."""

import os
import re
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}
STYLESHEET = "/static/dist/app.css"


@dataclass
class PageLog:
    screenshot_dir: Path
    javascript: bool
    loads: list[str] = field(default_factory=list)
    checked: int = 0
    problems: list[str] = field(default_factory=list)


_logs: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def watch(page, *, screenshot_dir: Path, javascript: bool) -> None:
    """Start recording the page's loads, failed static files and script errors."""
    log = PageLog(screenshot_dir=screenshot_dir, javascript=javascript)
    _logs[page] = log
    page.on("load", lambda: log.loads.append(page.url))
    page.on("pageerror", lambda error: log.problems.append(f"Script error: {error}"))
    page.on(
        "console",
        lambda message: (
            log.problems.append(f"Refused by the CSP: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.on(
        "requestfailed",
        lambda request: (
            log.problems.append(f"Request failed: {request.url} {request.failure}")
            if _is_the_sites(request.url)
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            log.problems.append(f"{response.status} for {response.url}")
            if "/static/" in response.url and response.status >= 400
            else None
        ),
    )


def _is_the_sites(url: str) -> bool:
    """Whether a request is one the page made over the web, not the browser's own: Chromium's
    PDF viewer streams a framed PDF from a chrome-extension:// URL and aborts that stream when
    the page moves on, which is no fault of the page."""
    return url.startswith(("http://", "https://"))


def unchecked_loads(pages) -> list[str]:
    """URLs loaded in these pages after their last check_page."""
    return [
        url for page in pages if page in _logs for url in _logs[page].loads[_logs[page].checked :]
    ]


def check_page(page, name: str | None = None) -> None:
    """Check the page as it is now: see the module docstring. `name` names the screenshot
    (default: the page title)."""
    log = _logs[page]
    log.checked = len(log.loads)
    problems, log.problems = log.problems, []
    title = page.title()
    _screenshot(page, log, name or title)
    assert not problems, f"{page.url} ({title}): " + "; ".join(problems)
    assert page.evaluate(
        """href => [...document.styleSheets].some(
            sheet => sheet.href && new URL(sheet.href).pathname === href
                     && sheet.cssRules.length > 0)""",
        STYLESHEET,
    ), f"{page.url} ({title}): {STYLESHEET} did not load"
    violations = _axe(page) if log.javascript else _axe_without_javascript(page)
    assert not violations, f"axe found problems on {page.url} ({title}):\n" + "\n".join(
        _describe(violation) for violation in violations
    )


def _axe(page) -> list[dict]:
    # Not page.add_script_tag: it adds an inline <script>, which the app's Content Security
    # Policy rightly refuses. Evaluated through the DevTools protocol, axe runs with the
    # page's real CSP still in force (no bypass_csp).
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


def _axe_without_javascript(page) -> list[dict]:
    """axe is JavaScript: in a page with JavaScript off its promises never settle. Check the
    same document (its DOM, styles and viewport) in a second page that runs axe and nothing
    else: the page's own scripts are blocked there."""
    html, url = page.content(), urldefrag(page.url).url
    context = page.context.browser.new_context(viewport=page.viewport_size)
    try:
        checker = context.new_page()

        def serve(route):
            request = route.request
            if request.resource_type == "document" and urldefrag(request.url).url == url:
                route.fulfill(body=html, content_type="text/html; charset=utf-8")
            elif request.resource_type == "script":
                route.abort()
            else:
                route.continue_()

        checker.route("**/*", serve)
        checker.goto(url)
        return _axe(checker)
    finally:
        context.close()


def _describe(violation: dict) -> str:
    lines = [
        f"- {violation['id']} ({violation['impact']}): {violation['help']} [{violation['helpUrl']}]"
    ]
    for node in violation["nodes"]:
        lines.append(f"    at {', '.join(map(str, node['target']))}")
        summary = node.get("failureSummary")
        if summary:
            lines.extend(f"      {line}" for line in summary.splitlines())
    return "\n".join(lines)


def _screenshot(page, log: PageLog, name: str) -> None:
    if os.environ.get("BROWSER_SCREENSHOTS") == "0":
        return
    # Numbered across every page of the test, so that a journey with several people (each in
    # their own browser context) reads in the order it happened.
    number = len(list(log.screenshot_dir.glob("*.png"))) + 1
    slug = re.sub(r"[^a-z0-9]+", "-", name.split(" – ")[0].lower()).strip("-")[:60]
    page.screenshot(path=log.screenshot_dir / f"{number:02d}-{slug or 'page'}.png", full_page=True)
