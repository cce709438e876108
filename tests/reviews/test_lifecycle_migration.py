"""The migration that introduced stages maps existing reviews' dates and status to stage
records, and changes nothing on the review: no data is lost."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("reviews", "0003_theme_partnership"), ("scr_tracker", "0004_partnership_nation")]
AFTER = [("reviews", "0004_review_lifecycle")]


def test_old_dates_and_statuses_become_done_stages():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    partnership = old.get_model("scr_tracker", "Partnership").objects.create(name="P")
    Review = old.get_model("reviews", "Review")
    scr = Review.objects.create(
        partnership=partnership,
        reference="SCR-1",
        title="Baby F",
        kind="scr",
        status="published",
        decision_date=datetime.date(2015, 10, 1),
        recommendations_agreed_date=datetime.date(2016, 5, 24),
        published_date=datetime.date(2018, 8, 29),
    )
    closed = Review.objects.create(
        partnership=partnership,
        reference="AUD-1",
        title="Audit",
        kind="audit",
        status="closed",
        recommendations_agreed_date=datetime.date(2019, 3, 1),
    )
    rapid = Review.objects.create(
        partnership=partnership,
        reference="RR-1",
        title="Child R",
        kind="rapid",
        decision_date=datetime.date(2020, 2, 3),
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Stage = new.get_model("reviews", "ReviewStage")
    stages = {(s.review_id, s.key): s for s in Stage.objects.all()}
    assert {k for k in stages if k[0] == scr.pk} == {
        (scr.pk, "decision"),
        (scr.pk, "final"),
        (scr.pk, "published"),
    }
    assert stages[(scr.pk, "published")].completed_on == datetime.date(2018, 8, 29)
    assert stages[(scr.pk, "decision")].decision == "review"
    assert all(s.state == "done" and s.due_date is None and s.note for s in stages.values())
    assert stages[(closed.pk, "findings")].completed_on == datetime.date(2019, 3, 1)
    assert stages[(closed.pk, "closed")].completed_on >= datetime.date(2019, 3, 1)
    assert "status" in stages[(closed.pk, "closed")].note
    assert stages[(rapid.pk, "decision")].decision == ""  # a rapid review's decision is unknown
    review = new.get_model("reviews", "Review").objects.get(pk=scr.pk)
    assert (review.status, review.published_date) == ("published", datetime.date(2018, 8, 29))
