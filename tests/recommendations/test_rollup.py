"""A recommendation's roll-up from its actions: the rules as a table, and the database
expression agreeing with the Python rules on every case (SQLite and PostgreSQL)."""

import datetime

import pytest
from django.utils import timezone

from recommendations.models import Action, Recommendation
from recommendations.rag import (
    RAG,
    ROLLUP_MEANINGS,
    ROLLUP_ORDER,
    RollupRating,
    Thresholds,
    derive_partnership_rag,
    derive_recommendation_rating,
    derive_rollup,
    rollup_from_row,
    rollup_rank_expression,
)
from tests.recommendations.factories import ActionFactory, RecommendationFactory

TODAY = datetime.date(2026, 11, 23)
T = Thresholds(amber_due_within_days=30, amber_no_update_days=60)


def _updated(days_ago):
    if days_ago is None:
        return None
    return timezone.make_aware(
        datetime.datetime.combine(TODAY - datetime.timedelta(days=days_ago), datetime.time(12))
    )


# One action: (status, due in n days or None, agency RAG, last update n days ago or None,
# archived). Each spec gives the rating its rules give (see tests/recommendations/test_rag.py).
RED_OVERDUE = ("in_progress", -5, "green", 1, False)
RED_REPORTED = ("in_progress", 200, "red", 1, False)
AMBER = ("in_progress", 200, "amber", 1, False)
AMBER_STALE = ("not_started", 10, "", None, False)
GREEN = ("in_progress", 200, "green", 1, False)
CLAIMED = ("claimed", -30, "green", 1, False)
ASSURED = ("assured", -100, "green", 1, False)
CLOSED = ("not_implemented", -100, "", None, False)


def archived(spec):
    return (*spec[:4], True)


# (actions, expected rating, expected words, why)
CASES = [
    ([], RollupRating.NO_ACTIONS, "No actions agreed", "no actions at all"),
    (
        [archived(RED_OVERDUE)],
        RollupRating.NO_ACTIONS,
        "No actions agreed",
        "only archived actions: they do not count",
    ),
    (
        [ASSURED, ASSURED, ASSURED, RED_OVERDUE],
        RollupRating.RED,
        "3 of 4 actions assured, 1 overdue",
        "one overdue action among assured ones",
    ),
    ([RED_REPORTED, GREEN], RollupRating.RED, "0 of 2 actions assured", "agency reports off track"),
    ([AMBER, GREEN, ASSURED], RollupRating.AMBER, "1 of 3 actions assured", "worst open is Amber"),
    (
        [AMBER_STALE, GREEN],
        RollupRating.AMBER,
        "0 of 2 actions assured",
        "due soon, never updated",
    ),
    ([GREEN, CLAIMED], RollupRating.GREEN, "0 of 2 actions assured", "claimed counts as Green"),
    (
        [GREEN, CLOSED],
        RollupRating.GREEN,
        "0 of 2 actions assured, 1 not implemented",
        "an open action outranks a closed one",
    ),
    (
        [ASSURED, ASSURED, archived(RED_OVERDUE)],
        RollupRating.BLUE,
        "2 of 2 actions assured",
        "all assured; an archived Red action does not count",
    ),
    ([ASSURED], RollupRating.BLUE, "1 of 1 action assured", "the one action assured"),
    (
        [CLOSED, CLOSED],
        RollupRating.CLOSED,
        "0 of 2 actions assured, 2 not implemented",
        "all closed as not implemented",
    ),
    (
        [ASSURED, CLOSED, ASSURED],
        RollupRating.PARTLY,
        "2 of 3 actions assured, 1 not implemented",
        "all closed, some assured, some not: partly implemented, never Blue",
    ),
    (
        [RED_OVERDUE, RED_OVERDUE, AMBER, CLAIMED, CLOSED, ASSURED],
        RollupRating.RED,
        "1 of 6 actions assured, 2 overdue, 1 not implemented",
        "a bit of everything",
    ),
]


def _action_kwargs(spec):
    status, due, agency_rag, updated, is_archived = spec
    return {
        "status": status,
        "due_date": None if due is None else TODAY + datetime.timedelta(days=due),
        "agency_rag": agency_rag,
        "last_update_at": _updated(updated),
        "not_implemented_reason": "Superseded" if status == "not_implemented" else "",
        "archived_at": timezone.now() if is_archived else None,
    }


