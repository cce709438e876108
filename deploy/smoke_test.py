#!/usr/bin/env python3
"""HTTP smoke test of a running SCR Tracker loaded with the demo data (`manage.py load_demo`).

    SMOKE_TOTP_KEY=<hex> python deploy/smoke_test.py http://127.0.0.1:8000 [--wait 30]
        [--request-id ID]

Runs every check in CHECKS, prints one line per check and exits 1 if any failed. Standard
library only, so it runs from anywhere, including outside the app's virtual environment.

Signing in is the real two-step journey of the production settings (MFA enforced): username and
password, then the 6-digit code of the user's authenticator app, computed here from the app's
secret as the app would (RFC 6238, `totp_code`). The demo users `board.manager` and
`lead.health` must have a confirmed authenticator (django-otp TOTPDevice named "default") whose
hex key is SMOKE_TOTP_KEY; `.ci/production_smoke.sh` gives them one before starting gunicorn.
Each user signs in once per run: a code is accepted once, so a second sign-in within the same
30 seconds would be refused, by design.

The server is reached over plain HTTP on a local port, as the reverse proxy reaches it, so
every request says `X-Forwarded-Proto: https` as the proxy does (and the production settings'
HTTPS redirect stays on). Cookies are Secure, so the client sends them over this plain
connection regardless (`_SendSecureCookiesPolicy`).

To add a check: write `check_<what>(smoke)` that raises CheckFailed with a clear message, and
append it to CHECKS. `smoke.signed_in(username)` gives a client signed in as a demo user;
`smoke.review_url()` is the Baby F review.
"""

import argparse
import hashlib
import hmac
import html
import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser

