"""A stored search vector (generated column) with its GIN index instead of the expression
index, PostgreSQL only (scr_tracker/search_vectors.py; docs/decisions/0002-indexes.md).
Nothing on SQLite."""

from django.db import migrations

from scr_tracker import search_vectors

TABLES = [
    (
        "assurance_progressupdate",
        ("narrative", "rag_reason", "judgement_comment"),
        "update_search_gin",
        "update_search_vector",
    ),
    (
        "assurance_assurancestatement",
        ("narrative",),
        "statement_search_gin",
        "statement_search_vector",
    ),
]


def forwards(apps, schema_editor):
    for table, fields, old_index, index in TABLES:
        search_vectors.add(schema_editor, table, fields, old_index, index)


def backwards(apps, schema_editor):
    for table, fields, old_index, index in TABLES:
        search_vectors.remove(schema_editor, table, fields, old_index, index)


class Migration(migrations.Migration):
    dependencies = [("assurance", "0004_reports_check_and_drafts")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