def _python_rollup(specs):
    """The Python rules: rate each action, then roll the counted ones up."""
    counted = []
    for spec in specs:
        kwargs = _action_kwargs(spec)
        if kwargs["archived_at"] is not None:
            continue
        rating = derive_partnership_rag(
            status=kwargs["status"],
            due_date=kwargs["due_date"],
            agency_rag=kwargs["agency_rag"],
            last_update_at=kwargs["last_update_at"],
            today=TODAY,
            thresholds=T,
        )
        counted.append((kwargs["status"], rating.rag, kwargs["due_date"]))
    return derive_rollup(counted, TODAY)


@pytest.mark.parametrize(
    ("specs", "expected", "words", "why"), CASES, ids=[case[-1] for case in CASES]
)
def test_rollup_rules(specs, expected, words, why):
    rollup = _python_rollup(specs)
    assert rollup.rating == expected
    assert rollup.text == words


@pytest.mark.django_db
def test_database_rollup_agrees_with_python_rules(review, agency_a):
    expected = {}
    for specs, rating, _words, why in CASES:
        recommendation = RecommendationFactory(review=review)
        for spec in specs:
            ActionFactory(recommendation=recommendation, agency=agency_a, **_action_kwargs(spec))
        expected[recommendation.pk] = (_python_rollup(specs), rating, why)
    annotated = Recommendation.objects.filter(pk__in=expected).with_rollup(TODAY, T)
    got = {rec.pk: rollup_from_row(rec) for rec in annotated}
    assert got == {pk: python for pk, (python, _rating, _why) in expected.items()}
    assert {pk: r.rating for pk, r in got.items()} == {
        pk: rating for pk, (_python, rating, _why) in expected.items()
    }


@pytest.mark.django_db
def test_database_rollup_filters_and_sorts_worst_first(review, agency_a):
    made = {}
    for specs, rating, _words, _why in CASES:
        recommendation = RecommendationFactory(review=review)
        for spec in specs:
            ActionFactory(recommendation=recommendation, agency=agency_a, **_action_kwargs(spec))
        made.setdefault(rating, set()).add(recommendation.pk)
    rated = Recommendation.objects.filter(review=review).with_rollup(TODAY, T)
    for rating, pks in made.items():
        assert set(rated.filter(rollup_rating=rating).values_list("pk", flat=True)) == pks
    in_order = list(
        rated.annotate(rank=rollup_rank_expression())
        .order_by("rank", "pk")
        .values_list("rollup_rating", flat=True)
    )
    assert in_order == sorted(in_order, key=lambda r: ROLLUP_ORDER.index(r))
    assert in_order[0] == RollupRating.RED and in_order[-1] == RollupRating.NO_ACTIONS


@pytest.mark.django_db
def test_rollup_counts_only_the_actions_in_scope(review, agency_a, agency_b, lead_a):
    recommendation = RecommendationFactory(review=review)
    ActionFactory(recommendation=recommendation, agency=agency_a, **_action_kwargs(ASSURED))
    ActionFactory(recommendation=recommendation, agency=agency_b, **_action_kwargs(RED_OVERDUE))
    whole = Recommendation.objects.with_rollup(TODAY, T).get(pk=recommendation.pk)
    theirs = Recommendation.objects.with_rollup(
        TODAY, T, actions=Action.objects.for_user(lead_a)
    ).get(pk=recommendation.pk)
    assert whole.rollup_rating == RollupRating.RED
    assert theirs.rollup_rating == RollupRating.BLUE
    assert rollup_from_row(theirs).text == "1 of 1 action assured"


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ([], RollupRating.NO_ACTIONS),
        ([RAG.GREEN, RAG.BLUE, RAG.CLOSED], RollupRating.GREEN),
        ([RAG.BLUE, RAG.CLOSED], RollupRating.PARTLY),
        ([RAG.CLOSED], RollupRating.CLOSED),
        ([RAG.BLUE, RAG.BLUE], RollupRating.BLUE),
        ([RAG.AMBER, RAG.RED, RAG.GREEN], RollupRating.RED),
    ],
)
def test_rating_from_action_ratings(ratings, expected):
    assert derive_recommendation_rating(ratings) == expected


def test_every_rating_has_an_order_and_a_meaning():
    assert set(ROLLUP_ORDER) == set(RollupRating) == set(ROLLUP_MEANINGS)
