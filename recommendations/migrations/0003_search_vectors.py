"""A stored search vector (generated column) with its GIN index instead of the expression
index, PostgreSQL only (scr_tracker/search_vectors.py; docs/decisions/0002-indexes.md).
Nothing on SQLite."""

from django.db import migrations

from scr_tracker import search_vectors

TABLES = [
    (
        "recommendations_recommendation",
        ("text", "desired_outcome"),
        "recommendation_search_gin",
        "recommendation_search_vector",
    ),
    (
        "recommendations_action",
        ("key_actions", "lead_officer", "evidence_expected", "outcome_measure", "impact_result"),
        "action_search_gin",
        "action_search_vector",
    ),
]


def forwards(apps, schema_editor):
    for table, fields, old_index, index in TABLES:
        search_vectors.add(schema_editor, table, fields, old_index, index)


def backwards(apps, schema_editor):
    for table, fields, old_index, index in TABLES:
        search_vectors.remove(schema_editor, table, fields, old_index, index)


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0002_postgresql_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
