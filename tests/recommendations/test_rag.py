"""The partnership RAG rules, as a table, and the database expression agreeing with Python."""

import datetime

import pytest
from django.utils import timezone

from recommendations.models import Action
from recommendations.rag import RAG, Thresholds, derive_partnership_rag
from tests.recommendations.factories import ActionFactory

TODAY = datetime.date(2026, 11, 23)
T = Thresholds(amber_due_within_days=30, amber_no_update_days=60)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def updated(days_ago):
    return timezone.make_aware(
        datetime.datetime.combine(TODAY - datetime.timedelta(days=days_ago), datetime.time(12))
    )


# (status, due date, agency RAG, last update, expected partnership RAG, why)
CASES = [
    ("assured", days(-100), "red", None, RAG.BLUE, "assured wins over everything"),
    ("not_implemented", days(-100), "", None, RAG.CLOSED, "closed with a reason"),
    ("claimed", days(-10), "", None, RAG.GREEN, "completion claimed, awaiting judgement"),
    ("in_progress", days(-1), "green", updated(1), RAG.RED, "past due and not complete"),
    ("not_started", days(-1), "", None, RAG.RED, "past due, never started"),
    ("in_progress", days(0), "", updated(1), RAG.GREEN, "due today is not yet past due"),
    ("in_progress", days(200), "red", updated(1), RAG.RED, "agency reports off track"),
    ("in_progress", days(200), "amber", updated(1), RAG.AMBER, "agency reports at risk"),
    ("in_progress", days(10), "green", updated(61), RAG.AMBER, "due soon, stale update"),
    ("in_progress", days(10), "", None, RAG.AMBER, "due soon, never updated"),
    (
        "in_progress",
        days(30),
        "green",
        updated(90),
        RAG.AMBER,
        "due on the threshold day counts as soon",
    ),
    ("in_progress", days(31), "green", updated(90), RAG.GREEN, "due after the threshold"),
    ("in_progress", days(10), "green", updated(59), RAG.GREEN, "due soon but recently updated"),
    ("in_progress", None, "", None, RAG.GREEN, "no due date and nothing reported: on track"),
    ("not_started", days(200), "green", updated(1), RAG.GREEN, "on track"),
]


@pytest.mark.parametrize(
    ("status", "due", "agency_rag", "last_update", "expected", "why"),
    CASES,
    ids=[c[-1] for c in CASES],
)
def test_partnership_rag_rules(status, due, agency_rag, last_update, expected, why):
    rating = derive_partnership_rag(
        status=status,
        due_date=due,
        agency_rag=agency_rag,
        last_update_at=last_update,
        today=TODAY,
        thresholds=T,
    )
    assert rating.rag == expected
    assert rating.reason.startswith(RAG(expected).label) or expected == RAG.CLOSED


def test_thresholds_come_from_the_partnership():
    rating = derive_partnership_rag(
        status="in_progress",
        due_date=days(40),
        agency_rag="green",
        last_update_at=updated(20),
        today=TODAY,
        thresholds=Thresholds(amber_due_within_days=45, amber_no_update_days=14),
    )
    assert rating.rag == RAG.AMBER
    assert "45 days" in rating.reason and "14 days" in rating.reason


def test_reason_names_the_due_date_when_red():
    rating = derive_partnership_rag(
        status="in_progress",
        due_date=datetime.date(2016, 12, 31),
        agency_rag="",
        last_update_at=None,
        today=TODAY,
        thresholds=T,
    )
    assert rating.reason == "Red: it was due on 31 December 2016 and is not complete."


@pytest.mark.django_db
def test_database_expression_agrees_with_python_rules():
    expected = {}
    for status, due, agency_rag, last_update, rag, why in CASES:
        action = ActionFactory(
            status=status,
            due_date=due,
            agency_rag=agency_rag,
            last_update_at=last_update,
            not_implemented_reason="Superseded by the national review"
            if status == "not_implemented"
            else "",
        )
        expected[action.pk] = (rag, why)
    annotated = Action.objects.filter(pk__in=expected).with_partnership_rag(TODAY, T)
    got = {a.pk: a.partnership_rag for a in annotated}
    assert got == {pk: rag for pk, (rag, _) in expected.items()}
