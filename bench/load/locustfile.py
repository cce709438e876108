"""Load test: signed-in people browsing the tracker and saving changes, against gunicorn and
PostgreSQL with the demo data and the generated plan (bench/load/seed.py). Run by
`make bench-load` (bench/load/run.sh), which writes the results when the run ends:
bench/results/load.json and bench/results/load.md.

Each simulated person signs in as a demo user (board manager, agency leads, scrutineer) and then
moves around as people do, waiting 1 to 3 seconds between pages: the review list, a review's
action plan, a recommendation, an action, a history page; board managers also re-save an action
with a reason (a write with history).
Pages are found by following the links on the pages, so each role sees only what it may.

The measurement starts once every person has signed in (signing in hashes a password, slow by
design, and 50 at once would swamp the first seconds) and lasts BENCH_DURATION (2m); sign-in is
reported on its own. Any failed request, before or during the measurement, fails the run.

To add a page when a feature lands (dashboard, evidence, reports): add a @task method that
fetches it, with `name=` grouping URLs that differ only by id.
"""

import json
import os
import random
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task
from locust.stats import StatsEntry

PASSWORD = os.environ.get("BENCH_PASSWORD", "scr-demo-2026")
# Who the simulated people are, in proportion.
ACCOUNTS = ["board.manager"] * 2 + ["lead.health", "lead.socialcare"] * 1 + ["scrutineer"]
RESULTS = Path(os.environ.get("BENCH_RESULTS_DIR", Path(__file__).resolve().parents[1] / "results"))
DURATION = os.environ.get("BENCH_DURATION", "2m")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def links(html, pattern):
    return sorted(set(re.findall(rf'href="({pattern})"', html)))


class FormValues(HTMLParser):
    """The fields of the page's main form (not the header's sign-out form) with their current
    values, as a browser would submit them unchanged."""

    def __init__(self):
        super().__init__()
        self.values, self.in_form, self.select, self.textarea = [], False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.in_form = a.get("method", "").lower() == "post" and "logout" not in a.get(
                "action", ""
            )
        elif not self.in_form:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.values.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self.textarea = [a.get("name"), ""]
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.values.append((self.select, a.get("value", "")))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            # Browsers drop the newline straight after <textarea>.
            self.values.append((name, text[1:] if text.startswith("\n") else text))
            self.textarea = None
        elif tag == "select":
            self.select = None


class Person(HttpUser):
    wait_time = between(1, 3)

    def _send_secure_cookies(self):
        """Gunicorn is reached over plain HTTP, as the proxy reaches it, but the app's cookies
        are Secure: clear the flag before each request so that they are sent (requests copies
        the cookies into a fresh jar for each request, so a cookie policy would not stay)."""
        send = self.client.request

        def request(*args, **kwargs):
            for cookie in self.client.cookies:
                cookie.secure = False
            return send(*args, **kwargs)

        self.client.request = request

    def on_start(self):
        self._send_secure_cookies()
        # As the reverse proxy sends requests: marked HTTPS, and each on a new connection (nginx's
        # default). Kept-alive connections straight to gunicorn would be cut, now and then, by a
        # worker being replaced after GUNICORN_MAX_REQUESTS, which no browser behind a proxy sees.
        self.client.headers.update(
            {
                "X-Forwarded-Proto": "https",
                "Origin": self.host.replace("http://", "https://"),
                "Connection": "close",
            }
        )
        self.username = random.choice(ACCOUNTS)  # noqa: S311 - load shape, not security
        page = self.client.get("/accounts/login/", name="sign in")
        response = self.client.post(
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                "username": self.username,
                "password": PASSWORD,
            },
            headers={"Referer": self.host.replace("http://", "https://") + "/accounts/login/"},
            name="sign in",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"{self.username} could not sign in: {response.status_code}")
        self.reviews, self.recommendations, self.actions = [], [], []
        self.review_list()
        _signed_in(self.environment)

    def _get(self, url, name):
        response = self.client.get(url, name=name)
        return response.text if response.ok else ""

    @task(3)
    def review_list(self):
        html = self._get("/reviews/", "review list")
        self.reviews = links(html, r"/reviews/\d+/") or self.reviews
        pages = links(html, r"\?page=\d+")
        if pages:
            self._get("/reviews/" + random.choice(pages), "review list, another page")  # noqa: S311

    @task(4)
    def review_plan(self):
        if not self.reviews:
            return
        url = random.choice(self.reviews)  # noqa: S311
        grouping = random.choice(["", "?group=agency"])  # noqa: S311
        html = self._get(url + grouping, "review action plan")
        self.recommendations = links(html, r"/recommendations/\d+/") or self.recommendations
        self.actions = links(html, r"/actions/\d+/") or self.actions

    @task(2)
    def recommendation(self):
        if self.recommendations:
            self._get(random.choice(self.recommendations), "recommendation")  # noqa: S311

    @task(3)
    def action(self):
        if self.actions:
            self._get(random.choice(self.actions), "action")  # noqa: S311

    @task(1)
    def history(self):
        if self.actions:
            self._get(random.choice(self.actions) + "history/", "action history")  # noqa: S311

    @task(1)
    def save_action(self):
        """Board managers re-save an action with a reason: a write, validated, with history."""
        if self.username != "board.manager" or not self.actions:
            return
        url = random.choice(self.actions) + "edit/"  # noqa: S311
        page = self.client.get(url, name="action edit form")
        form = FormValues()
        form.feed(page.text)
        data = [(k, v) for k, v in form.values if k != "change_reason"]
        data.append(("change_reason", "Load test: progress noted at the board meeting"))
        with self.client.post(
            url, data, name="action save", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"saving the action answered {response.status_code}")


