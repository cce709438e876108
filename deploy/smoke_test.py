#!/usr/bin/env python3
"""HTTP smoke test of a running SCR Tracker loaded with the demo data (`manage.py load_demo`).

    python deploy/smoke_test.py http://127.0.0.1:8000 [--wait 30] [--request-id ID]

Runs every check in CHECKS, prints one line per check and exits 1 if any failed. Standard
library only, so it runs from anywhere, including outside the app's virtual environment.

The server is reached over plain HTTP on a local port, as the reverse proxy reaches it, so
every request says `X-Forwarded-Proto: https` as the proxy does (and the production settings'
HTTPS redirect stays on). Cookies are Secure, so the client sends them over this plain
connection regardless (`_SendSecureCookiesPolicy`).

To add a check: write `check_<what>(smoke)` that raises CheckFailed with a clear message, and
append it to CHECKS. `smoke.signed_in(username)` gives a client signed in as a demo user (change
`Client.sign_in` once when sign-in gains a second step, e.g. MFA); `smoke.review_url()` is the
Baby F review.
"""

import argparse
import http.cookiejar
import os
import re
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field

DEMO_PASSWORD = os.environ.get("SMOKE_PASSWORD", "scr-demo-2026")
BOARD_MANAGER = "board.manager"
AGENCY_LEAD = "lead.health"
REVIEW_TITLE = "Baby F"
TIMEOUT = 15  # seconds, per request


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


@dataclass
class Response:
    status: int
    headers: dict  # lower-case names; repeated headers (Set-Cookie) joined with "\n"
    body: str
    url: str

    def header(self, name):
        return self.headers.get(name.lower(), "")


class _SendSecureCookiesPolicy(http.cookiejar.DefaultCookiePolicy):
    """The smoke test talks plain HTTP to a server that believes it is behind HTTPS."""

    def return_ok_secure(self, cookie, request):
        return True


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Client:
    """One browser: its own cookies, no automatic redirects, the proxy's header on each request."""

    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        parsed = urllib.parse.urlsplit(self.base_url)
        self.origin = f"https://{parsed.netloc}"
        self.cookies = http.cookiejar.CookieJar(policy=_SendSecureCookiesPolicy())
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )

    def request(self, method, path, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        # The base URL is the operator's http(s) address of the server under test.
        req = urllib.request.Request(self.base_url + path, data=body, method=method)  # noqa: S310
        req.add_header("X-Forwarded-Proto", "https")
        if body is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
            # Django checks the origin of HTTPS form posts, as a browser would send it.
            req.add_header("Origin", self.origin)
            req.add_header("Referer", self.origin + path)
        for name, value in (headers or {}).items():
            req.add_header(name, value)
        try:
            with self.opener.open(req, timeout=TIMEOUT) as raw:
                return self._response(raw, raw.status)
        except urllib.error.HTTPError as error:
            with error:
                return self._response(error, error.code)

    @staticmethod
    def _response(raw, status):
        headers = {}
        for name, value in raw.headers.items():
            key = name.lower()
            headers[key] = f"{headers[key]}\n{value}" if key in headers else value
        content = raw.read()
        encoding = headers.get("content-encoding", "")
        text = content.decode("utf-8", "replace") if not encoding else ""
        return Response(status, headers, text, raw.geturl())

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post_form(self, path, form_page, data):
        """Post `data` to `path` with the CSRF token from `form_page` (a Response)."""
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page.body)
        expect(match, f"no CSRF token in the form at {form_page.url}")
        return self.request("POST", path, data={"csrfmiddlewaretoken": match.group(1), **data})

    def sign_in(self, username, password):
        page = self.get("/accounts/login/")
        expect(page.status == 200, f"sign-in page answered {page.status}")
        response = self.post_form(
            "/accounts/login/", page, {"username": username, "password": password}
        )
        expect(
            response.status == 302,
            f"signing in as {username} answered {response.status}, not a redirect "
            "(wrong password, CSRF refused, or the demo data is not loaded)",
        )
        expect(
            any(cookie.name == "sessionid" for cookie in self.cookies),
            f"signing in as {username} set no session cookie",
        )
        return response


