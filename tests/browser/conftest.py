"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Playwright's own browser download does not work on our machines, so the tests launch
/usr/bin/chromium (installed by `scripts/bootstrap.sh --test`). A browser that cannot start
fails the tests: it never skips them.
"""

import os
import shutil
import threading
from pathlib import Path
from unittest import mock

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test import override_settings
from django.test.testcases import LiveServerThread
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from . import checks

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def _one_request_at_a_time(application):
    """The application, answering one request at a time (the whole response produced and
    closed under a lock)."""
    lock = threading.Lock()

    def serial(environ, start_response):
        with lock:
            response = application(environ, start_response)
            try:
                return list(response)
            finally:
                close = getattr(response, "close", None)
                if close is not None:
                    close()

    return serial


class _LiveServer(ThreadedWSGIServer):
    """On the in-memory SQLite test database every server thread shares the test's one
    connection (`connections_override`), and two requests writing at once through it fail with
    "database table is locked": a page whose evidence previews load side by side, each writing
    its access log row, did. Requests then take turns; on PostgreSQL (own connections) they
    run side by side as in production."""

    def set_app(self, application):
        if self.connections_override:
            application = _one_request_at_a_time(application)
        super().set_app(application)


class _LiveServerThread(LiveServerThread):
    server_class = _LiveServer


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server (static files served by the staticfiles handler), started
    so that it serves no evidence files.

    Django's live server wraps the app in a handler that serves MEDIA_ROOT under MEDIA_URL.
    Our MEDIA_URL is None (evidence has no public URL; it is served by permission-checked
    views), which that handler cannot parse; a MEDIA_URL on another host makes it stand aside.
    """
    address = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    with (
        override_settings(MEDIA_URL="http://evidence-is-not-served-here.invalid/"),
        mock.patch("django.test.testcases.LiveServerThread", _LiveServerThread),
    ):
        server = LiveServer(address)
    yield server
    server.stop()


@pytest.fixture
def browser(monkeypatch, live_server):
    """A headless Chromium, one per test so that nothing leaks from one journey to the next."""
    # Playwright's sync API keeps an asyncio loop running in this thread; without this Django
    # would refuse the ORM calls that fixtures make after the browser has started.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not checks.AXE_SCRIPT.is_file():
        pytest.fail(
            f"{checks.AXE_SCRIPT} is missing: run `npm ci` (scripts/bootstrap.sh --test does).",
            pytrace=False,
        )
    playwright = sync_playwright().start()
    chromium = failure = None
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except PlaywrightError as error:
        failure = error
    if failure is not None:
        playwright.stop()
        pytest.fail(
            f"Chromium could not start from {CHROMIUM}: install Debian's chromium "
            f"(`apt-get install chromium`, done by scripts/bootstrap.sh --test).\n{failure}",
            pytrace=False,
        )
    yield chromium
    chromium.close()
    # While Playwright runs, Django hands this thread's code other database connections
    # (asgiref's context-local storage sees Playwright's event loop). Close them before it
    # stops, or they stay open and PostgreSQL cannot drop the test database.
    connections.close_all()
    playwright.stop()


@pytest.fixture
def screenshot_dir(request):
    """test-artifacts/screenshots/<database>/<test name>/, emptied at the start of the test
    (one folder per database: CI runs the SQLite and PostgreSQL suites side by side)."""
    from django.db import connection

    folder = SCREENSHOTS / connection.vendor / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def new_page(browser, live_server, screenshot_dir):
    """Open a page in a fresh browser context: `new_page(java_script_enabled=False)`,
    `new_page(viewport={"width": 320, "height": 640})`. Every page load must be checked
    (see checks.check_page); a load that was not fails the test."""
    contexts = []

    def open_page(**context_options):
        options = {"viewport": {"width": 1280, "height": 900}, **context_options}
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        checks.watch(
            page,
            screenshot_dir=screenshot_dir,
            javascript=options.get("java_script_enabled", True),
        )
        return page

    yield open_page
    unchecked = [url for context in contexts for url in checks.unchecked_loads(context.pages)]
    for context in contexts:
        context.close()
    assert not unchecked, f"Pages loaded without an accessibility check: {unchecked}"


@pytest.fixture
def page(new_page):
    """A desktop-sized page with JavaScript on."""
    return new_page()
