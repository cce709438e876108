"""`make bench`: build (or reuse) the generated datasets, time each page at two sizes of the
installation, and write bench/results/*.json and bench/results/README-table.md.

Sizes ("scales"):
- `20k`: 5 partnerships, 500 reviews (about 20,000 actions), on SQLite and on PostgreSQL;
- `national`: 150 partnerships, 15,000 reviews (about 600,000 actions), on PostgreSQL; also
  the API's full paginated pull there (bench/api.py --existing: bench/results/api-national.json).

At national scale the pages are those of the generated partnership whose number of actions is
closest to the one benchmarked at 20k, so the ratio "× 20k" compares the same-sized partnership
in a small and in a national installation (goal: at most 1.2 for every page a partnership's
users see). "× SQL" is a page's time over its own SQL time (goal: at most 3). Pages are timed
in interleaved rounds (bench/measure.py).

Datasets are cached: the SQLite file in bench/data/; each PostgreSQL database is reused when it
holds the data, else restored from its dump in bench/data/ (`pg_restore`), else generated and
dumped there for next time.

Environment: BENCH_SQLITE_PATH (default bench/data/bench.sqlite3), BENCH_POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432/scr_bench), BENCH_NATIONAL_URL (default the same server,
database scr_bench_national), BENCH_SCALES (default "20k,national"), BENCH_RUNS (timed requests
per page, default 20), BENCH_WORKERS (generator processes for PostgreSQL, default 2)."""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DATA = ROOT / "bench" / "data"
SCALES = {
    "20k": ["--partnerships", "5", "--reviews", "500"],
    "national": ["--partnerships", "150", "--reviews", "15000"],
}
GOAL_SCALE = 1.2
GOAL_SQL = 3.0
REFERENCE = "admin_actions"  # not a page a partnership's users see


def _run(args, database_url, extra_env=None):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        **(extra_env or {}),
    }
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True)  # noqa: S603 - fixed arguments


def _postgres_ready(url: str) -> bool | None:
    """Create the database if the server is there. None if there is no server; True if the
    database was just created (empty), False if it was there."""
    import psycopg

    server, _, name = url.rpartition("/")
    try:
        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
                return True
    except psycopg.OperationalError as error:
        print(f"PostgreSQL is not reachable at {server} ({error}); skipping it.")
        return None
    return False


def _prepare(backend: str, scale: str, url: str, fresh: bool):
    """Migrate and generate (reused when present; PostgreSQL: restored from its dump)."""
    dump = DATA / f"{scale}.pgdump"
    pg_restore, pg_dump = shutil.which("pg_restore"), shutil.which("pg_dump")
    if backend == "postgresql" and fresh and dump.exists() and pg_restore:
        print(f"   restoring {dump.relative_to(ROOT)}")
        subprocess.run(  # noqa: S603 - fixed arguments
            [pg_restore, "--no-owner", "-j", "2", "-d", url, str(dump)], check=True
        )
    _run(["manage.py", "migrate", "--no-input", "-v", "0"], url)
    workers = os.environ.get("BENCH_WORKERS", "2") if backend == "postgresql" else "1"
    generate = ["generate_demo_data", *SCALES[scale], "--seed", "1", "--if-missing"]
    started = time.monotonic()
    _run(["manage.py", *generate, "--workers", workers], url)
    took = time.monotonic() - started
    if backend == "postgresql" and not dump.exists() and took > 60 and pg_dump:
        print(f"   caching the dataset in {dump.relative_to(ROOT)}")
        subprocess.run([pg_dump, "-Fc", "-f", str(dump), url], check=True)  # noqa: S603


def _goal(value: float, goal: float) -> str:
    return f"{value:.2f} {'✓' if value <= goal else '✗'}"