@dataclass
class Smoke:
    base_url: str
    request_id: str
    _clients: dict = field(default_factory=dict)
    _review_url: str | None = None

    def anonymous(self):
        return Client(self.base_url)

    def signed_in(self, username):
        if username not in self._clients:
            client = Client(self.base_url)
            client.sign_in(username, DEMO_PASSWORD)
            self._clients[username] = client
        return self._clients[username]

    def review_url(self):
        """The Baby F review's address, found on the review list as a person would find it."""
        if self._review_url is None:
            page = self.signed_in(BOARD_MANAGER).get("/reviews/")
            expect(page.status == 200, f"review list answered {page.status}")
            match = re.search(r'href="(/reviews/\d+/)">' + re.escape(REVIEW_TITLE) + "<", page.body)
            expect(match, f"no link to the {REVIEW_TITLE} review on the review list")
            self._review_url = match.group(1)
        return self._review_url


def _house_style(page):
    """The page is laid out by base.html and its stylesheet has a hashed name."""
    expect('class="govuk-template"' in page.body, f"{page.url} is not in the house layout")
    expect(
        re.search(r'href="/static/dist/app\.[0-9a-f]{12}\.css"', page.body),
        f"{page.url} does not link the hashed stylesheet (collectstatic / manifest storage)",
    )


# --- The checks, in the order they run -----------------------------------------------------


def check_healthz(smoke):
    response = smoke.anonymous().get("/healthz")
    expect(
        response.status == 200 and response.body == "ok",
        f"/healthz: {response.status} {response.body!r}",
    )


def check_readyz(smoke):
    response = smoke.anonymous().get("/readyz")
    expect(
        response.status == 200 and response.body == "ready",
        f"/readyz: {response.status} {response.body!r} (database down or migrations not applied)",
    )


def check_plain_http_is_redirected_to_https(smoke):
    client = smoke.anonymous()
    response = client.request("GET", "/accounts/login/", headers={"X-Forwarded-Proto": "http"})
    expect(
        response.status == 301 and response.header("Location").startswith("https://"),
        f"plain HTTP /accounts/login/ answered {response.status} {response.header('Location')!r}",
    )
    health = client.request("GET", "/readyz", headers={"X-Forwarded-Proto": "http"})
    expect(health.status == 200, f"plain HTTP /readyz (load balancer) answered {health.status}")


def check_request_id_is_echoed(smoke):
    response = smoke.anonymous().get("/accounts/login/", headers={"X-Request-ID": smoke.request_id})
    echoed = response.header("X-Request-ID")
    expect(echoed == smoke.request_id, f"X-Request-ID: sent {smoke.request_id}, got {echoed!r}")


def check_pages_need_sign_in(smoke):
    response = smoke.anonymous().get("/reviews/")
    expect(
        response.status == 302 and response.header("Location").startswith("/accounts/login/"),
        f"anonymous /reviews/ answered {response.status} {response.header('Location')!r}",
    )


def check_sign_in(smoke):
    client = smoke.signed_in(BOARD_MANAGER)
    home = client.get("/")
    expect(
        home.status == 302 and home.header("Location") == "/reviews/",
        f"the board manager's start page answered {home.status} {home.header('Location')!r}",
    )


def check_session_cookie_is_secure(smoke):
    client = Client(smoke.base_url)
    page = client.get("/accounts/login/")
    response = client.post_form(
        "/accounts/login/", page, {"username": BOARD_MANAGER, "password": DEMO_PASSWORD}
    )
    session = [c for c in response.header("Set-Cookie").split("\n") if c.startswith("sessionid=")]
    expect(session, "signing in set no session cookie")
    flags = session[0].lower()
    for flag in ("secure", "httponly", "samesite=lax"):
        expect(flag in flags, f"session cookie lacks {flag}: {session[0].split(';', 1)[1]}")


def check_review_list(smoke):
    page = smoke.signed_in(BOARD_MANAGER).get("/reviews/")
    expect(page.status == 200, f"review list answered {page.status}")
    _house_style(page)
    expect(REVIEW_TITLE in page.body, f"review list does not show {REVIEW_TITLE}")


