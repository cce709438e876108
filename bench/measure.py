"""Time each page in-process with Django's test Client on the database DATABASE_URL names,
and write bench/results/<name>.json. Run by bench/run.py, once per database and scale:
`bench/measure.py <backend> [<name>]` (name defaults to the backend).

Besides each page's time it records its own SQL time: the executed queries' durations summed
per request (a connection execute_wrapper), so a page's time can be compared with the time
its database work takes. The benchmarked partnership is the largest generated one, or with
BENCH_PARTNERSHIP_ACTIONS the one whose number of actions is closest to it (so the pages
of a partnership of the same size are compared at two sizes of the installation)."""

import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, F, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from assurance.models import ProgressUpdate  # noqa: E402
from recommendations.models import Action, Recommendation  # noqa: E402
from reviews.models import Review  # noqa: E402
from scr_tracker.models import (  # noqa: E402
    Agency,  # noqa: E402
    Partnership,
    Role,
    User,
)

WARM_UP = 3
RUNS = int(os.environ.get("BENCH_RUNS", "20"))


class SqlTimer:
    """Sums the duration of every query executed while installed (connection.execute_wrapper)."""

    def __init__(self):
        self.total = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.total += time.perf_counter() - started


def _consume(response) -> int:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return len(body)


@dataclass
class Page:
    key: str
    label: str
    url: str
    user: User
    before: Callable[[], None] = lambda: None  # runs ahead of each request, untimed
    client: Client = field(default_factory=Client)
    times: list[float] = field(default_factory=list)
    sql_times: list[float] = field(default_factory=list)

    def get(self, *, timed: bool) -> int:
        self.before()
        timer = SqlTimer()
        started = time.perf_counter()
        with connection.execute_wrapper(timer):
            response = self.client.get(self.url)
            size = _consume(response)
        if timed:
            self.times.append((time.perf_counter() - started) * 1000)
            self.sql_times.append(timer.total * 1000)
        assert response.status_code == 200, (self.url, response.status_code)
        return size


def _time(pages: list[Page]) -> list[dict]:
    """Warm every page up, then time RUNS rounds of one request per page. Interleaving the
    pages means a slow spell on a shared machine slows all of them alike, so the ratios to
    the admin page hold even when the absolute times drift."""
    for page in pages:
        page.client.force_login(page.user)
        for _ in range(WARM_UP):
            page.get(timed=False)
    for _ in range(RUNS):
        for page in pages:
            page.get(timed=True)
    results = []
    for page in pages:
        page.before()
        with CaptureQueriesContext(connection) as queries:
            size = page.get(timed=False)
        results.append(
            {
                "page": page.key,
                "label": page.label,
                "url": page.url,
                "p50_ms": round(statistics.median(page.times), 1),
                "p95_ms": round(statistics.quantiles(page.times, n=20, method="inclusive")[18], 1),
                "sql_p50_ms": round(statistics.median(page.sql_times), 1),
                "ratio_to_sql_p50": round(
                    statistics.median(page.times) / max(statistics.median(page.sql_times), 0.1), 2
                ),
                "queries": len(queries.captured_queries),
                "bytes": size,
            }
        )
    return results


def calibration_ms() -> float:
    """How fast this machine runs plain Python: the median of 5 runs of a 2-million-step
    loop. Shared and throttled machines vary by 2x or more from day to day; this puts the
    page timings in proportion (compare runs by their ratio to it, or to the admin page)."""
    times = []
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for i in range(2_000_000):
            total += i
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def _admin_user():
    user = User.objects.filter(username="bench.admin").first()
    if user is None:
        user = User(
            username="bench.admin", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True
        )
        user.set_unusable_password()
        user.save()
    return user


def _benchmarked_manager():
    """The board manager of the largest generated partnership, or of the one whose number of
    actions is closest to BENCH_PARTNERSHIP_ACTIONS."""
    from django.db.models.functions import Abs

    target = os.environ.get("BENCH_PARTNERSHIP_ACTIONS")
    managers = User.objects.filter(
        username__startswith="gen", username__endswith=".board.manager"
    ).annotate(
        n=Count(
            "partnership__reviews__recommendations__actions",
        )
    )
    if target:
        return managers.annotate(distance=Abs(F("n") - int(target))).order_by("distance").first()
    return managers.order_by("-n").first()


def main(backend: str, name: str):
    # Planner statistics, and on PostgreSQL the visibility map that index-only scans need
    # (autovacuum keeps both up to date in production; right after a bulk load neither is).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    manager = _benchmarked_manager()
    today = timezone.localdate()
    agency = (
        Agency.objects.filter(partnership=manager.partnership)
        .annotate(
            n=Count(
                "actions",
                filter=Q(
                    actions__status__in=["not_started", "in_progress"], actions__due_date__lt=today
                ),
            )
        )
        .order_by("-n")
        .first()
    )
    largest = (
        Review.objects.filter(partnership=manager.partnership)
        .annotate(n=Count("recommendations__actions"))
        .order_by("-n")
        .first()
    )
    export_rows = Action.objects.for_user(manager).count()
    pages = [
        Page("dashboard", "Dashboard", "/assurance/dashboard/", manager),
        # The dashboard keeps its trend until the history moves (assurance.dashboard.
        # memoised_trend); emptying the cache first times the first view after any change.
        Page(
            "dashboard_rebuilt",
            "Dashboard, first view after a change (trend rebuilt)",
            "/assurance/dashboard/",
            manager,
            cache.clear,
        ),
        Page("action_list", "Action list, unfiltered", "/assurance/actions/", manager),
        Page(
            "action_list_filtered",
            "Action list, agency + overdue",
            f"/assurance/actions/?agency={agency.pk}&overdue=on",
            manager,
        ),
        Page("search", "Text search", "/assurance/search/?q=chronology+training", manager),
        Page(
            "review_detail",
            f"Review detail, largest review ({largest.n} actions)",
            f"/assurance/reviews/{largest.pk}/",
            manager,
        ),
        Page(
            "export_csv",
            f"CSV export ({export_rows:,} rows)",
            "/assurance/actions/export.csv",
            manager,
        ),
        Page(
            "admin_actions",
            "Admin changelist of actions (reference)",
            "/admin/recommendations/action/",
            _admin_user(),
        ),
    ]
    results = _time(pages)
    for row in results:
        label, p50, queries = row["label"], row["p50_ms"], row["queries"]
        sql = row["sql_p50_ms"]
        print(f"  {name:<20} {label:<55} p50 {p50:>7} ms  SQL {sql:>7} ms  queries {queries}")
    admin = next(r for r in results if r["page"] == "admin_actions")
    for row in results:
        row["ratio_to_admin_p50"] = round(row["p50_ms"] / admin["p50_ms"], 2)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()"
        )
        version = cursor.fetchone()[0]
    report = {
        "backend": backend,
        "name": name,
        "database": version.split(" on ")[0],
        "measured_at": timezone.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "django": django.get_version(),
        "runs": RUNS,
        "warm_up": WARM_UP,
        "cpus": os.cpu_count(),
        "calibration_ms": calibration_ms(),
        "dataset": {
            "reviews": Review.objects.count(),
            "recommendations": Recommendation.objects.count(),
            "actions": Action.objects.count(),
            "progress_updates": ProgressUpdate.objects.count(),
            "action_history_rows": Action.history.count(),
            "partnerships": Partnership.objects.count(),
            "benchmarked_partnership": manager.partnership.name,
            "benchmarked_partnership_actions": export_rows,
        },
        "pages": results,
    }
    out = ROOT / "bench" / "results" / f"{name}.json"
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else sys.argv[1])
