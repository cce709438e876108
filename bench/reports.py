"""Benchmark the report generation: time and peak memory to build and render

- the implementation assurance report of a generated 50-recommendation review,
- the full action plan of that review (two actions per recommendation),
- the briefing note (which carries the assurance report as its appendix),
- a cross-review report over 5 such reviews (250 recommendations),

each beside WeasyPrint's own floor: plain HTML (paragraphs of text, no stylesheet) with the
same number of pages, rendered by the same WeasyPrint in the same process. The two are timed
interleaved, round by round, so a busy spell on a shared machine slows both alike; the ratio
of their medians is the figure to watch (goal: at most GOAL_RATIO).

Run with `.venv/bin/python bench/reports.py`. It works in a throwaway SQLite database (or the
one DATABASE_URL names), prints a table and writes bench/results/reports.json. Peak memory is
measured in a separate traced run (tracemalloc, Python allocations) and as the process's
maximum resident set size."""

import datetime
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scr_tracker.settings.test")
WORKDIR = tempfile.mkdtemp(prefix="scr-bench-reports-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from weasyprint import HTML  # noqa: E402

from assurance.models import AssuranceStatement, ReportKind  # noqa: E402
from assurance.reports.builders import build_report  # noqa: E402
from assurance.reports.options import ReportOptions  # noqa: E402
from assurance.reports.render import render_pdf  # noqa: E402
from recommendations.models import Action, ActionStatus, Recommendation  # noqa: E402
from reviews.models import Review  # noqa: E402
from scr_tracker.models import Agency, Partnership, Role, ScrutinyBoard, User  # noqa: E402

RECOMMENDATIONS = 50
REVIEWS = 5
RUNS = int(os.environ.get("BENCH_REPORT_RUNS", "5"))
# Goal (issue 18): each report renders in at most this many times the plain-HTML floor.
GOAL_RATIO = 8.0
FLOOR_PARAGRAPH = (
    "<p>Plain text for the floor: WeasyPrint laying out paragraphs with no stylesheet, no "
    "tables and no fonts of its own, as fast as it lays out anything. " * 3 + "</p>"
)
RESULTS = ROOT / "bench" / "results" / "reports.json"
NARRATIVE = (
    "GP surgeries across the city now routinely hold multi-disciplinary team meetings. Health "
    "visitors and midwives are expected to attend. A named safeguarding professional leads on "
    "safeguarding issues and makes sure that information is shared in a timely and accurate "
    "way.\n\n"
    "Recent multi-agency case file audit work shows continued improvement in the quality and "
    "accuracy of record keeping; the audit will be repeated in six months against the same key "
    "lines of enquiry."
)
STATUSES = [
    ActionStatus.ASSURED,
    ActionStatus.IN_PROGRESS,
    ActionStatus.NOT_STARTED,
    ActionStatus.COMPLETION_CLAIMED,
]


def generate():
    partnership = Partnership.objects.create(name="Benchmark Safeguarding Children Partnership")
    ScrutinyBoard.objects.create(partnership=partnership, name="Scrutiny Board 2")
    agencies = [
        Agency.objects.create(partnership=partnership, name=f"Agency {n}") for n in range(1, 7)
    ]
    manager = User.objects.create(
        username="bench.manager",
        first_name="Bench",
        last_name="Manager",
        job_title="Safeguarding Boards Manager",
        role=Role.BOARD_MANAGER,
        partnership=partnership,
    )
    reviews = []
    for r in range(1, REVIEWS + 1):
        review = Review.objects.create(
            partnership=partnership,
            reference=f"SCR-BENCH-{r:02d}",
            title=f"Child {chr(64 + r)}",
            is_exempt=False,
            status="published",
            recommendations_agreed_date=datetime.date(2016, 5, r),
            published_date=datetime.date(2018, 8, r),
        )
        for n in range(1, RECOMMENDATIONS + 1):
            rec = Recommendation.objects.create(
                review=review,
                number=str(n),
                position=n,
                text=(
                    f"Seek assurance that recommendation {n} is implemented so that timely, "
                    "accurate "
                    "information regarding vulnerable families is appropriately shared."
                ),
            )
            AssuranceStatement.objects.create(
                recommendation=rec, narrative=NARRATIVE, level="Reasonable"
            )
            for a in range(2):
                Action.objects.create(
                    recommendation=rec,
                    agency=agencies[(n + a) % len(agencies)],
                    key_actions="Refresh the guidance; deliver workshops; each team manager "
                    "writes an action plan.",
                    lead_officer="Strategic Head of Service, Safeguarding Unit",
                    timescale="December 2030",
                    due_date=datetime.date(2030, 12, 31),
                    evidence_expected="Revised guidance; training records; audit results.",
                    outcome_measure="Case file audits show improved chronologies.",
                    status=STATUSES[(n + a) % len(STATUSES)],
                    position=a + 1,
                )
        reviews.append(review)
    return partnership, manager, reviews


def generate_report(options, partnership, manager):
    context = build_report(
        options, partnership=partnership, today=timezone.localdate(), sender_user=manager
    )
    return render_pdf(context, draft=False)


def _pages(pdf: bytes) -> int | None:
    """The page count, read by poppler's pdfinfo when it is installed."""
    if shutil.which("pdfinfo") is None:
        return None
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)  # noqa: S607
    match = re.search(rb"Pages:\s+(\d+)", info.stdout)
    return int(match.group(1)) if match else None


