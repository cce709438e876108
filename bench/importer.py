"""Benchmark the action-plan importer: time and peak memory to preview and to import a
generated 1,000-row plan, as an Excel workbook and as a Word table.

    .venv/bin/python bench/importer.py [--rows 1000] [--runs 3]

Runs against a throwaway test database (SQLite in memory, or a test_ copy of the database
DATABASE_URL names), never against real data. Prints a table and writes
bench/results/importer.json. Times are wall-clock medians of the runs; peak memory is
measured in separate runs under tracemalloc (Python allocations), which slows code down.
"""

import argparse
import datetime
import io
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scr_tracker.settings.test")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

from recommendations.importer import services  # noqa: E402
from reviews.models import Review  # noqa: E402
from scr_tracker.models import Agency, Partnership, Role, User  # noqa: E402

TARGET_SECONDS = 1.0
HEADINGS = [
    "No.",
    "What is the recommendation?",
    "What is the desired Aim / Outcome?",
    "How will change be achieved? (actions)",
    "Leadership",
    "Timescale",
    "Outcome Measure",
    "Agency",
]
TIMESCALES = [
    "December 2015",
    "31.07.2015",
    "By September 2015",
    "Ongoing",
    "Already actioned see 8.5.2",
    "31.03.2015 / 31.05.2015",
    "On advice from legal services",
    "Q2 2016/17",
]
AGENCIES = [
    "Health visiting provider",
    "Children's social care",
    "West Midlands Police",
    "Youth Offending Service",
    "Housing Options",
]


