"""Load test: signed-in people browsing the tracker and saving changes, against gunicorn and
PostgreSQL with the large generated dataset (`manage.py generate_demo_data`) and one account per
simulated person (bench/load/seed.py). Run by `make bench-load` (bench/load/run.sh), which
writes the results when the run ends: bench/results/load.json and bench/results/load.md.

Each simulated person signs in as the production settings require, with password and then the
code of their authenticator app (computed from the secret BENCH_TOTP_KEY, as the app would:
deploy/smoke_test.py `totp_code`). Each has an account of their own (BENCH_ACCOUNTS_FILE),
because a code is accepted once. They then move around as people do, waiting 1 to 3 seconds
between pages: the dashboard, the action list (and the lists the dashboard's figures link to),
search, the review list, a review's action plan, a recommendation, an action, a history page.
Board managers also re-save an action with a reason (a write with history); agency leads open
My actions and post progress updates on their open actions, every other one with a small PDF
as evidence (a write with history and a stored file). Pages are found by following the links on
the pages, so each role sees only what it may.

The measurement starts once every person has signed in (signing in hashes a password, slow by
design, and 50 at once would swamp the first seconds) and lasts BENCH_DURATION (2m); sign-in is
reported on its own. Any failed request, before or during the measurement, fails the run.

Before the measured run, bench/load/run.sh runs this file once with BENCH_PHASE=calibrate: one
person (an account of their own), no waiting between pages, for BENCH_CALIBRATION (30s), while
the server's CPU time is sampled (bench/load/cpu.py: gunicorn and the database's PostgreSQL
backends). CPU seconds per request of the mix gives what the machine's cores can serve at
most (capacity = cores / CPU seconds per request); the measured run then reports its
throughput against that capacity (goal: at least 70%) and its p95 (goal: under 1 s).

To add a page when a feature lands: add a @task method that fetches it, with `name=` grouping
URLs that differ only by id.
"""

import html
import itertools
import json
import os
import random
import re
import sys
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path

import gevent
from locust import HttpUser, between, constant, events, task
from locust.stats import StatsEntry

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from deploy.smoke_test import (  # noqa: E402 - the repository root is on the path only now
    CODE_FIELD,
    PASSWORD_FIELD,
    USERNAME_FIELD,
    form_with,
    small_pdf,
    totp_code,
)

PASSWORD = os.environ.get("BENCH_PASSWORD", "scr-demo-2026")
TOTP_KEY = os.environ.get("BENCH_TOTP_KEY", "")
ACCOUNTS_FILE = os.environ.get("BENCH_ACCOUNTS_FILE", "")
RESULTS = Path(os.environ.get("BENCH_RESULTS_DIR", Path(__file__).resolve().parents[1] / "results"))
DURATION = os.environ.get("BENCH_DURATION", "2m")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The form's one-time token (scr_tracker/once.py): a post without it does nothing.
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
SEARCHES = ["information sharing", "domestic abuse", "chronology", "voice of the child", "MASH"]
SIGN_IN = "sign in"  # the prefix of the sign-in requests' names
CALIBRATE = os.environ.get("BENCH_PHASE") == "calibrate"
CALIBRATION_FILE = os.environ.get("BENCH_CALIBRATION_FILE", "")
CALIBRATION_DURATION = os.environ.get("BENCH_CALIBRATION", "30s")
CORES = os.cpu_count() or 1
# The goals of issue 18: p95 under 1 s, throughput at least 70% of what the cores can serve.
GOAL_P95_MS = 1000
GOAL_SHARE_OF_CAPACITY = 0.7


def links(page_html, pattern):
    return sorted({html.unescape(u) for u in re.findall(rf'href="({pattern})"', page_html)})


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


def _accounts():
    if not (ACCOUNTS_FILE and TOTP_KEY):
        raise RuntimeError("Set BENCH_ACCOUNTS_FILE and BENCH_TOTP_KEY (bench/load/run.sh does)")
    return json.loads(Path(ACCOUNTS_FILE).read_text())


# Gevent runs every simulated person in one thread: plain module state is safe.
ACCOUNTS = []
_next_account = itertools.count()


