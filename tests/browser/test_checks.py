"""The page checks every journey relies on do fail: on an axe violation (with JavaScript on
and off, and under a strict Content Security Policy), anything the CSP refuses, a missing
stylesheet, a broken static file, and a page left unchecked."""

import pytest

from .checks import check_page, unchecked_loads

pytestmark = pytest.mark.browser

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
  <head><title>Check</title>{head}</head>
  <body><main><h1>Check</h1>{body}</main></body>
</html>"""
STYLESHEET = '<link rel="stylesheet" href="/static/dist/app.css">'


STRICT_CSP = {"Content-Security-Policy": "default-src 'self'"}


def serve(page, html: str, path: str = "/browser-check/", headers=None) -> None:
    """Load `html` as if the live server had answered `path` with it."""
    page.route(
        f"**{path}",
        lambda route: route.fulfill(body=html, content_type="text/html", headers=headers),
    )
    page.goto(path)


def test_a_page_that_passes_the_checks(page):
    serve(page, PAGE.format(head=STYLESHEET, body='<p class="govuk-body">Fine.</p>'))

    check_page(page)


def test_an_image_without_alternative_text_fails_with_the_violation_described(page):
    serve(
        page,
        PAGE.format(head=STYLESHEET, body='<img src="/static/dist/assets/images/favicon.svg">'),
    )

    with pytest.raises(AssertionError) as failure:
        check_page(page)

    message = str(failure.value)
    assert "- image-alt (critical): Images must have alternative text" in message
    assert "at img" in message


def test_axe_runs_under_a_strict_content_security_policy(page):
    body = '<img src="/static/dist/assets/images/favicon.svg">'
    serve(page, PAGE.format(head=STYLESHEET, body=body), headers=STRICT_CSP)

    with pytest.raises(AssertionError, match=r"- image-alt \(critical\)"):
        check_page(page)


def test_anything_the_content_security_policy_refuses_fails(page):
    body = '<p class="govuk-body" style="color: red">Inline style</p>'
    serve(page, PAGE.format(head=STYLESHEET, body=body), headers=STRICT_CSP)

    with pytest.raises(AssertionError, match=r"Refused by the CSP: .*style"):
        check_page(page)


def test_a_violation_is_found_with_javascript_off(new_page):
    page = new_page(java_script_enabled=False)
    serve(page, PAGE.format(head=STYLESHEET, body='<a href="/somewhere"></a>'))

    with pytest.raises(AssertionError, match=r"- link-name \(serious\)"):
        check_page(page)


def test_a_page_without_the_stylesheet_fails(page):
    serve(page, PAGE.format(head="", body=""))

    with pytest.raises(AssertionError, match=r"/static/dist/app\.css did not load"):
        check_page(page)


def test_a_missing_static_file_fails(page):
    head = STYLESHEET + '<link rel="stylesheet" href="/static/dist/missing.css">'
    serve(page, PAGE.format(head=head, body=""))

    with pytest.raises(AssertionError, match=r"404 for .*/static/dist/missing\.css"):
        check_page(page)


def test_a_page_loaded_without_a_check_is_reported(page):
    serve(page, PAGE.format(head=STYLESHEET, body=""))

    assert unchecked_loads([page]) == [page.url]
    check_page(page)
    assert unchecked_loads([page]) == []
