"""Indexes for the assurance queue and search (docs/decisions/0002-indexes.md).

- Updates awaiting judgement, per action: a partial index, small because most updates have
  been judged; it serves the dashboard's queue count and the "awaiting judgement" filter.
- Full-text search on progress updates and assurance statements: GIN indexes on the same
  vectors the search builds, on PostgreSQL only.

Done in RunPython (GIN is PostgreSQL-only) and kept out of the migration state like the other
`*_indexes` migrations.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# The same vectors as assurance.search.UPDATE_FIELDS and STATEMENT_FIELDS.
UPDATE_FIELDS = ("narrative", "rag_reason", "judgement_comment")
STATEMENT_FIELDS = ("narrative",)
AWAITING_INDEX = "update_awaiting_action"


def _gin(fields, name):
    return GinIndex(SearchVector(*fields, config="english"), name=name)


def create(apps, schema_editor):
    table = schema_editor.quote_name("assurance_progressupdate")
    schema_editor.execute(
        f"CREATE INDEX {AWAITING_INDEX} ON {table} (action_id) "
        "WHERE judgement = 'awaiting' AND archived_at IS NULL"
    )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(
            apps.get_model("assurance", "ProgressUpdate"), _gin(UPDATE_FIELDS, "update_search_gin")
        )
        schema_editor.add_index(
            apps.get_model("assurance", "AssuranceStatement"),
            _gin(STATEMENT_FIELDS, "statement_search_gin"),
        )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX {AWAITING_INDEX}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(
            apps.get_model("assurance", "ProgressUpdate"), _gin(UPDATE_FIELDS, "update_search_gin")
        )
        schema_editor.remove_index(
            apps.get_model("assurance", "AssuranceStatement"),
            _gin(STATEMENT_FIELDS, "statement_search_gin"),
        )


class Migration(migrations.Migration):
    dependencies = [("assurance", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