def seconds(duration: str) -> int:
    """ "2m", "90s", "1m30s" or "120" in seconds."""
    match = re.fullmatch(r"(?:(\d+)m)?(?:(\d+)s?)?", duration.strip())
    if not match or not any(match.groups()):
        raise ValueError(f"BENCH_DURATION={duration!r} is not a duration such as 2m or 90s")
    return int(match.group(1) or 0) * 60 + int(match.group(2) or 0)


SIGN_IN_LIMIT = 300  # seconds for everyone to sign in before the run is abandoned

# Gevent runs every simulated person in one thread: plain module state is safe.
RUN = {"signed_in": 0, "sign_in": [], "errors_before": 0, "requests_before": 0, "started": None}


def _signed_in(environment):
    """Once everyone has signed in: keep the sign-in figures, start measuring afresh, and stop
    the run DURATION later."""
    RUN["signed_in"] += 1
    if RUN["signed_in"] != environment.runner.target_user_count:
        return
    stats = environment.stats
    now = time.time()
    warmup = max(now - stats.total.start_time, 1)
    RUN["sign_in"] = [
        {"name": f"{e.method} {e.name}", **_summary(e, warmup)}
        for e in sorted(stats.entries.values(), key=lambda e: e.method)
        if e.name == "sign in"
    ]
    RUN["errors_before"] = stats.total.num_failures
    RUN["requests_before"] = stats.total.num_requests
    stats.reset_all()
    RUN["started"] = now
    gevent.spawn_later(seconds(DURATION), environment.runner.quit)


@events.test_start.add_listener
def _limit_sign_in(environment, **kwargs):
    def give_up():
        if RUN["started"] is None:
            environment.runner.quit()

    gevent.spawn_later(SIGN_IN_LIMIT, give_up)


def _summary(entry, duration):
    return {
        "requests": entry.num_requests,
        "errors": entry.num_failures,
        "requests_per_s": round(entry.num_requests / duration, 1),
        "p50_ms": entry.get_response_time_percentile(0.5),
        "p95_ms": entry.get_response_time_percentile(0.95),
        "p99_ms": entry.get_response_time_percentile(0.99),
    }


def _row(label, summary):
    return (
        f"| {label} | {summary['requests']} | {summary['errors']} | {summary['p50_ms']} | "
        f"{summary['p95_ms']} | {summary['p99_ms']} |"
    )


@events.quitting.add_listener
def write_results(environment, **kwargs):
    """bench/results/load.json and load.md; a non-zero exit when anything failed."""
    if RUN["started"] is None:
        environment.process_exit_code = 1
        print("Load test FAILED: not everyone could sign in before the time limit")
        return
    stats = environment.stats
    duration = max(time.time() - RUN["started"], 1)
    entries = sorted(stats.entries.values(), key=lambda e: (e.name, e.method))
    browsing = StatsEntry(stats, "browsing", "")
    for entry in entries:
        if entry.name != "sign in":
            browsing.extend(entry)
    errors = RUN["errors_before"] + stats.total.num_failures
    if errors:
        environment.process_exit_code = 1
    result = {
        "users": environment.runner.target_user_count,
        "duration_s": round(duration, 1),
        "setup": os.environ.get("BENCH_SETUP", ""),
        "finished": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "errors": errors,
        "browsing": _summary(browsing, duration),
        "pages": [
            {"name": f"{e.method} {e.name}", **_summary(e, duration)}
            for e in entries
            if e.name != "sign in"
        ],
        "sign_in": RUN["sign_in"],
        "requests_while_signing_in": RUN["requests_before"],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(result, indent=2) + "\n")
    b = result["browsing"]
    lines = [
        f"Load test, {result['finished']}: {result['users']} signed-in users browsing for "
        f"{result['duration_s']} s against {result['setup']}.",
        "",
        f"**{b['requests_per_s']} requests/s, p50 {b['p50_ms']} ms, p95 {b['p95_ms']} ms, "
        f"p99 {b['p99_ms']} ms; {errors} errors.**",
        "",
        "| Page | Requests | Errors | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        *(_row(page["name"], page) for page in result["pages"]),
        _row("**All pages**", b),
        *(_row(f"{row['name']} (while everyone signed in)", row) for row in result["sign_in"]),
    ]
    (RESULTS / "load.md").write_text("\n".join(lines) + "\n")