class Person(HttpUser):
    # Calibration: one person, page after page, to find the CPU cost of the mix.
    wait_time = constant(0) if CALIBRATE else between(1, 3)

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
        self.origin = self.host.replace("http://", "https://")
        self.client.headers.update(
            {"X-Forwarded-Proto": "https", "Origin": self.origin, "Connection": "close"}
        )
        if not ACCOUNTS:
            ACCOUNTS.extend(_accounts())
        # The calibration's person has the last account, so that no code is used twice.
        number = len(ACCOUNTS) - 1 if CALIBRATE else next(_next_account)
        if number >= len(ACCOUNTS) - 1 and not CALIBRATE:
            raise RuntimeError(f"{len(ACCOUNTS)} accounts for more simulated people: seed more")
        account = ACCOUNTS[number]
        self.username, self.role = account["username"], account["role"]
        self.sign_in()
        self.reviews, self.recommendations, self.actions, self.lists = (
            [],
            [],
            [],
            ["/assurance/actions/"],
        )
        self.my_actions, self.histories = [], []
        self.review_list()
        self.dashboard()
        if self.role == "agency_lead":
            self.my_actions_page()
        _signed_in(self.environment)

    def _post_step(self, page, field, data, name):
        """Submit the sign-in form on `page` that has `field`, with its hidden fields."""
        form = form_with(page.text, field)
        if form is None:
            raise RuntimeError(f"{self.username}: no {field} field on {page.url}")
        return self.client.post(
            "/accounts/login/",
            {**form.hidden(), **data},
            headers={"Referer": self.origin + "/accounts/login/"},
            name=name,
            allow_redirects=False,
        )

    def sign_in(self):
        """Password, then the code the person's authenticator app shows now."""
        page = self.client.get("/accounts/login/", name=f"{SIGN_IN}: page")
        code_page = self._post_step(
            page,
            USERNAME_FIELD,
            {USERNAME_FIELD: self.username, PASSWORD_FIELD: PASSWORD},
            f"{SIGN_IN}: password",
        )
        if code_page.status_code != 200:
            raise RuntimeError(f"{self.username}: password step {code_page.status_code}")
        response = self._post_step(
            code_page, CODE_FIELD, {CODE_FIELD: totp_code(TOTP_KEY)}, f"{SIGN_IN}: code"
        )
        if response.status_code != 302:
            raise RuntimeError(f"{self.username}: code refused ({response.status_code})")

    def _get(self, url, name):
        response = self.client.get(url, name=name)
        return response.text if response.ok else ""

    @task(3)
    def dashboard(self):
        """The dashboard; its figures link to filtered action lists (overdue, due soon...)."""
        page = self._get("/assurance/dashboard/", "dashboard")
        self.lists = (
            ["/assurance/actions/", *links(page, r"/assurance/actions/\?[^\"]+")]
            if page
            else self.lists
        )

    @task(3)
    def action_list(self):
        """The whole action list half the time, else one the dashboard's figures link to."""
        lists = self.lists if random.random() < 0.5 else ["/assurance/actions/"]  # noqa: S311 - load shape
        url = random.choice(lists)  # noqa: S311
        page = self._get(
            url, "action list" if url == "/assurance/actions/" else "action list, filtered"
        )
        self.actions = links(page, r"/assurance/actions/\d+/") or self.actions

    @task(2)
    def search(self):
        query = random.choice(SEARCHES)  # noqa: S311
        page = self._get(f"/assurance/search/?q={query.replace(' ', '+')}", "search")
        self.recommendations = (
            links(page, r"/assurance/recommendations/\d+/") or self.recommendations
        )

    @task(3)
    def review_list(self):
        page = self._get("/assurance/reviews/", "review list")
        self.reviews = links(page, r"/assurance/reviews/\d+/") or self.reviews
        pages = links(page, r"\?page=\d+")
        if pages:
            self._get("/assurance/reviews/" + random.choice(pages), "review list, another page")  # noqa: S311

    @task(4)
    def review_plan(self):
        if not self.reviews:
            return
        url = random.choice(self.reviews)  # noqa: S311
        grouping = random.choice(["", "?group=agency"])  # noqa: S311
        page = self._get(url + grouping, "review action plan")
        self.recommendations = (
            links(page, r"/assurance/recommendations/\d+/") or self.recommendations
        )
        self.actions = links(page, r"/assurance/actions/\d+/") or self.actions

    @task(2)
    def recommendation(self):
        if self.recommendations:
            self._get(random.choice(self.recommendations), "recommendation")  # noqa: S311

    @task(3)
    def action(self):
        if self.actions:
            page = self._get(random.choice(self.actions), "action")  # noqa: S311
            history = links(page, r"/recommendations/actions/\d+/history/")
            self.histories = history or self.histories

    @task(1)
    def history(self):
        """The history of an action seen before, by the action page's History link."""
        if self.histories:
            self._get(random.choice(self.histories), "action history")  # noqa: S311

    @task(1)
    def save_action(self):
        """Board managers re-save an action with a reason: a write, validated, with history."""
        if self.role != "board_manager" or not self.actions:
            return
        action = self._get(random.choice(self.actions), "action")  # noqa: S311
        edit = links(action, r"/recommendations/actions/\d+/edit/")
        if not edit:
            return
        url = edit[0]
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

    def my_actions_page(self):
        page = self._get("/assurance/my-actions/", "my actions")
        self.my_actions = links(page, r"/assurance/actions/\d+/") or self.my_actions

    @task(2)
    def post_update(self):
        """Agency leads post a progress update on one of their open actions, every other one
        with a PDF as evidence: a write with history, the evidence stored and queued."""
        if self.role != "agency_lead":
            return
        self.my_actions_page()
        if not self.my_actions:
            return
        page = self._get(random.choice(self.my_actions), "action")  # noqa: S311
        update = re.search(r'href="(/assurance/actions/\d+/updates/new/)"', page)
        if not update:
            return  # closed, or reported complete: no update to post
        url = update.group(1)
        form = self.client.get(url, name="progress update form")
        data = {
            "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
            "form_token": FORM_TOKEN.search(form.text).group(1),
            "narrative": "Load test: a further 20 case files audited this month.",
            "rag": random.choice(["green", "amber"]),  # noqa: S311
            "rag_reason": "Most files now record the child's voice.",
        }
        files = None
        if random.random() < 0.5:  # noqa: S311
            name = f"audit-{uuid.uuid4().hex[:8]}.pdf"
            files = {"files": (name, small_pdf(f"Case file audit {name}"), "application/pdf")}
        with self.client.post(
            url,
            data,
            files=files,
            headers={"Referer": self.origin + url},
            name="progress update post" + (" with evidence" if files else ""),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"posting the update answered {response.status_code}")


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
        for e in sorted(stats.entries.values(), key=lambda e: (e.name, e.method))
        if e.name.startswith(SIGN_IN)
    ]
    RUN["errors_before"] = stats.total.num_failures
    RUN["requests_before"] = stats.total.num_requests
    stats.reset_all()
    RUN["started"] = now
    if CALIBRATE:
        _start_sampling()
    gevent.spawn_later(
        seconds(CALIBRATION_DURATION if CALIBRATE else DURATION), environment.runner.quit
    )


