"""Helpers for the report tests: read a PDF back as text with poppler's pdftotext, as a person
copying from it would, and look inside its compressed streams."""

import re
import shutil
import subprocess
import zlib

import pytest
from django.utils import timezone

from assurance.reports.builders import build_report
from fixtures.demo.data import load_demo
from reviews.models import Review
from scr_tracker.models import User

# The Baby F report as published (seeds/000): each recommendation's opening words and the
# opening words of its implementation assurance.
BABY_F = [
    (
        "Seek assurance that the recommendation for each GP practice",
        "GP Surgeries across the city are now routinely",
    ),
    (
        "Request that children's social care refresh its guidance",
        "There are several streams of work within the",
    ),
    (
        "Reaffirm the importance of the voice of the child",
        "Within Children's Services case file audits now",
    ),
    (
        "Ensure that agencies requesting information from children's",
        "In December 2016 Children's Services introduced",
    ),
    (
        "Seek assurance that there is a robust operational system",
        "CWPT regularly audit this area and report a 95%",
    ),
]


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, whitespace squashed, as pdftotext reads it."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is missing: run scripts/bootstrap.sh --test")
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)  # noqa: S607
    pages = result.stdout.decode("utf-8").split("\f")
    return [squash(page) for page in pages if page.strip()]


def pdf_text(data: bytes) -> str:
    return " ".join(pdf_pages(data))


def squash(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


def pdf_streams(data: bytes) -> bytes:
    """The PDF with every compressed stream inflated, to look for catalog entries."""
    out = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(out)


def assert_in_order(text: str, phrases: list[str]):
    position = -1
    for phrase in phrases:
        found = text.find(phrase, position + 1)
        assert found > position, f"{phrase!r} is missing or out of order"
        position = found


@pytest.fixture
def baby_f(db):
    """The published Baby F review from the demo data, and its board manager. The demo's
    lifecycle reviews (none with recommendations) are left out: they take most of the
    loading time, and the reports tested here are of published reviews."""
    load_demo(lifecycle=False)
    review = Review.objects.select_related("partnership").get(reference="SCR-BABY-F")
    return review, User.objects.get(username="board.manager")


def build(options, review, user):
    return build_report(
        options, partnership=review.partnership, today=timezone.localdate(), sender_user=user
    )


def assert_recommendation_rows(text: str, rows=BABY_F, label="Child F Recommendation"):
    """Each recommendation's label in order, and its text and assurance narrative after its
    label and before the next one (pdftotext may read a row's two cells in either order)."""
    starts = []
    for number in range(1, len(rows) + 1):
        found = text.find(f"{label} {number}:", starts[-1] + 1 if starts else 0)
        assert found >= 0 and (not starts or found > starts[-1]), (
            f"{label} {number} is missing or out of order"
        )
        starts.append(found)
    ends = [*starts[1:], len(text)]
    for (recommendation, assurance), start, end in zip(rows, starts, ends, strict=True):
        row = text[start:end]
        assert recommendation in row, f"{recommendation!r} is not in its row"
        assert assurance in row, f"{assurance!r} is not in its row"


def issue_data(client, url, board, **extra) -> dict:
    """What the issue page posts: the board, a meeting date, the confirmation of the
    pre-issue check the page showed (read from the page, as a browser would), and the form's
    one-time token."""
    from tests.once import form_token

    shown = client.get(url).context["form"]
    return {
        "audience": board.pk,
        "meeting_date_0": "6",
        "meeting_date_1": "9",
        "meeting_date_2": "2026",
        "confirm": "on",
        "check": shown["check"].value(),
        "form_token": form_token(client),
        **extra,
    }