def check_review_page(smoke):
    page = smoke.signed_in(BOARD_MANAGER).get(smoke.review_url())
    expect(page.status == 200, f"{smoke.review_url()} answered {page.status}")
    _house_style(page)
    expect(REVIEW_TITLE in page.body, f"the review page does not show {REVIEW_TITLE}")
    expect("Recommendation" in page.body, "review page shows no recommendations")


def check_static_file_cache_headers(smoke):
    page = smoke.signed_in(BOARD_MANAGER).get("/reviews/")
    match = re.search(r'href="(/static/dist/app\.[0-9a-f]{12}\.css)"', page.body)
    expect(match, "no hashed stylesheet linked from the review list")
    response = smoke.anonymous().get(match.group(1), headers={"Accept-Encoding": "gzip"})
    expect(response.status == 200, f"{match.group(1)} answered {response.status}")
    cache = response.header("Cache-Control")
    expect(
        cache == "max-age=315360000, public, immutable",
        f"{match.group(1)} Cache-Control: {cache!r}",
    )
    expect(
        response.header("Content-Encoding") == "gzip", f"{match.group(1)} was not served compressed"
    )


def check_security_headers(smoke):
    page = smoke.signed_in(BOARD_MANAGER).get(smoke.review_url())
    expected = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    }
    for name, value in expected.items():
        expect(page.header(name) == value, f"{name}: {page.header(name)!r}, expected {value!r}")
    hsts = page.header("Strict-Transport-Security")
    match = re.match(r"max-age=(\d+)", hsts)
    expect(match and int(match.group(1)) >= 31536000, f"Strict-Transport-Security: {hsts!r}")


def check_not_found_page(smoke):
    page = smoke.signed_in(BOARD_MANAGER).get("/no-such-page/")
    expect(page.status == 404, f"/no-such-page/ answered {page.status}")
    _house_style(page)
    expect("Page not found" in page.body, "the 404 page is not the house one")


def check_forbidden_page(smoke):
    page = smoke.signed_in(AGENCY_LEAD).get(smoke.review_url() + "edit/")
    expect(page.status == 403, f"an agency lead editing the review got {page.status}, not 403")
    _house_style(page)
    expect("You cannot view this page" in page.body, "the 403 page is not the house one")


CHECKS = [
    check_healthz,
    check_readyz,
    check_request_id_is_echoed,
    check_plain_http_is_redirected_to_https,
    check_pages_need_sign_in,
    check_sign_in,
    check_session_cookie_is_secure,
    check_review_list,
    check_review_page,
    check_static_file_cache_headers,
    check_security_headers,
    check_not_found_page,
    check_forbidden_page,
]


def wait_until_up(base_url, seconds):
    deadline = time.monotonic() + seconds
    while True:
        try:
            if Client(base_url).get("/healthz").status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"FAIL: {base_url}/healthz did not answer within {seconds}s")
        time.sleep(0.5)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", help="e.g. http://127.0.0.1:8000")
    parser.add_argument("--wait", type=float, default=0, help="seconds to wait for /healthz first")
    parser.add_argument(
        "--request-id", default=f"smoke-{uuid.uuid4().hex}", help="sent as X-Request-ID"
    )
    args = parser.parse_args(argv)
    if args.wait:
        wait_until_up(args.base_url, args.wait)
    smoke = Smoke(args.base_url, args.request_id)
    failed = 0
    for check in CHECKS:
        name = check.__name__.removeprefix("check_")
        try:
            check(smoke)
        except CheckFailed as error:
            failed += 1
            print(f"FAIL {name}: {error}")
        except Exception:  # a check that crashes is a failure with its traceback, not a stop
            failed += 1
            print(f"FAIL {name}: unexpected error\n{traceback.format_exc()}")
        else:
            print(f"ok   {name}")
    total = len(CHECKS)
    print(
        f"Smoke test: {failed} of {total} checks failed"
        if failed
        else f"Smoke test: all {total} checks pass"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
