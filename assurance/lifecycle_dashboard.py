"""The dashboard's lifecycle section (issue 19): the reviews' current stages, the next
deadlines, the share of decisions that led to a review (rapid reviews that became a local
review) and the time from incident to publication, per year and per kind of review. A fixed
number of queries whatever the number of reviews."""

import datetime
from collections import Counter

from django.utils.html import format_html

from reviews.figures import conversion, time_to_publication
from reviews.models import Lifecycle, Review
from reviews.queries import timelines_for
from reviews.templatetags.reviews_rows import stage_tag
from reviews.timeline import format_day
from scr_tracker.components import join, link

DEADLINES_SHOWN = 10


def _numeric(value):
    return {"text": f"{value:,}", "format": "numeric"}


def lifecycle_section(user, today: datetime.date) -> dict:
    reviews = Review.objects.for_user(user).active().select_related("partnership")
    timelines = timelines_for(reviews, today)
    by_pk = {review.pk: review for review in reviews}
    stages = Counter()
    running = []
    for pk, timeline in timelines.items():
        current = timeline.current
        stages[(timeline.lifecycle, current.spec.name if current else "Every stage done")] += 1
        running += [
            (row, by_pk[pk]) for row in timeline.rows if row.status == "running" and row.current_due
        ]
    running.sort(key=lambda pair: (pair[0].current_due, pair[1].reference))
    stage_rows = [
        [Lifecycle(lifecycle).label, name, _numeric(count)]
        for (lifecycle, name), count in sorted(stages.items(), key=lambda i: (i[0][0], -i[1]))
    ]
    deadline_rows = [
        [
            {
                "text": join(
                    link(review.get_absolute_url() + "#timeline", review.title),
                    format_html(
                        '<span class="govuk-hint govuk-!-margin-bottom-0">{}</span>',
                        review.reference,
                    ),
                ),
                "header": True,
            },
            row.spec.name,
            format_day(row.current_due),
            row.days_words,
            stage_tag(row),
        ]
        for row, review in running[:DEADLINES_SHOWN]
    ]
    conversion_rows = [
        [str(c.year), c.lifecycle_label, _numeric(c.decided), _numeric(c.reviews), f"{c.percent}%"]
        for c in conversion(reviews)
    ]
    publication_rows = [
        [
            str(p.year),
            p.lifecycle_label,
            _numeric(p.reviews),
            _numeric(p.median_days),
            _numeric(p.longest_days),
        ]
        for p in time_to_publication(reviews)
    ]
    return {
        "stages": {
            "head": ["Kind of review", "Current stage", {"text": "Reviews", "format": "numeric"}],
            "rows": stage_rows,
        },
        "deadlines": {
            "head": ["Review", "Stage", "Deadline", "Working days", "Status"],
            "rows": deadline_rows,
        },
        "deadline_count": len(running),
        "conversion": {
            "head": [
                "Year of decision",
                "Kind of review",
                {"text": "Decisions", "format": "numeric"},
                {"text": "Became a review", "format": "numeric"},
                "Rate",
            ],
            "rows": conversion_rows,
        },
        "publication": {
            "head": [
                "Year published",
                "Kind of review",
                {"text": "Reviews", "format": "numeric"},
                {"text": "Median days from incident", "format": "numeric"},
                {"text": "Longest", "format": "numeric"},
            ],
            "rows": publication_rows,
        },
    }