def plan(rows: int) -> bytes:
    """A plan in the second template's layout: four actions per recommendation, an agency
    heading row every 50 recommendations, two agencies the partnership does not have yet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Generated action plan for the importer benchmark"])
    sheet.append(HEADINGS)
    for n in range(rows):
        number = n // 4 + 1
        if n % 200 == 0:
            sheet.append(
                [
                    "Overview Report Recommendations"
                    if n == 0
                    else AGENCIES[n // 200 % len(AGENCIES)]
                ]
            )
        sheet.append(
            [
                str(number),
                f"The LSCB should seek assurance that agencies act on lesson {number} of "
                "the review.",
                "Children are safer because professionals share information.",
                f"Action {n % 4 + 1} for recommendation {number}: audit, train and report "
                "to the subgroup.",
                "Strategic Head of Service, Safeguarding Unit",
                TIMESCALES[n % len(TIMESCALES)],
                "Audit shows changed practice",
                AGENCIES[n % len(AGENCIES)],
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plan_docx(rows: int) -> bytes:
    """The same plan as one Word table: the agency heading rows merged across the table, the
    heading row typed again every 40 rows (as after a page break), two actions a cell every
    tenth row."""
    import docx

    document = docx.Document()
    document.add_paragraph("Generated action plan for the importer benchmark")
    table = document.add_table(rows=0, cols=len(HEADINGS))

    def add(values):
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=False):
            cell.text = value

    add(HEADINGS)
    for n in range(rows):
        number = n // 4 + 1
        if n % 200 == 0:
            cells = table.add_row().cells
            merged = cells[0].merge(cells[-1])
            merged.text = (
                "Overview Report Recommendations" if n == 0 else AGENCIES[n // 200 % len(AGENCIES)]
            )
        if n and n % 40 == 0:
            add(HEADINGS)
        two = n % 10 == 0
        add(
            [
                str(number),
                f"The LSCB should seek assurance that agencies act on lesson {number} of "
                "the review.",
                "Children are safer because professionals share information.",
                f"Action {n % 4 + 1} for recommendation {number}: audit, train and report "
                "to the subgroup." + ("\nBrief the front door team" if two else ""),
                "Strategic Head of Service" + ("\nTeam Manager" if two else ""),
                TIMESCALES[n % len(TIMESCALES)] + ("\nMar 11" if two else ""),
                "Audit shows changed practice",
                AGENCIES[n % len(AGENCIES)],
            ]
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def one_run(data: bytes, partnership, user, index: int, *, trace: bool, filename="bench.xlsx"):
    review = Review.objects.create(
        partnership=partnership, reference=f"BENCH-{filename}-{index}-{trace}", title="Bench"
    )
    results = {}
    for phase in ("preview", "import"):
        if trace:
            tracemalloc.start()
        start = time.perf_counter()
        if phase == "preview":
            prepared = services.prepare_import(
                data=data,
                filename=filename,
                partnership_id=partnership.pk,
                review=review,
                # Two agencies are not the partnership's: the user chose to create them.
                options={"agency_headings": "owner", "create_agencies": True},
            )
            batch = services.import_batch_create(
                prepared=prepared, actor=user, partnership_id=partnership.pk, review=review
            )
            assert prepared.preview.ok, prepared.preview.all_errors()[:5]
        else:
            result = services.import_batch_commit(batch=batch, actor=user)
            assert result.imported, result.errors[:5]
        elapsed = time.perf_counter() - start
        if trace:
            results[phase] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        else:
            results[phase] = elapsed
    return results, prepared.preview.summary()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        partnership = Partnership.objects.create(name="Benchmark partnership")
        for name in AGENCIES[:3]:
            Agency.objects.create(partnership=partnership, name=name)
        user = User.objects.create(
            username="bench", role=Role.BOARD_MANAGER, partnership=partnership
        )
        files = {
            "xlsx": ("bench.xlsx", plan(args.rows)),
            "docx": ("bench.docx", plan_docx(args.rows)),
        }
        measured = {}
        for kind, (filename, data) in files.items():
            times = [
                one_run(data, partnership, user, i, trace=False, filename=filename)[0]
                for i in range(args.runs)
            ]
            memory, summary = zip(
                *[
                    one_run(data, partnership, user, i, trace=True, filename=filename)
                    for i in range(args.runs)
                ],
                strict=True,
            )
            measured[kind] = (data, times, memory, summary)
    finally:
        database = connection.vendor
        teardown_databases(old_config, verbosity=0)

    report = {
        "benchmark": "importer",
        "rows": args.rows,
        "runs": args.runs,
        "database": database,
        "target_s": TARGET_SECONDS,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "files": {},
    }
    labels = {"preview": "read + preview (stored)", "import": "import (one transaction)"}
    for kind, (data, times, memory, summary) in measured.items():
        phases = {}
        for phase in ("preview", "import"):
            samples = [run[phase] for run in times]
            phases[phase] = {
                "median_s": round(statistics.median(samples), 3),
                "min_s": round(min(samples), 3),
                "max_s": round(max(samples), 3),
                "peak_mib": round(max(run[phase] for run in memory), 1),
            }
        total = round(phases["preview"]["median_s"] + phases["import"]["median_s"], 3)
        entry = {
            "file_bytes": len(data),
            "recommendations": summary[0]["recommendations_new"],
            "actions": summary[0]["actions"],
            "phases": phases,
            "total_median_s": total,
            "target_met": total < TARGET_SECONDS,
        }
        report["files"][kind] = entry
        print(
            f"Importer: {args.rows:,}-row plan as .{kind} ({entry['recommendations']} "
            f"recommendations, {entry['actions']} actions, {len(data) / 1024:.0f} KiB), "
            f"{database}, {args.runs} runs"
        )
        print(f"{'phase':<28}{'median s':>10}{'min s':>10}{'max s':>10}{'peak MiB':>10}")
        for phase, label in labels.items():
            p = phases[phase]
            print(
                f"{label:<28}{p['median_s']:>10.3f}{p['min_s']:>10.3f}{p['max_s']:>10.3f}"
                f"{p['peak_mib']:>10.1f}"
            )
        print(f"{'total':<28}{total:>10.3f}")
        print(f"Target under {TARGET_SECONDS:g} s: {'met' if entry['target_met'] else 'NOT met'}\n")
    report["target_met"] = all(entry["target_met"] for entry in report["files"].values())
    out = ROOT / "bench" / "results" / "importer.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"Written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
