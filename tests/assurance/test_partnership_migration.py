"""The migrations that gave each action and each progress update its partnership fill it, and
their history rows', from the recommendation's review, partnership by partnership: no row is
left without one and none is given another partnership's."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("recommendations", "0003_search_vectors"),
    ("assurance", "0006_assurance_loop"),
    ("reviews", "0005_search_vectors"),
    ("scr_tracker", "0004_partnership_nation"),
]
AFTER = [
    ("recommendations", "0004_action_partnership"),
    ("assurance", "0007_progressupdate_partnership"),
]


def _plan(apps, name):
    partnership = apps.get_model("scr_tracker", "Partnership").objects.create(
        name=name, nation="england"
    )
    agency = apps.get_model("scr_tracker", "Agency").objects.create(
        partnership=partnership, name=f"{name} police", kind="police"
    )
    review = apps.get_model("reviews", "Review").objects.create(
        partnership=partnership, reference=f"{name}-1", title=f"{name} child", kind="scr"
    )
    recommendation = apps.get_model("recommendations", "Recommendation").objects.create(
        review=review, number="1", text="Share information."
    )
    action = apps.get_model("recommendations", "Action").objects.create(
        recommendation=recommendation,
        agency=agency,
        key_actions="Audit referrals.",
        due_date=datetime.date(2027, 1, 1),
    )
    history = apps.get_model("recommendations", "HistoricalAction")
    history.objects.create(
        id=action.pk,
        recommendation_id=recommendation.pk,
        agency_id=agency.pk,
        key_actions=action.key_actions,
        due_date=action.due_date,
        status=action.status,
        position=0,
        version=1,
        created_at=timezone.now(),
        updated_at=timezone.now(),
        history_date=timezone.now(),
        history_type="+",
        history_change_reason="Created",
    )
    user = apps.get_model("scr_tracker", "User").objects.create(
        username=f"{name}.lead", partnership=partnership, role="agency_lead"
    )
    update = apps.get_model("assurance", "ProgressUpdate").objects.create(
        action=action, author=user, narrative="Audit started.", rag="green"
    )
    apps.get_model("assurance", "HistoricalProgressUpdate").objects.create(
        id=update.pk,
        action_id=action.pk,
        author_id=user.pk,
        narrative=update.narrative,
        rag="green",
        judgement=update.judgement,
        created_at=update.created_at,
        history_date=timezone.now(),
        history_type="+",
    )
    return partnership, action, update


def test_existing_actions_updates_and_their_history_get_their_reviews_partnership():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    plans = [_plan(old, "Coventry"), _plan(old, "Rochdale")]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Action = new.get_model("recommendations", "Action")
    History = new.get_model("recommendations", "HistoricalAction")
    Update = new.get_model("assurance", "ProgressUpdate")
    UpdateHistory = new.get_model("assurance", "HistoricalProgressUpdate")
    for partnership, action, update in plans:
        assert Action.objects.get(pk=action.pk).partnership_id == partnership.pk
        assert History.objects.get(id=action.pk).partnership_id == partnership.pk
        assert Update.objects.get(pk=update.pk).partnership_id == partnership.pk
        assert UpdateHistory.objects.get(id=update.pk).partnership_id == partnership.pk