def _start_sampling():
    from bench.load.cpu import CpuSampler

    sampler = RUN["sampler"] = CpuSampler(
        int(os.environ["BENCH_GUNICORN_PID"]), os.environ["DATABASE_URL"]
    )
    sampler.sample()

    def keep_sampling():
        # Stops when asked, after one last sample: one query at a time on its connection.
        while not RUN.get("stop_sampling"):
            gevent.sleep(0.5)
            sampler.sample()

    RUN["sampling"] = gevent.spawn(keep_sampling)


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


def _write_calibration(environment, duration):
    """CPU seconds per request of the mix, one person at a time: to BENCH_CALIBRATION_FILE."""
    sampler = RUN["sampler"]
    RUN["stop_sampling"] = True
    RUN["sampling"].join()
    sampler.close()
    total = environment.stats.total
    requests = total.num_requests
    cpu = sampler.seconds()
    result = {
        "duration_s": round(duration, 1),
        "requests": requests,
        "errors": RUN["errors_before"] + total.num_failures,
        "mean_ms": round(total.avg_response_time, 1),
        "cpu_s": round(cpu, 2),
        "cpu_gunicorn_s": round(sampler.seconds("gunicorn"), 2),
        "cpu_postgres_s": round(sampler.seconds("postgres"), 2),
        "cpu_ms_per_request": round(1000 * cpu / requests, 1) if requests else None,
        "cores": CORES,
        "capacity_requests_per_s": round(CORES * requests / cpu, 1) if cpu else None,
    }
    Path(CALIBRATION_FILE).write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"Calibration: {requests} requests in {result['duration_s']} s by one person, "
        f"{result['cpu_ms_per_request']} ms of server CPU each "
        f"(gunicorn {result['cpu_gunicorn_s']} s, PostgreSQL {result['cpu_postgres_s']} s): "
        f"{CORES} cores can serve about {result['capacity_requests_per_s']} requests/s"
    )
    if result["errors"]:
        environment.process_exit_code = 1


