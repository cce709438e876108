"""Read-side queries of a review's action plan: the plan itself and its counts, for the review
pages, the reviews list and the action plan download."""

import datetime

from django.db.models import Count, Prefetch, Q

from reviews.models import Review

from .models import OPEN_STATUSES, Action, ActionStatus, Recommendation
from .rag import ReviewRollup, Thresholds, rollup_from_row, rollup_of


def review_list_for(user, today: datetime.date):
    """The user's reviews with counts of recommendations, actions and overdue actions, counting
    only what the user may see."""
    actions = Q(recommendations__actions__in=Action.objects.for_user(user))
    overdue = actions & Q(
        recommendations__actions__status__in=[
            s for s in OPEN_STATUSES if s != ActionStatus.COMPLETION_CLAIMED
        ],
        recommendations__actions__due_date__lt=today,
    )
    return (
        Review.objects.for_user(user)
        .annotate(
            recommendation_count=Count(
                "recommendations",
                filter=Q(recommendations__in=Recommendation.objects.for_user(user)),
                distinct=True,
            ),
            action_count=Count("recommendations__actions", filter=actions, distinct=True),
            overdue_count=Count("recommendations__actions", filter=overdue, distinct=True),
        )
        .order_by("-recommendations_agreed_date", "reference")
    )


def rollup_prefetch(user, today: datetime.date, to_attr="rolled_up_recommendations"):
    """Prefetch a review's unarchived recommendations the user may see, each with its roll-up
    (`with_rollup`) of the actions the user may see: one query for a page of reviews. Read
    the review's roll-up with `review_rollup(review)`."""
    thresholds = (
        Thresholds.for_partnership(user.partnership) if user.partnership_id else Thresholds()
    )
    recommendations = (
        Recommendation.objects.for_user(user)
        .active()
        .with_rollup(today, thresholds, actions=Action.objects.under_readable_recommendation(user))
        .only("pk", "review_id")
        .order_by()
    )
    return Prefetch("recommendations", queryset=recommendations, to_attr=to_attr)


def review_rollup(review, attr="rolled_up_recommendations") -> ReviewRollup:
    """The roll-up of a review fetched with `rollup_prefetch`."""
    return ReviewRollup.of(rollup_from_row(rec) for rec in getattr(review, attr))


def plan_rollup(recommendations: list[Recommendation]) -> ReviewRollup:
    """The roll-up of an action plan from `action_plan_for` (archived recommendations left
    out), worked out in Python from what the plan already loaded."""
    return ReviewRollup.of(rec.rollup for rec in recommendations if not rec.is_archived)


def action_plan_for(review: Review, user, today: datetime.date) -> list[Recommendation]:
    """The review's recommendations the user may see, in the plan's order, each with its
    visible actions (rated, in the order they were added), its roll-up (`rollup`, from those
    actions, archived ones left out) and assurance statement: a fixed number of queries
    whatever the size of the plan."""
    thresholds = Thresholds.for_partnership(review.partnership)
    actions = (
        Action.objects.for_user(user)
        .filter(recommendation__review=review)
        .select_related("agency", "lead_officer_user")
        .with_partnership_rag(today, thresholds)
        .order_by("position", "id")
    )
    recommendations = list(
        Recommendation.objects.for_user(user)
        .filter(review=review)
        .with_readable_repeats(user)
        .select_related(
            "source_agency", "addressed_agency", "repeats__review", "assurance_statement"
        )
        .prefetch_related(
            "themes", Prefetch("actions", queryset=actions, to_attr="visible_actions")
        )
        # In the plan's own order: position is the order recommendations were added in, and
        # an import adds them in the order of the file (overview first, or IMRs first, as it
        # is written), so the page reads like the plan (never 6, 7, 1, 2 by source code).
        .order_by("position", "id")
    )
    for recommendation in recommendations:
        recommendation.rollup = rollup_of(recommendation.visible_actions, today)
    return recommendations


def group_by_agency(
    recommendations: list[Recommendation],
) -> list[tuple[object, list[tuple[Recommendation, object]]]]:
    """[(agency, [(recommendation, action), ...]), ...] sorted by agency name."""
    groups: dict = {}
    for rec in recommendations:
        for action in rec.visible_actions:
            groups.setdefault(action.agency, []).append((rec, action))
    return sorted(groups.items(), key=lambda item: item[0].name.lower())
