"""A stored search vector (generated column) with its GIN index instead of the expression
index, PostgreSQL only (scr_tracker/search_vectors.py; docs/decisions/0002-indexes.md).
Nothing on SQLite."""

from django.db import migrations

from scr_tracker import search_vectors

TABLES = [
    (
        "reviews_review",
        ("reference", "title", "summary", "author"),
        "review_search_gin",
        "review_search_vector",
    ),
]


def forwards(apps, schema_editor):
    for table, fields, old_index, index in TABLES:
        search_vectors.add(schema_editor, table, fields, old_index, index)


def backwards(apps, schema_editor):
    for table, fields, old_index, index in TABLES:
        search_vectors.remove(schema_editor, table, fields, old_index, index)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0004_review_lifecycle")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