def _against_goals(result) -> tuple[dict, list[str]]:
    """The throughput against the capacity the calibration found, and p95, with their goals."""
    b = result["browsing"]
    calibration = {}
    if CALIBRATION_FILE and Path(CALIBRATION_FILE).is_file():
        calibration = json.loads(Path(CALIBRATION_FILE).read_text())
    capacity = calibration.get("capacity_requests_per_s")
    share = b["requests_per_s"] / capacity if capacity else None
    goals = {
        "p95_ms": b["p95_ms"],
        "p95_goal_ms": GOAL_P95_MS,
        "p95_met": b["p95_ms"] < GOAL_P95_MS,
        "requests_per_s": b["requests_per_s"],
        "capacity_requests_per_s": capacity,
        "share_of_capacity": round(share, 2) if share is not None else None,
        "share_goal": GOAL_SHARE_OF_CAPACITY,
        "share_met": share is not None and share >= GOAL_SHARE_OF_CAPACITY,
        "calibration": calibration,
    }
    met = {True: "met", False: "NOT met"}
    lines = [
        f"- p95 {b['p95_ms']} ms; goal under {GOAL_P95_MS} ms: {met[goals['p95_met']]}.",
        (
            f"- Throughput {b['requests_per_s']} requests/s = {share:.0%} of the "
            f"{capacity} requests/s that {CORES} cores can serve at "
            f"{calibration['cpu_ms_per_request']} ms of server CPU a request (gunicorn and "
            f"PostgreSQL, measured with one person in this run: {calibration['requests']} "
            f"requests in {calibration['duration_s']} s); goal at least "
            f"{GOAL_SHARE_OF_CAPACITY:.0%}: {met[goals['share_met']]}."
            if share is not None
            else "- Throughput against capacity: no calibration in this run."
        ),
    ]
    return goals, lines


@events.quitting.add_listener
def write_results(environment, **kwargs):
    """bench/results/load.json and load.md; a non-zero exit when anything failed."""
    if RUN["started"] is not None and CALIBRATE:
        _write_calibration(environment, max(time.time() - RUN["started"], 1))
        return
    if RUN["started"] is None:
        environment.process_exit_code = 1
        print("Load test FAILED: not everyone could sign in before the time limit")
        return
    stats = environment.stats
    duration = max(time.time() - RUN["started"], 1)
    entries = sorted(stats.entries.values(), key=lambda e: (e.name, e.method))
    browsing = StatsEntry(stats, "browsing", "")
    for entry in entries:
        if not entry.name.startswith(SIGN_IN):
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
            if not e.name.startswith(SIGN_IN)
        ],
        "sign_in": RUN["sign_in"],
        "requests_while_signing_in": RUN["requests_before"],
    }
    result["goals"], goal_lines = _against_goals(result)
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
        *goal_lines,
        "",
        "| Page | Requests | Errors | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        *(_row(page["name"], page) for page in result["pages"]),
        _row("**All pages**", b),
        *(_row(f"{row['name']} (while everyone signed in)", row) for row in result["sign_in"]),
    ]
    (RESULTS / "load.md").write_text("\n".join(lines) + "\n")