DEMO_PASSWORD = os.environ.get("SMOKE_PASSWORD", "scr-demo-2026")
BOARD_MANAGER = "board.manager"
AGENCY_LEAD = "lead.health"
REVIEW_TITLE = "Baby F"
# The assurance report labels each recommendation as the review's own report does.
REPORT_LABEL = "Child F Recommendation 1"
TIMEOUT = 30  # seconds, per request (a PDF takes a few seconds on a busy machine)
WORKER_WAIT = 90  # seconds for the background worker to make a job's file
# The sign-in wizard's fields (scr_tracker/accounts/views.py SignInView, a
# django-two-factor-auth LoginView: "<step>-<field>" names, the step in "<view>-current_step").
USERNAME_FIELD = "auth-username"
PASSWORD_FIELD = "auth-password"  # noqa: S105 - a field name
CODE_FIELD = "token-otp_token"  # noqa: S105 - a field name


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def totp_code(key_hex, at=None, *, step=30, t0=0, digits=6):
    """The code an authenticator app shows at `at` (default now) for the hex secret `key_hex`:
    RFC 6238 TOTP, HMAC-SHA1, with django-otp TOTPDevice's defaults (30-second step from the
    Unix epoch, 6 digits)."""
    counter = int(((time.time() if at is None else at) - t0) // step)
    mac = hmac.new(bytes.fromhex(key_hex), counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def small_pdf(text):
    """A real one-page PDF showing `text`: what an agency lead would attach as evidence."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = f"BT /F1 14 Tf 72 760 Td ({escaped}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_text(data):
    """The text of a PDF by poppler's pdftotext, or None when pdftotext is not installed."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        result = subprocess.run(  # noqa: S603 - a fixed program on our own temporary file
            [pdftotext, "-layout", pdf.name, "-"], capture_output=True, check=True, timeout=60
        )
    return result.stdout.decode("utf-8", "replace")


@dataclass
class Response:
    status: int
    headers: dict  # lower-case names; repeated headers (Set-Cookie) joined with "\n"
    body: str
    url: str
    content: bytes = b""

    def header(self, name):
        return self.headers.get(name.lower(), "")

    @property
    def path(self):
        parts = urllib.parse.urlsplit(self.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class Form:
    action: str
    method: str
    fields: list = field(default_factory=list)  # (name, value, type) in page order

    def names(self):
        return {name for name, _, _ in self.fields}

    def hidden(self):
        """The hidden fields (CSRF token, the sign-in wizard's step) as a browser sends them."""
        return {name: value for name, value, kind in self.fields if kind == "hidden"}


class _Forms(HTMLParser):
    """Every <form> of a page with its named inputs, textareas and selects."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(Form(a.get("action") or "", (a.get("method") or "get").lower()))
            self._in_form = True
        elif self._in_form and tag in ("input", "textarea", "select", "button") and a.get("name"):
            kind = a.get("type") or tag
            self.forms[-1].fields.append((a["name"], a.get("value") or "", kind))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False


def form_with(page_html, field_name):
    """The form in `page_html` that has a field called `field_name`, or None."""
    parser = _Forms()
    parser.feed(page_html)
    return next((form for form in parser.forms if field_name in form.names()), None)


def find_form(page, field_name):
    """The form on `page` (a Response) that has a field called `field_name`."""
    form = form_with(page.body, field_name)
    expect(form, f"no form with a {field_name!r} field at {page.url}")
    return form


def _multipart(fields, files):
    boundary = f"smoke-{uuid.uuid4().hex}"
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + str(value).encode()
            + b"\r\n"
        )
    for name, (filename, content, content_type) in files:
        parts.append(
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


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
        self.signed_in_response = None  # the response that completed signing in
        self.code_used = None  # the authenticator code that signed this client in

    def request(self, method, path, data=None, headers=None, files=None):
        """`data`: a dict or (name, value) pairs, sent form-encoded, or as multipart/form-data
        with `files`: (field name, (file name, bytes, content type)) pairs."""
        body, content_type = None, None
        if files:
            pairs = list(data.items()) if isinstance(data, dict) else list(data or [])
            body, content_type = _multipart(pairs, files)
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
            content_type = "application/x-www-form-urlencoded"
        # The base URL is the operator's http(s) address of the server under test.
        req = urllib.request.Request(self.base_url + path, data=body, method=method)  # noqa: S310
        req.add_header("X-Forwarded-Proto", "https")
        if body is not None:
            req.add_header("Content-Type", content_type)
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
        return Response(status, headers, text, raw.geturl(), content)

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post_form(self, path, form_page, data, files=None):
        """Post `data` to `path` as a browser would from the form on `form_page` (a Response)
        that has `data`'s first field: with its hidden fields (the CSRF token, the form's
        one-time token)."""
        form = find_form(form_page, next(iter(data)))
        expect(
            "csrfmiddlewaretoken" in form.hidden(), f"no CSRF token in the form at {form_page.url}"
        )
        return self.request("POST", path, data={**form.hidden(), **data}, files=files)

    def submit(self, page, field_name, data):
        """Submit the form on `page` that has `field_name`, as a browser would: its hidden
        fields (CSRF token, the wizard's step) with `data`, to the form's action."""
        form = find_form(page, field_name)
        return self.request("POST", form.action or page.path, data={**form.hidden(), **data})

    def enter_password(self, username, password):
        """Step one of signing in. Returns the next page: the code step for a user with an
        authenticator app."""
        page = self.get("/accounts/login/")
        expect(page.status == 200, f"sign-in page answered {page.status}")
        response = self.submit(
            page, USERNAME_FIELD, {USERNAME_FIELD: username, PASSWORD_FIELD: password}
        )
        expect(
            response.status == 200 and f'name="{CODE_FIELD}"' in response.body,
            f"after the password, {username} got {response.status} "
            f"{response.header('Location')!r}, not the authenticator code step (wrong "
            "password, CSRF refused, the demo data not loaded, or no authenticator set up)",
        )
        return response

    def sign_in(self, username, password, totp_key):
        """Both steps: password, then the code the user's authenticator app shows now."""
        expect(totp_key, "no authenticator secret: set SMOKE_TOTP_KEY (see the docstring)")
        code_page = self.enter_password(username, password)
        code = totp_code(totp_key)
        response = self.submit(code_page, CODE_FIELD, {CODE_FIELD: code})
        expect(
            response.status == 302,
            f"signing in as {username} with the authenticator code answered {response.status}, "
            "not a redirect (code refused: wrong SMOKE_TOTP_KEY, a clock out by more than 30 "
            "seconds, or the code already used this half-minute)",
        )
        expect(
            any(cookie.name == "sessionid" for cookie in self.cookies),
            f"signing in as {username} set no session cookie",
        )
        self.signed_in_response, self.code_used = response, code
        return response


@dataclass
class Smoke:
    base_url: str
    request_id: str
    totp_key: str = ""
    _clients: dict = field(default_factory=dict)
    _review_url: str | None = None

    def anonymous(self):
        return Client(self.base_url)

    def signed_in(self, username):
        """A client signed in as `username`; each user signs in once per run."""
        if username not in self._clients:
            client = Client(self.base_url)
            client.sign_in(username, DEMO_PASSWORD, self.totp_key)
            self._clients[username] = client
        return self._clients[username]

    def review_url(self):
        """The Baby F review's address, found on the review list as a person would find it."""
        if self._review_url is None:
            page = self.signed_in(BOARD_MANAGER).get("/assurance/reviews/")
            expect(page.status == 200, f"review list answered {page.status}")
            match = re.search(
                r'href="(/assurance/reviews/\d+/)">' + re.escape(REVIEW_TITLE) + "<", page.body
            )
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


def _download_name(response):
    match = re.search(r'filename="([^"]+)"', response.header("Content-Disposition"))
    return match.group(1) if match else ""


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
    response = smoke.anonymous().get("/assurance/reviews/")
    expect(
        response.status == 302 and response.header("Location").startswith("/accounts/login/"),
        f"anonymous /reviews/ answered {response.status} {response.header('Location')!r}",
    )


def check_password_alone_does_not_sign_in(smoke):
    """MFA is enforced: after the right password, pages still need the code."""
    client = smoke.anonymous()
    client.enter_password(BOARD_MANAGER, DEMO_PASSWORD)
    response = client.get("/assurance/reviews/")
    expect(
        response.status == 302 and response.header("Location").startswith("/accounts/login/"),
        f"with the password but no code, /reviews/ answered {response.status} "
        f"{response.header('Location')!r}, not the sign-in page",
    )


def check_password_alone_never_enrols_an_authenticator(smoke):
    """An account with no authenticator app (the demo scrutineer): the right password leads
    to no page and not to setting one up; the owner is emailed an enrolment link instead."""
    client = smoke.anonymous()
    page = client.get("/accounts/login/")
    response = client.submit(
        page, USERNAME_FIELD, {USERNAME_FIELD: "scrutineer", PASSWORD_FIELD: DEMO_PASSWORD}
    )
    for _ in range(3):
        if response.status != 302 or "check-your-email" in response.header("Location"):
            break
        response = client.get(response.header("Location"))
    expect(
        response.status == 302
        and response.header("Location") == "/accounts/two-factor/check-your-email/",
        f"a password-only session answered {response.status} {response.header('Location')!r}, "
        "not the page saying an enrolment link was emailed",
    )
    for path in ("/accounts/two-factor/setup/", "/assurance/reviews/"):
        after = client.get(path)
        expect(
            after.status == 302 and after.header("Location").startswith("/accounts/login/"),
            f"after a password alone, {path} answered {after.status} "
            f"{after.header('Location')!r}, not the sign-in page",
        )


def check_sign_in_with_authenticator_code(smoke):
    client = smoke.signed_in(BOARD_MANAGER)
    expect(
        client.signed_in_response.header("Location") == "/",
        "signing in did not go to the start page: "
        f"{client.signed_in_response.header('Location')!r}",
    )
    home = client.get("/")
    expect(
        home.status == 302 and home.header("Location") == "/assurance/dashboard/",
        f"the board manager's start page answered {home.status} {home.header('Location')!r}",
    )


def check_used_code_is_refused(smoke):
    """A code that signed someone in cannot sign anyone in again (replay)."""
    used = smoke.signed_in(BOARD_MANAGER).code_used
    client = smoke.anonymous()
    code_page = client.enter_password(BOARD_MANAGER, DEMO_PASSWORD)
    response = client.submit(code_page, CODE_FIELD, {CODE_FIELD: used})
    expect(
        response.status == 200 and "The code is not right" in response.body,
        f"replaying the board manager's used code answered {response.status} "
        f"{response.header('Location')!r}, not the code step with an error",
    )
    expect(
        client.get("/assurance/reviews/").status == 302,
        "a replayed code gave access to the review list",
    )


def check_session_cookie_is_secure(smoke):
    response = smoke.signed_in(BOARD_MANAGER).signed_in_response
    session = [c for c in response.header("Set-Cookie").split("\n") if c.startswith("sessionid=")]
    expect(session, "completing sign-in set no new session cookie (no session key rotation)")
    flags = session[0].lower()
    for flag in ("secure", "httponly", "samesite=lax"):
        expect(flag in flags, f"session cookie lacks {flag}: {session[0].split(';', 1)[1]}")


def check_dashboard(smoke):
    page = smoke.signed_in(BOARD_MANAGER).get("/assurance/dashboard/")
    expect(page.status == 200, f"/assurance/dashboard/ answered {page.status}")
    _house_style(page)
    expect("<h1" in page.body and "Dashboard</h1>" in page.body, "no Dashboard heading")
    for part in ("At a glance", "Actions by partnership RAG", "<svg"):
        expect(part in page.body, f"the dashboard has no {part!r}")
    expect(
        re.search(r"\d+</span> overdue actions", page.body),
        "the dashboard does not count overdue actions",
    )


def check_review_list(smoke):
    page = smoke.signed_in(BOARD_MANAGER).get("/assurance/reviews/")
    expect(page.status == 200, f"review list answered {page.status}")
    _house_style(page)
    expect(REVIEW_TITLE in page.body, f"review list does not show {REVIEW_TITLE}")


def check_review_page(smoke):
    page = smoke.signed_in(BOARD_MANAGER).get(smoke.review_url())
    expect(page.status == 200, f"{smoke.review_url()} answered {page.status}")
    _house_style(page)
    expect(REVIEW_TITLE in page.body, f"the review page does not show {REVIEW_TITLE}")
    expect("Recommendation" in page.body, "review page shows no recommendations")


def _open_action_for_update(client):
    """The first of the lead's actions (My actions) that offers "Post a progress update"."""
    mine = client.get("/assurance/my-actions/")
    expect(mine.status == 200, f"{AGENCY_LEAD}'s My actions answered {mine.status}")
    actions = list(dict.fromkeys(re.findall(r'href="(/assurance/actions/\d+/)"', mine.body)))
    expect(actions, f"{AGENCY_LEAD} has no actions on My actions")
    for url in actions:
        page = client.get(url)
        expect(page.status == 200, f"{AGENCY_LEAD} opening {url} got {page.status}")
        update = re.search(r'href="(/assurance/actions/\d+/updates/new/)"', page.body)
        if update:
            return url, update.group(1)
    raise CheckFailed(f"none of {AGENCY_LEAD}'s {len(actions)} actions offers a progress update")


def check_evidence_upload_and_download(smoke):
    """The agency lead posts a progress update with a PDF and downloads it back unchanged."""
    client = smoke.signed_in(AGENCY_LEAD)
    action_url, update_url = _open_action_for_update(client)
    form_page = client.get(update_url)
    expect(form_page.status == 200, f"{update_url} answered {form_page.status}")
    filename = f"smoke-evidence-{uuid.uuid4().hex[:8]}.pdf"
    evidence = small_pdf(f"SCR Tracker smoke test evidence, request {smoke.request_id}")
    response = client.post_form(
        update_url,
        form_page,
        {
            "narrative": "Smoke test: audit of 20 case files completed.",
            "rag": "green",
            "rag_reason": "On track: the audit was completed on time.",
        },
        files=[("files", (filename, evidence, "application/pdf"))],
    )
    expect(
        response.status == 302 and response.header("Location") == action_url,
        f"posting the update with evidence answered {response.status} "
        f"{response.header('Location')!r}, not a redirect to {action_url}"
        + (" (the form had errors)" if "govuk-error-summary" in response.body else ""),
    )
    page = client.get(action_url)
    link = re.search(
        r'href="(/assurance/evidence/\d+/download/)"[^>]*>' + re.escape(filename) + "<", page.body
    )
    expect(link, f"the action page does not list {filename} with a download link")
    download = client.get(link.group(1))
    expect(download.status == 200, f"downloading {filename} answered {download.status}")
    disposition = download.header("Content-Disposition")
    expect(
        disposition.startswith("attachment") and _download_name(download) == filename,
        f"evidence download Content-Disposition: {disposition!r}",
    )
    expect(
        download.header("X-Content-Type-Options") == "nosniff",
        f"evidence download X-Content-Type-Options: {download.header('X-Content-Type-Options')!r}",
    )
    expect(
        download.header("Content-Type") == "application/pdf",
        f"evidence download Content-Type: {download.header('Content-Type')!r}",
    )
    expect(
        "no-store" in download.header("Cache-Control"),
        f"evidence download may be cached: {download.header('Cache-Control')!r}",
    )
    expect(
        download.content == evidence,
        f"downloaded {len(download.content)} bytes differ from the {len(evidence)} uploaded",
    )


def check_draft_assurance_report_pdf(smoke):
    """The board manager composes the Baby F implementation assurance report (kept as a
    draft), sees its preview and downloads the draft PDF (rendered by WeasyPrint in the web
    process)."""
    client = smoke.signed_in(BOARD_MANAGER)
    compose_path = "/assurance/reports/new/assurance/"
    compose = client.get(compose_path)
    expect(compose.status == 200, f"composing an assurance report answered {compose.status}")
    option = re.search(r'<option value="(\d+)"[^>]*>[^<]*' + re.escape(REVIEW_TITLE), compose.body)
    expect(option, f"the report's review list has no {REVIEW_TITLE}")
    # The report's other options are left to their defaults, which the draft fills in.
    saved = client.post_form(compose_path, compose, {"review": option.group(1)})
    location = saved.header("Location") or ""
    expect(
        saved.status == 302 and re.match(r"/assurance/reports/drafts/\d+/", location),
        f"saving the draft answered {saved.status} {location!r}, not a redirect to the draft"
        + (" (the form had errors)" if "govuk-error-summary" in saved.body else ""),
    )
    preview = client.get(urllib.parse.urlsplit(location).path)
    expect(preview.status == 200, f"the draft's page answered {preview.status}")
    expect(REPORT_LABEL in preview.body, f"the preview does not show {REPORT_LABEL!r}")
    link = re.search(r'href="(/assurance/reports/drafts/\d+/draft\.pdf[^"]*)"', preview.body)
    expect(link, "the draft's page has no Download draft PDF link")
    pdf = client.get(html.unescape(link.group(1)))
    expect(pdf.status == 200, f"the draft PDF answered {pdf.status}")
    expect(
        pdf.header("Content-Type") == "application/pdf",
        f"draft PDF Content-Type: {pdf.header('Content-Type')!r}",
    )
    expect(
        pdf.header("Content-Disposition").startswith("attachment")
        and _download_name(pdf).endswith("-DRAFT.pdf"),
        f"draft PDF Content-Disposition: {pdf.header('Content-Disposition')!r}",
    )
    expect(pdf.content.startswith(b"%PDF-"), f"the draft is not a PDF: {pdf.content[:20]!r}")
    text = pdf_text(pdf.content)
    if text is not None:  # pdftotext is optional on the machine running the smoke test
        expect(REPORT_LABEL in text, f"the PDF's text does not contain {REPORT_LABEL!r}")


def check_long_download_is_made_by_the_worker(smoke):
    """Over EXPORT_BACKGROUND_ROWS (lowered by .ci/production_smoke.sh) the actions list's CSV
    is written by the background worker (`manage.py db_worker`): the download sends the board
    manager to the job's page, which offers the file once the worker has made it; nobody else
    may open that page."""
    client = smoke.signed_in(BOARD_MANAGER)
    asked = client.get("/assurance/actions/export.csv")
    expect(asked.status == 302, f"the large CSV download answered {asked.status}, not 302")
    job_path = urllib.parse.urlsplit(asked.header("Location")).path
    expect(re.fullmatch(r"/jobs/\d+/", job_path), f"sent to {job_path!r}, not a job's page")
    deadline = time.monotonic() + WORKER_WAIT
    while True:
        page = client.get(job_path)
        expect(page.status == 200, f"the job's page answered {page.status}")
        expect("This could not be finished" not in page.body, "the worker failed the job")
        if "Your file is ready" in page.body:
            break
        expect("Check progress" in page.body, "the waiting job's page has no Check progress link")
        expect(time.monotonic() < deadline, f"no worker made the file within {WORKER_WAIT} s")
        time.sleep(1)
    link = re.search(r'href="(/jobs/\d+/download/)"', page.body)
    expect(link, "the finished job's page has no download link")
    download = client.get(link.group(1))
    expect(download.status == 200, f"the job's file answered {download.status}")
    expect(
        download.header("Cache-Control") == "private, no-store",
        f"the job's file says Cache-Control: {download.header('Cache-Control')!r}",
    )
    expect(
        download.header("Content-Type").startswith("text/csv")
        and _download_name(download).startswith("actions-"),
        f"the job's file: {download.header('Content-Type')!r}, {_download_name(download)!r}",
    )
    expect("SCR-BABY-F" in download.content.decode("utf-8-sig"), "the CSV has no Baby F actions")
    other = smoke.signed_in(AGENCY_LEAD).get(job_path)
    expect(other.status == 404, f"another user opening the job's page got {other.status}")


def check_static_file_cache_headers(smoke):
    page = smoke.signed_in(BOARD_MANAGER).get("/assurance/reviews/")
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
    csp = page.header("Content-Security-Policy")
    expect(
        "default-src 'self'" in csp or "default-src 'none'" in csp,
        f"Content-Security-Policy: {csp!r}",
    )
    expect("'unsafe-inline'" not in csp, f"Content-Security-Policy allows inline code: {csp!r}")


def check_not_found_page(smoke):
    page = smoke.signed_in(BOARD_MANAGER).get("/no-such-page/")
    expect(page.status == 404, f"/no-such-page/ answered {page.status}")
    _house_style(page)
    expect("Page not found" in page.body, "the 404 page is not the house one")


def check_forbidden_page(smoke):
    # The review's edit form belongs to the reviews app: /reviews/<id>/edit/.
    edit_url = smoke.review_url().replace("/assurance/reviews/", "/reviews/") + "edit/"
    page = smoke.signed_in(AGENCY_LEAD).get(edit_url)
    expect(page.status == 403, f"an agency lead editing the review got {page.status}, not 403")
    _house_style(page)
    expect("You cannot view this page" in page.body, "the 403 page is not the house one")


CHECKS = [
    check_healthz,
    check_readyz,
    check_request_id_is_echoed,
    check_plain_http_is_redirected_to_https,
    check_pages_need_sign_in,
    check_password_alone_does_not_sign_in,
    check_password_alone_never_enrols_an_authenticator,
    check_sign_in_with_authenticator_code,
    check_used_code_is_refused,
    check_session_cookie_is_secure,
    check_dashboard,
    check_review_list,
    check_review_page,
    check_evidence_upload_and_download,
    check_draft_assurance_report_pdf,
    check_long_download_is_made_by_the_worker,
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
    smoke = Smoke(args.base_url, args.request_id, os.environ.get("SMOKE_TOTP_KEY", ""))
    failed = 0
    for check in CHECKS:
        name = check.__name__.removeprefix("check_")
        started = time.monotonic()
        try:
            check(smoke)
        except CheckFailed as error:
            failed += 1
            print(f"FAIL {name}: {error}")
        except Exception:  # a check that crashes is a failure with its traceback, not a stop
            failed += 1
            print(f"FAIL {name}: unexpected error\n{traceback.format_exc()}")
        else:
            print(f"ok   {name} ({time.monotonic() - started:.1f} s)")
    total = len(CHECKS)
    print(
        f"Smoke test: {failed} of {total} checks failed"
        if failed
        else f"Smoke test: all {total} checks pass"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
