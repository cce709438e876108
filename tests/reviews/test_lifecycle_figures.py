"""The lifecycle's figures: timeliness for the yearly extract, the conversion of rapid reviews
into local reviews and the time from incident to publication for the dashboard."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assurance.models import ReportKind
from assurance.reports.builders import build_report
from assurance.reports.options import ReportOptions
from assurance.reports.render import render_pdf
from reviews import services
from reviews.figures import conversion, time_to_publication, timeliness
from reviews.models import Decision, Review, ReviewKind, ReviewStage
from tests.assurance.report_helpers import pdf_text, squash
from tests.reviews.factories import ReviewFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _child(partnership, manager, incident, notified, rapid, decision, published=None, late=None):
    review = ReviewFactory(partnership=partnership, kind=ReviewKind.RAPID)
    today = D(2027, 12, 31)
    steps = [
        ("incident", incident, {}),
        ("notification", notified, {}),
        ("rapid_review", rapid, {}),
        (
            "decision",
            rapid,
            {"decision": decision, "decision_reason": "Recorded for the figures"},
        ),
    ]
    if published:
        steps.append(("published", published, {}))
    for key, day, extra in steps:
        services.stage_record(
            review=review,
            key=key,
            completed_on=day,
            actor=manager,
            today=today,
            late_reason=(late or {}).get(key, ""),
            **extra,
        )
    return review


@pytest.fixture
def figures_world(partnership, board_manager):
    m = board_manager
    # On time throughout, a local review published within six months.
    a = _child(
        partnership, m, D(2026, 5, 1), D(2026, 5, 6), D(2026, 5, 20), "review", D(2026, 10, 1)
    )
    # A late notification (due 8 May) and a rapid review within an agreed extension.
    b = ReviewFactory(partnership=partnership, kind=ReviewKind.RAPID)
    services.stage_record(
        review=b, key="incident", completed_on=D(2026, 5, 1), actor=m, today=D(2027, 1, 1)
    )
    services.stage_record(
        review=b,
        key="notification",
        completed_on=D(2026, 5, 12),
        actor=m,
        today=D(2027, 1, 1),
        late_reason="Not known to children's social care until the police told them",
    )
    services.stage_extend(
        stage=ReviewStage.objects.get(review=b, key="rapid_review"),
        due_date=D(2026, 6, 30),
        agreed_by="National panel",
        reason="Agencies' records",
        actor=m,
    )
    services.stage_record(
        review=b, key="rapid_review", completed_on=D(2026, 6, 20), actor=m, today=D(2027, 1, 1)
    )
    services.stage_record(
        review=b,
        key="decision",
        completed_on=D(2026, 6, 20),
        actor=m,
        today=D(2027, 1, 1),
        decision=Decision.NO_REVIEW,
        decision_reason="Learning already known",
        late_reason="With the rapid review",
    )
    # A local review published late, in the next year.
    c = _child(
        partnership,
        m,
        D(2026, 1, 5),
        D(2026, 1, 8),
        D(2026, 1, 27),
        "review",
        D(2027, 3, 1),
        late={"published": "Criminal trial"},
    )
    return a, b, c


def test_timeliness_counts_on_time_extended_and_late(figures_world, partnership):
    reviews = Review.objects.filter(partnership=partnership)
    notification, rapid, published = timeliness(reviews, D(2026, 1, 1), D(2026, 12, 31))
    assert (notification.done, notification.on_time, notification.late) == (3, 2, 1)
    assert (rapid.done, rapid.on_time, rapid.within_extension, rapid.late) == (3, 2, 1, 0)
    assert (published.done, published.on_time) == (1, 1)
    assert notification.percent_on_time == 67
    _, _, next_year = timeliness(reviews, D(2027, 1, 1), D(2027, 12, 31))
    assert (next_year.done, next_year.late) == (1, 1)


def test_conversion_and_time_to_publication_per_year_and_kind(figures_world, partnership):
    reviews = Review.objects.filter(partnership=partnership)
    [child_2026] = conversion(reviews)
    assert (child_2026.year, child_2026.decided, child_2026.reviews, child_2026.percent) == (
        2026,
        3,
        2,
        67,
    )
    rows = {(p.year, p.lifecycle): p for p in time_to_publication(reviews)}
    assert rows[(2026, "child")].median_days == (D(2026, 10, 1) - D(2026, 5, 1)).days
    assert rows[(2027, "child")].longest_days == (D(2027, 3, 1) - D(2026, 1, 5)).days


def test_the_yearly_extract_shows_the_timeliness_figures(figures_world, partnership, board_manager):
    options = ReportOptions(
        kind=ReportKind.YEARLY, period_start=D(2026, 4, 1), period_end=D(2027, 3, 31)
    )
    context = build_report(
        options, partnership=partnership, today=timezone.localdate(), sender_user=board_manager
    )
    text = squash(pdf_text(render_pdf(context, draft=False)))
    assert "6. Timeliness of reviews" in text
    assert "Serious incident notifications within 5 working days" in text
    assert "Local reviews published within 6 months of the decision" in text


def test_the_dashboard_shows_the_lifecycle(client, figures_world, board_manager):
    client.force_login(board_manager)
    html = client.get(reverse("assurance:dashboard")).content.decode()
    assert "Review stages and statutory clocks" in html
    assert "Decisions that led to a review" in html
    assert "67%" in html
    assert "Time from incident to publication" in html
