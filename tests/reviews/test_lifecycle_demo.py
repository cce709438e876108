"""The demo shows the lifecycle: a child review at each stage, a rapid review that led to no
local review, stages done late with their reasons, an extension, and Baby F's real dates."""

import pytest
from django.utils import timezone

from fixtures.demo.data import load_demo
from reviews.lifecycle import DEFAULT_STAGES, Lifecycle
from reviews.models import Review, ReviewStage, StageExtension
from reviews.queries import timelines_for

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_review_at_each_stage_and_one_late_with_a_reason():
    load_demo()
    reviews = Review.objects.filter(partnership__name__startswith="Coventry").select_related(
        "partnership"
    )
    timelines = timelines_for(reviews, timezone.localdate())
    current = {t.current.key for t in timelines.values() if t.current}
    # Every child stage after the first is some review's current stage (the incident is the
    # start of every timeline); and one review has every stage done.
    child = [spec.key for spec in DEFAULT_STAGES[Lifecycle.CHILD]]
    assert set(child[1:-1]) <= current
    assert any(t.current is None for t in timelines.values())  # a closed one
    late = ReviewStage.objects.exclude(late_reason="")
    assert late.filter(review__reference="RR-DEMO-11", key="rapid_review").exists()
    baby_f = ReviewStage.objects.get(review__title="Baby F", key="published")
    assert "criminal proceedings" in baby_f.late_reason
    assert StageExtension.objects.filter(stage__review__reference="RR-DEMO-02").exists()
    no_review = ReviewStage.objects.get(review__reference="RR-DEMO-11", key="decision")
    assert no_review.decision == "no_review" and no_review.decision_reason
    assert any(t.next_deadline and t.next_deadline.rag == "red" for t in timelines.values())
