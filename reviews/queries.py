"""Read-side queries of the lifecycle for lists: the next deadline of each review, and every
listed review's timeline in a fixed number of queries."""

import datetime

from django.db.models import Min, OuterRef, Subquery

from .lifecycle import lifecycle_of, stages_for
from .models import ReviewStage, StageRule, StageState
from .timeline import build, load_records


def with_next_due(reviews):
    """Annotate `next_due`: the earliest deadline among the review's running stages."""
    running = (
        ReviewStage.objects.filter(
            review=OuterRef("pk"), state=StageState.RUNNING, current_due__isnull=False
        )
        .order_by()
        .values("review")
        .annotate(next_due=Min("current_due"))
        .values("next_due")
    )
    return reviews.annotate(next_due=Subquery(running))


def timelines_for(reviews, today: datetime.date) -> dict:
    """{review id: its timeline} for a page of reviews (partnership loaded): three queries
    whatever the number of reviews."""
    reviews = list(reviews)
    if not reviews:
        return {}
    partnership_ids = {r.partnership_id for r in reviews}
    rules = list(StageRule.objects.filter(partnership_id__in=partnership_ids))
    records = load_records(ReviewStage.objects.filter(review__in=reviews))
    by_review: dict[int, list] = {r.pk: [] for r in reviews}
    for record in records:
        by_review[record.review_id].append(record)
    result = {}
    for review in reviews:
        partnership = review.partnership
        lifecycle = lifecycle_of(review.kind)
        specs = stages_for(
            partnership.pk, lifecycle, [r for r in rules if r.partnership_id == partnership.pk]
        )
        result[review.pk] = build(
            specs,
            by_review[review.pk],
            nation=partnership.nation,
            today=today,
            amber_days=partnership.amber_due_within_days,
            lifecycle=lifecycle,
        )
    return result
