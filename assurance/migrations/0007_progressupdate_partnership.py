"""Each progress update carries its action's partnership (issue 18): the review queue lists a
partnership's updates awaiting judgement from its own partial index, whatever the number of
partnerships. Filled for existing updates and their history rows from the action, then
required."""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
UPDATE {table} SET partnership_id = (
    SELECT action.partnership_id FROM recommendations_action action
    WHERE action.id = {table}.action_id
)
WHERE partnership_id IS NULL
"""


class Migration(migrations.Migration):
    dependencies = [
        ("assurance", "0006_assurance_loop"),
        ("recommendations", "0004_action_partnership"),
        ("scr_tracker", "0004_partnership_nation"),
    ]

    operations = [
        migrations.AddField(
            model_name="progressupdate",
            name="partnership",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="scr_tracker.partnership",
            ),
        ),
        migrations.AddField(
            model_name="historicalprogressupdate",
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
                FILL.format(table="assurance_progressupdate"),
                FILL.format(table="assurance_historicalprogressupdate"),
            ],
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="progressupdate",
            name="partnership",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="scr_tracker.partnership",
            ),
        ),
        migrations.AddIndex(
            model_name="progressupdate",
            index=models.Index(
                condition=models.Q(("archived_at__isnull", True), ("judgement", "awaiting")),
                fields=["partnership", "created_at", "id"],
                name="update_awaiting_partnership",
            ),
        ),
    ]