def _floor_html(paragraphs: int) -> str:
    return f"<!DOCTYPE html><html lang=en><body>{FLOOR_PARAGRAPH * paragraphs}</body></html>"


def floor_pdf(paragraphs: int) -> bytes:
    return HTML(string=_floor_html(paragraphs)).write_pdf()


def floor_for(pages: int) -> int:
    """How many plain paragraphs make `pages` pages (found once, before timing)."""
    per_page = 200 / _pages(floor_pdf(200))
    paragraphs = max(1, round(pages * per_page) - 1)
    while _pages(floor_pdf(paragraphs)) < pages:
        paragraphs += 1
    while paragraphs > 1 and _pages(floor_pdf(paragraphs)) > pages:
        paragraphs -= 1
    return paragraphs


def _median(values):
    return sorted(values)[len(values) // 2]


def measure(name, options, partnership, manager):
    pdf = generate_report(options, partnership, manager)  # warm up (templates, fonts)
    pages = _pages(pdf)
    paragraphs = floor_for(pages) if pages else 0
    report_times, floor_times = [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        pdf = generate_report(options, partnership, manager)
        report_times.append(time.perf_counter() - start)
        if paragraphs:
            start = time.perf_counter()
            floor_pdf(paragraphs)
            floor_times.append(time.perf_counter() - start)
    tracemalloc.start()
    generate_report(options, partnership, manager)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    ratio = _median(report_times) / _median(floor_times) if floor_times else None
    return {
        "report": name,
        "best_seconds": round(min(report_times), 3),
        "median_seconds": round(_median(report_times), 3),
        "floor_median_seconds": round(_median(floor_times), 3) if floor_times else None,
        "ratio_to_floor": round(ratio, 1) if ratio else None,
        "goal_ratio": GOAL_RATIO,
        "meets_goal": ratio is not None and ratio <= GOAL_RATIO,
        "peak_python_mib": round(peak / 2**20, 1),
        "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "pdf_bytes": len(pdf),
        "pages": pages,
    }


def main():
    call_command("migrate", verbosity=0)
    partnership, manager, reviews = generate()
    first = (reviews[0].pk,)
    cases = [
        (
            f"Assurance report, {RECOMMENDATIONS} recommendations",
            ReportOptions(kind=ReportKind.ASSURANCE, review_ids=first),
        ),
        (
            f"Briefing note + assurance appendix, {RECOMMENDATIONS}",
            ReportOptions(kind=ReportKind.BRIEFING, review_ids=first),
        ),
        (
            f"Full action plan, {RECOMMENDATIONS} recs / {2 * RECOMMENDATIONS} actions",
            ReportOptions(kind=ReportKind.ACTION_PLAN, review_ids=first),
        ),
        (
            f"Cross-review report, {REVIEWS} reviews / {REVIEWS * RECOMMENDATIONS} recs",
            ReportOptions(kind=ReportKind.CROSS_REVIEW, review_ids=tuple(r.pk for r in reviews)),
        ),
    ]
    rows = [measure(name, options, partnership, manager) for name, options in cases]
    width = max(len(row["report"]) for row in rows)
    print(
        f"{'Report':<{width}}  {'median s':>8}  {'floor s':>7}  {'ratio':>5}  {'goal':>5}  "
        f"{'peak MiB':>8}  {'RSS MiB':>7}  {'KB':>6}  {'pages':>5}"
    )
    for row in rows:
        ratio = f"{row['ratio_to_floor']:.1f}" if row["ratio_to_floor"] else "?"
        floor = f"{row['floor_median_seconds']:.2f}" if row["floor_median_seconds"] else "?"
        verdict = "ok" if row["meets_goal"] else "MISS"
        print(
            f"{row['report']:<{width}}  {row['median_seconds']:>8.2f}  {floor:>7}  "
            f"{ratio:>5}  {'≤' + str(int(GOAL_RATIO)):>4} {verdict:<4}  "
            f"{row['peak_python_mib']:>8.1f}  {row['max_rss_mib']:>7.1f}  "
            f"{row['pdf_bytes'] // 1024:>6}  {row['pages'] or '?':>5}"
        )
    print(
        "floor: plain HTML with the same page count, timed interleaved with the report; "
        f"ratio = median report time / median floor time (goal: at most {GOAL_RATIO:g})."
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "when": timezone.now().isoformat(timespec="seconds"),
                "machine": {
                    "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    "platform": platform.platform(),
                },
                "database": os.environ["DATABASE_URL"].split(":", 1)[0],
                "runs": RUNS,
                "goal_ratio_to_floor": GOAL_RATIO,
                "results": rows,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"Wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
