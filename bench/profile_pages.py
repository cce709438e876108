#!/usr/bin/env python
"""How close each page's time is to its own SQL time: page time / SQL time, and where the
rest goes. For the pages whose Python work was the largest share (issue 18).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scr_bench python bench/profile_pages.py
    ... python bench/profile_pages.py --profile action_list_filtered   # cProfile of one page

Run on the generated dataset (`manage.py generate_demo_data --partnerships 5 --reviews 500
--seed 1`, as `make bench` builds it), with the bench settings (no debug, cached templates).
Each request is timed in-process with Django's test Client, and its SQL time is the sum of its
queries' durations taken by a connection execute_wrapper (the database's work and the driver's
round trip, as the view sees it). The pages are taken in interleaved rounds, one request per
page a round, so a slow spell on a shared machine slows every page alike. Prints a table with
the goal (page at most 3x its SQL time) and writes bench/results/cpu.json and cpu.md.

Environment: BENCH_RUNS (timed rounds, default 20), BENCH_RESULTS_DIR (bench/results).
"""

import argparse
import cProfile
import json
import os
import platform
import pstats
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from assurance.models import Judgement, ProgressUpdate  # noqa: E402
from reviews.models import Review  # noqa: E402
from scr_tracker.models import Agency, User  # noqa: E402

GOAL = 3.0  # page time at most this many times its SQL time
WARM_UP = 3
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
RESULTS = Path(os.environ.get("BENCH_RESULTS_DIR", ROOT / "bench" / "results"))


class SqlClock:
    """Sums the time spent in the database calls made while it is installed."""

    def __init__(self):
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


@dataclass
class Page:
    key: str
    label: str
    url: str
    user: User
    client: Client = field(default_factory=Client)
    page_ms: list[float] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)
    queries: int = 0

    def get(self, *, timed: bool):
        clock = SqlClock()
        with connection.execute_wrapper(clock):
            started = time.perf_counter()
            response = self.client.get(self.url)
            if response.streaming:
                b"".join(response.streaming_content)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, (self.url, response.status_code)
        if timed:
            self.page_ms.append(elapsed * 1000)
            self.sql_ms.append(clock.seconds * 1000)
            self.queries = clock.queries
        return response


def pages() -> list[Page]:
    manager = User.objects.get(username="gen1.board.manager")
    lead = User.objects.get(username="gen1.agency.lead")
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
    awaiting = ProgressUpdate.objects.filter(
        action__agency__partnership=manager.partnership, judgement=Judgement.AWAITING
    ).count()
    return [
        Page("dashboard", "Dashboard", "/assurance/dashboard/", manager),
        Page("action_list", "Action list, unfiltered", "/assurance/actions/", manager),
        Page(
            "action_list_filtered",
            "Action list, agency + overdue",
            f"/assurance/actions/?agency={agency.pk}&overdue=on",
            manager,
        ),
        Page(
            "review_detail",
            f"Review page, largest review ({largest.n} actions)",
            f"/assurance/reviews/{largest.pk}/",
            manager,
        ),
        Page("my_actions", "My actions (agency lead)", "/assurance/my-actions/", lead),
        Page(
            "review_queue",
            f"Review queue ({awaiting:,} updates awaiting judgement)",
            "/assurance/review-queue/",
            manager,
        ),
        Page(
            "recommendation_list",
            "Recommendation list, unfiltered",
            "/assurance/recommendations/",
            manager,
        ),
    ]


def measure(selected: list[Page]) -> list[dict]:
    for page in selected:
        page.client.force_login(page.user)
        for _ in range(WARM_UP):
            page.get(timed=False)
    for _ in range(RUNS):
        for page in selected:
            page.get(timed=True)
    rows = []
    for page in selected:
        page_total, sql_total = sum(page.page_ms), sum(page.sql_ms)
        rows.append(
            {
                "page": page.key,
                "label": page.label,
                "url": page.url,
                "queries": page.queries,
                "page_p50_ms": round(statistics.median(page.page_ms), 1),
                "sql_p50_ms": round(statistics.median(page.sql_ms), 1),
                "python_p50_ms": round(
                    statistics.median(
                        p - s for p, s in zip(page.page_ms, page.sql_ms, strict=True)
                    ),
                    1,
                ),
                # Total page time over total SQL time across the timed rounds.
                "ratio_to_sql": round(page_total / sql_total, 2) if sql_total else None,
            }
        )
    return rows


def profile(page: Page, runs: int, top: int):
    page.client.force_login(page.user)
    for _ in range(WARM_UP):
        page.get(timed=False)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        page.get(timed=True)
    profiler.disable()
    stats = pstats.Stats(profiler)
    print(f"cProfile of {runs} requests of {page.label} ({page.url})")
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def table(rows: list[dict]) -> str:
    lines = [
        f"| Page | Queries | Page p50 ms | SQL p50 ms | Page / SQL (goal ≤ {GOAL:g}) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        ratio = row["ratio_to_sql"]
        verdict = "" if ratio is None or ratio <= GOAL else " (over)"
        lines.append(
            f"| {row['label']} | {row['queries']} | {row['page_p50_ms']:.0f} | "
            f"{row['sql_p50_ms']:.0f} | {ratio}{verdict} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", metavar="PAGE", help="cProfile this page instead")
    parser.add_argument("--only", nargs="*", help="measure only these pages")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    every = pages()
    if args.profile:
        by_key = {p.key: p for p in every}
        profile(by_key[args.profile], RUNS, args.top)
        return
    selected = [p for p in every if not args.only or p.key in args.only]
    rows = measure(selected)
    text = table(rows)
    print(text)
    if args.no_write:
        return
    report = {
        "finished": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "database": connection.vendor,
        "runs": RUNS,
        "warm_up": WARM_UP,
        "goal_ratio_to_sql": GOAL,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average_at_end": os.getloadavg()[0],
        "pages": rows,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "cpu.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "cpu.md").write_text(
        f"Page time against its own SQL time ({connection.vendor}, {RUNS} interleaved rounds, "
        f"{report['finished']}; SQL time summed over each request's queries by a connection "
        "execute_wrapper; ratio = total page time / total SQL time).\n\n" + text + "\n"
    )


if __name__ == "__main__":
    main()