def _table(reports: dict) -> str:
    """One row per page; per dataset p50/p95, queries, SQL p50, × SQL (goal ≤ 3) and, at
    national scale, × 20k (the same page of a same-sized partnership at 20k, goal ≤ 1.2)."""
    names = list(reports)
    head = ["Page"]
    for name in names:
        head += [f"{name} p50 / p95 ms", f"{name} queries", f"{name} SQL ms", f"{name} × SQL"]
        if reports[name].get("baseline"):
            head.append(f"{name} × 20k")
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    first = reports[names[0]]
    for index, page in enumerate(first["pages"]):
        reference = page["page"] == REFERENCE
        cells = [page["label"]]
        for name in names:
            report = reports[name]
            row = report["pages"][index]
            cells += [
                f"{row['p50_ms']:.0f} / {row['p95_ms']:.0f}",
                str(row["queries"]),
                f"{row['sql_p50_ms']:.0f}",
                f"{row['ratio_to_sql_p50']:.2f}"
                if reference
                else _goal(row["ratio_to_sql_p50"], GOAL_SQL),
            ]
            if report.get("baseline"):
                base = reports[report["baseline"]]["pages"][index]
                ratio = row["p50_ms"] / base["p50_ms"]
                row["ratio_to_20k_p50"] = round(ratio, 2)
                cells.append(f"{ratio:.2f}" if reference else _goal(ratio, GOAL_SCALE))
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    for name in names:
        report = reports[name]
        data = report["dataset"]
        lines.append(
            f"- **{name}** ({report['database']}): {data.get('partnerships', 0):,} partnerships, "
            f"{data['reviews']:,} reviews, {data['recommendations']:,} recommendations, "
            f"{data['actions']:,} actions, {data['progress_updates']:,} progress updates, "
            f"{data['action_history_rows']:,} action history rows; pages of the board manager "
            f"of {data.get('benchmarked_partnership', 'the largest partnership')} "
            f"({data['benchmarked_partnership_actions']:,} actions). Calibration "
            f"{report['calibration_ms']:.0f} ms."
        )
    lines += [
        "",
        f"{first['runs']} timed requests per page after {first['warm_up']} warm-up requests, "
        "in rounds of one request per page, in-process (Django test Client). SQL ms: the "
        "median over requests of the page's executed queries' durations summed. × SQL: p50 over "
        f"SQL p50 (goal ≤ {GOAL_SQL:g}). × 20k: p50 at national scale over p50 of the same page "
        f"at 20k, both on PostgreSQL (goal ≤ {GOAL_SCALE:g}). ✓ goal met, ✗ missed. The admin "
        "changelist is a reference, not a partnership's page. Calibration: a 2-million-step "
        f"Python loop on this machine ({first['cpus']} CPUs), to compare runs by.",
    ]
    return "\n".join(lines) + "\n"


def main():
    started = time.monotonic()
    RESULTS.mkdir(parents=True, exist_ok=True)
    DATA.mkdir(parents=True, exist_ok=True)
    scales = [s.strip() for s in os.environ.get("BENCH_SCALES", "20k,national").split(",")]
    sqlite_path = Path(os.environ.get("BENCH_SQLITE_PATH", DATA / "bench.sqlite3"))
    postgres = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/scr_bench")
    national = os.environ.get(
        "BENCH_NATIONAL_URL", postgres.rpartition("/")[0] + "/scr_bench_national"
    )
    # (result name, backend, scale, database URL)
    runs = []
    if "20k" in scales:
        runs.append(("sqlite", "sqlite", "20k", f"sqlite:///{sqlite_path.resolve()}"))
        runs.append(("postgresql", "postgresql", "20k", postgres))
    if "national" in scales:
        runs.append(("postgresql-national", "postgresql", "national", national))
    reports = {}
    for name, backend, scale, url in runs:
        fresh = False
        if backend == "postgresql":
            fresh = _postgres_ready(url)
            if fresh is None:
                continue
        print(f"== {name}: migrate, generate the dataset (reused when present), measure")
        _prepare(backend, scale, url, fresh)
        extra = {}
        if scale == "national" and "postgresql" in reports:
            size = reports["postgresql"]["dataset"]["benchmarked_partnership_actions"]
            extra["BENCH_PARTNERSHIP_ACTIONS"] = str(size)
        _run(["bench/measure.py", backend, name], url, extra)
        reports[name] = json.loads((RESULTS / f"{name}.json").read_text(encoding="utf-8"))
        if scale == "national" and "postgresql" in reports:
            reports[name]["baseline"] = "postgresql"
        if scale == "national":
            # The API's full paginated pull of the same partnership's actions, at national scale.
            _run(["bench/api.py", "--existing", "--name", "api-national"], url, extra)
    table = _table(reports)
    for name, report in reports.items():  # with the ratios to 20k worked out by _table
        (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    (RESULTS / "README-table.md").write_text(table, encoding="utf-8")
    print()
    print(table)
    print(f"make bench took {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
