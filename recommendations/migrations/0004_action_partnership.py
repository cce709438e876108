"""Each action carries its partnership (issue 18): pages scope actions by it and its indexes
start with it, so a partnership's lists read its own actions only, however many partnerships
share the installation. Filled for existing actions and their history rows from the
recommendation's review, then required."""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
UPDATE {table} SET partnership_id = (
    SELECT review.partnership_id
    FROM recommendations_recommendation recommendation
    JOIN reviews_review review ON review.id = recommendation.review_id
    WHERE recommendation.id = {table}.recommendation_id
)
WHERE partnership_id IS NULL
"""
NOT_CLAIMED = models.Q(
    ("archived_at__isnull", True), ("status__in", ["not_started", "in_progress"])
)


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0003_search_vectors"),
        ("scr_tracker", "0004_partnership_nation"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="partnership",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="scr_tracker.partnership",
            ),
        ),
        migrations.AddField(
            model_name="historicalaction",
            name="partnership",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="scr_tracker.partnership",
            ),
        ),
        migrations.RunSQL(
            [
                FILL.format(table="recommendations_action"),
                FILL.format(table="recommendations_historicalaction"),
            ],
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="action",
            name="partnership",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="scr_tracker.partnership",
            ),
        ),
        migrations.RemoveIndex(model_name="action", name="action_due_id"),
        migrations.RemoveIndex(model_name="action", name="action_not_claimed_due"),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(fields=["partnership", "status"], name="action_partnership_status"),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                fields=["partnership", "due_date", "id"], name="action_partnership_due"
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                condition=NOT_CLAIMED,
                fields=["partnership", "due_date", "id"],
                name="action_not_claimed_due",
            ),
        ),
    ]
