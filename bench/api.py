"""Benchmark the read-only API: a full paginated pull of every action of a partnership, as a
Power BI refresh makes it (follow `next` to the end), at two page sizes.

    .venv/bin/python bench/api.py [--reviews 60] [--runs 3]

Runs against a throwaway test database (SQLite in memory, or a test_ copy of the database
DATABASE_URL names), with a generated partnership (`generate_demo_data --partnerships 1`;
60 reviews make about 2,400 actions), never against real data. Prints a table and writes
bench/results/api.json: per page size, the pages, the median time of a whole pull and of one
page, and the most queries a page ran (flat whatever the size: tests/api/test_api_queries.py).

    .venv/bin/python bench/api.py --existing --name api-national

measures instead on the benchmark database DATABASE_URL names as it is (bench/run.py does this
on the national-scale dataset): the pull of the generated partnership whose number of actions
is closest to BENCH_PARTNERSHIP_ACTIONS (default: the largest), with a one-day token made for
its board manager; writes bench/results/<name>.json.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scr_tracker.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, F  # noqa: E402
from django.db.models.functions import Abs  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

from recommendations.models import Action  # noqa: E402
from scr_tracker.accounts import services  # noqa: E402
from scr_tracker.models import Partnership, Role, User  # noqa: E402

PAGE_SIZES = [100, 500]


def pull(client, raw, page_size):
    """Every action, page by page: (rows, pages, seconds, per-page seconds, most queries)."""
    url, params = "/api/v1/actions/", {"page_size": page_size}
    rows = pages = most_queries = 0
    page_times = []
    started = time.perf_counter()
    while url:
        page_start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params, HTTP_AUTHORIZATION=f"Bearer {raw}")
        page_times.append(time.perf_counter() - page_start)
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        rows += len(body["results"])
        pages += 1
        most_queries = max(most_queries, len(queries.captured_queries))
        url, params = body["next"], {}
    return rows, pages, time.perf_counter() - started, page_times, most_queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--existing", action="store_true", help="Measure on DATABASE_URL's data as it is."
    )
    parser.add_argument("--name", default="api", help="Results file name (without .json).")
    args = parser.parse_args()

    setup_test_environment()
    settings.API_RATE_LIMIT_PER_MINUTE = 1_000_000  # the pull, not the limit, is measured
    old_config = None if args.existing else setup_databases(verbosity=0, interactive=False)
    try:
        if not args.existing:
            call_command("generate_demo_data", partnerships=1, reviews=args.reviews, seed=1)
        partnerships = Partnership.objects.filter(users__username__startswith="gen").annotate(
            n=Count("reviews__recommendations__actions", distinct=True)
        )
        target = os.environ.get("BENCH_PARTNERSHIP_ACTIONS")
        if target:
            partnership = (
                partnerships.annotate(distance=Abs(F("n") - int(target)))
                .order_by("distance")
                .first()
            )
        else:
            partnership = partnerships.order_by("-n").first()
        manager = User.objects.filter(
            partnership=partnership, role=Role.BOARD_MANAGER, is_active=True
        ).first()
        _token, raw = services.api_token_create(user=manager, name="Bench", days=1)
        actions = Action.objects.filter(recommendation__review__partnership=partnership).count()
        installation_actions = Action.objects.count()
        client = Client()
        results = []
        for page_size in PAGE_SIZES:
            runs = [pull(client, raw, page_size) for _ in range(args.runs)]
            rows, pages = runs[0][0], runs[0][1]
            results.append(
                {
                    "page_size": page_size,
                    "rows": rows,
                    "pages": pages,
                    "pull_median_s": statistics.median(r[2] for r in runs),
                    "page_median_ms": 1000 * statistics.median(t for r in runs for t in r[3]),
                    "most_queries_per_page": max(r[4] for r in runs),
                }
            )
    finally:
        if old_config is not None:
            teardown_databases(old_config, verbosity=0)

    report = {
        "date": datetime.date.today().isoformat(),
        "database": connection.vendor,
        "installation_actions": installation_actions,
        "partnership_actions": actions,
        "runs": args.runs,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "pulls": results,
    }
    print(
        f"Full pull of a partnership's {actions:,} actions ({connection.vendor}, "
        f"{installation_actions:,} actions in the installation):"
    )
    print("| Page size | Pages | Pull (median s) | One page (median ms) | Most queries a page |")
    print("|---|---|---|---|---|")
    for row in results:
        print(
            f"| {row['page_size']} | {row['pages']} | {row['pull_median_s']:.2f} | "
            f"{row['page_median_ms']:.0f} | {row['most_queries_per_page']} |"
        )
    out = ROOT / "bench" / "results" / f"{args.name}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
