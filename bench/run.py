"""`make bench`: build (or reuse) the generated dataset on SQLite and on PostgreSQL, time each
page on both, and write bench/results/{sqlite,postgresql}.json and bench/results/README-table.md.

Environment: BENCH_SQLITE_PATH (default bench/data/bench.sqlite3), BENCH_POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432/scr_bench; the database is created if missing), BENCH_RUNS
(timed requests per page, default 20)."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
GENERATE = [
    "generate_demo_data",
    "--partnerships",
    "5",
    "--reviews",
    "500",
    "--seed",
    "1",
    "--if-missing",
]


def _run(args, database_url):
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True)  # noqa: S603 - fixed arguments


def _postgres_ready(url: str) -> bool:
    """Create the benchmark database if the server is there; False if there is no server."""
    import psycopg

    server, _, name = url.rpartition("/")
    try:
        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        print(f"PostgreSQL is not reachable at {server} ({error}); skipping it.")
        return False
    return True


def _table(reports: dict) -> str:
    backends = [b for b in ("sqlite", "postgresql") if b in reports]
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    head = "| Page | " + " | ".join(
        f"{names[b]} p50 / p95 ms | {names[b]} queries | {names[b]} × admin" for b in backends
    )
    lines = [head + " |", "|---" * (1 + 3 * len(backends)) + "|"]
    first = reports[backends[0]]
    for index, page in enumerate(first["pages"]):
        cells = []
        for backend in backends:
            row = reports[backend]["pages"][index]
            cells += [
                f"{row['p50_ms']:.0f} / {row['p95_ms']:.0f}",
                str(row["queries"]),
                f"{row['ratio_to_admin_p50']:.2f}",
            ]
        lines.append(f"| {page['label']} | " + " | ".join(cells) + " |")
    data = first["dataset"]
    lines += [
        "",
        f"Dataset: {data['reviews']:,} reviews, {data['recommendations']:,} recommendations, "
        f"{data['actions']:,} actions, {data['progress_updates']:,} progress updates, "
        f"{data['action_history_rows']:,} action history rows; pages are those of the largest "
        f"partnership's board manager ({data['benchmarked_partnership_actions']:,} actions). "
        f"{first['runs']} timed requests per page after {first['warm_up']} warm-up requests, "
        "taken in rounds of one request per page, "
        "in-process (Django test Client). × admin: p50 divided by the admin changelist's p50. "
        f"Machine: {first['cpus']} CPUs, where a 2-million-step Python loop takes "
        f"{first['calibration_ms']:.0f} ms (the machine's speed, to compare runs by).",
    ]
    return "\n".join(lines) + "\n"


def main():
    started = time.monotonic()
    RESULTS.mkdir(parents=True, exist_ok=True)
    sqlite_path = Path(
        os.environ.get("BENCH_SQLITE_PATH", ROOT / "bench" / "data" / "bench.sqlite3")
    )
    sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    databases = {"sqlite": f"sqlite:///{sqlite_path.resolve()}"}
    postgres = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/scr_bench")
    if _postgres_ready(postgres):
        databases["postgresql"] = postgres
    reports = {}
    for backend, url in databases.items():
        print(f"== {backend}: migrate, generate the dataset (reused when present), measure")
        _run(["manage.py", "migrate", "--no-input", "-v", "0"], url)
        _run(["manage.py", *GENERATE], url)
        _run(["bench/measure.py", backend], url)
        reports[backend] = json.loads((RESULTS / f"{backend}.json").read_text(encoding="utf-8"))
    table = _table(reports)
    (RESULTS / "README-table.md").write_text(table, encoding="utf-8")
    print()
    print(table)
    print(f"make bench took {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
