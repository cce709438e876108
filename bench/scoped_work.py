#!/usr/bin/env python
"""Does a partnership's page read more rows when other partnerships grow? (issue 18)

A query-count bound says nothing about how many rows each query reads: a count that walks
every partnership's actions is one query at any size. This loads each page a partnership's
people see, explains every SELECT it ran with EXPLAIN ANALYZE, and adds up the rows its plan
read from tables (each table scan's rows and the rows its conditions threw away, times its
loops). The data is the national generator's: three partnerships, then three more beside
them; the first partnership's pages should read no more rows than before (goal: no query
reads more).

Plans are taken with sequential scans, hash joins and merge joins discouraged, so each query's
figure is the work of the best plan its indexes allow: a query with no index that reaches the
partnership's rows first reads the others' rows too. (Which plan the planner really picks at
national scale is for `bench/run.py` to show in time.)

    python bench/scoped_work.py    # PostgreSQL: a throwaway database on BENCH_PG_SERVER

Environment: BENCH_PG_SERVER (postgres://postgres@127.0.0.1:5432), BENCH_SCOPE_REVIEWS (6 a
partnership, about 240 actions), BENCH_RESULTS_DIR (bench/results). Writes scoped_work.json
and scoped_work.md there."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
REVIEWS = int(os.environ.get("BENCH_SCOPE_REVIEWS", "6"))
RESULTS = Path(os.environ.get("BENCH_RESULTS_DIR", ROOT / "bench" / "results"))
DATABASE = f"scr_bench_scope_{os.getpid()}"
os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
sys.path.insert(0, str(ROOT))

PAGES = [
    ("Dashboard", "board_manager", "assurance:dashboard", {}),
    ("Reviews list", "board_manager", "assurance:review_list", {}),
    ("Review queue", "board_manager", "assurance:review_queue", {}),
    ("Action list", "board_manager", "assurance:action_list", {}),
    (
        "Action list, overdue by agency",
        "board_manager",
        "assurance:action_list",
        {"overdue": "on", "sort": "agency"},
    ),  # fmt: skip
    ("Recommendation list", "board_manager", "assurance:recommendation_list", {}),
    ("Search", "board_manager", "assurance:search", {"q": "neglect"}),
    ("My actions (agency lead)", "agency_lead", "assurance:my_actions", {}),
    ("Dashboard (agency lead)", "agency_lead", "assurance:dashboard", {}),
]
REMOVED = ("Rows Removed by Filter", "Rows Removed by Index Recheck")
DISCOURAGED = ("enable_seqscan", "enable_hashjoin", "enable_mergejoin")


def _nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def rows_read(connection, sql: str) -> int:
    """Rows the query's plan read from tables (a bitmap's index scan feeds its heap scan,
    counted there), with those its conditions then threw away."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        raw = cursor.fetchone()[0]
    root = (raw if isinstance(raw, list) else json.loads(raw))[0]["Plan"]
    return sum(
        (node.get("Actual Rows", 0) + sum(node.get(key, 0) for key in REMOVED))
        * node.get("Actual Loops", 1)
        for node in _nodes(root)
        if "Relation Name" in node
    )


def page_work(client, connection, url, query) -> list[tuple[str, int]]:
    """(SQL, rows read) for each SELECT of one load of the page, the trend rebuilt."""
    from django.core.cache import cache
    from django.db import transaction
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, query).status_code == 200, url
    selects = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
    ]
    with transaction.atomic():
        with connection.cursor() as cursor:
            for setting in DISCOURAGED:
                cursor.execute(f"SET LOCAL {setting} = off")
        work = [(sql, rows_read(connection, sql)) for sql in selects]
        transaction.set_rollback(True)  # EXPLAIN ANALYZE runs the statements
    return work


def main():
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    try:
        env = {**os.environ}
        subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        report = measure()
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
    write(report)


def measure() -> dict:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from fixtures.demo.generator import USERNAME_PREFIX, generate
    from scr_tracker.models import User

    today = timezone.localdate()
    started = time.monotonic()
    generate(partnerships=3, reviews=3 * REVIEWS, seed=1, today=today)
    users = {
        "board_manager": User.objects.get(username=f"{USERNAME_PREFIX}1.board.manager"),
        "agency_lead": User.objects.get(username=f"{USERNAME_PREFIX}1.agency.lead"),
    }
    client = Client()

    def work():
        result = []
        for _label, role, name, query in PAGES:
            client.force_login(users[role])
            result.append(page_work(client, connection, reverse(name), query))
        return result

    before = work()
    generate(partnerships=3, reviews=3 * REVIEWS, seed=1, today=today, first=4)
    after = work()
    pages = []
    for (label, _role, name, query), first, second in zip(PAGES, before, after, strict=True):
        if len(first) != len(second):
            raise SystemExit(f"{label}: {len(first)} queries, then {len(second)}")
        grown = [
            {"sql": sql, "rows_before": rows, "rows_after": later}
            for (sql, rows), (_, later) in zip(first, second, strict=True)
            if later > rows
        ]
        pages.append(
            {
                "page": label,
                "url": reverse(name),
                "query": query,
                "queries": len(first),
                "rows_before": sum(rows for _, rows in first),
                "rows_after": sum(rows for _, rows in second),
                "growing_queries": grown,
            }
        )
    return {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "reviews_per_partnership": REVIEWS,
        "seconds": round(time.monotonic() - started, 1),
        "pages": pages,
    }


def _first_words(sql: str) -> str:
    """What a query is about: the table of its outermost FROM, short enough for a cell."""
    depth = 0
    for index, char in enumerate(sql):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and sql.startswith(' FROM "', index):
            table = sql[index + 7 :].split('"', 1)[0]
            break
    else:
        table = "?"
    head = "COUNT" if sql.startswith("SELECT COUNT") else "rows"
    return f"{head} from {table}"


def write(report: dict):
    lines = [
        f"Rows read by a partnership's pages when other partnerships grow ({report['when']}): "
        f"3 generated partnerships ({report['reviews_per_partnership']} reviews each), then 3 "
        "more. Goal: no query of the first partnership's pages reads more rows. "
        "`python bench/scoped_work.py`.",
        "",
        "| Page | Queries | Rows read, 3 partnerships | Rows read, 6 partnerships | "
        "Queries reading more (goal 0) |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for page in report["pages"]:
        grown = page["growing_queries"]
        detail = "; ".join(
            f"{_first_words(g['sql'])} {g['rows_before']:,} → {g['rows_after']:,}" for g in grown
        )
        lines.append(
            f"| {page['page']} | {page['queries']} | {page['rows_before']:,} | "
            f"{page['rows_after']:,} | {len(grown)}{' ✗ ' + detail if grown else ' ✓'} |"
        )
    text = "\n".join(lines)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scoped_work.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "scoped_work.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
