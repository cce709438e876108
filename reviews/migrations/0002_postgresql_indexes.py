"""Full-text search index on reviews, for PostgreSQL only (docs/decisions/0002-indexes.md).

GIN indexes exist only on PostgreSQL, so this is done in RunPython with a vendor check rather
than in the model's Meta; the index is not in the migration state.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# The same vector as assurance.search.REVIEW_FIELDS, so PostgreSQL can use the index.
FIELDS = ("reference", "title", "summary", "author")


def _index():
    return GinIndex(SearchVector(*FIELDS, config="english"), name="review_search_gin")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("reviews", "Review"), _index())


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("reviews", "Review"), _index())


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
