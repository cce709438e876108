"""Stored full-text search vectors (PostgreSQL only).

Each searched table has a `search_vector` column that PostgreSQL computes when a row is written
(`GENERATED ALWAYS AS (to_tsvector('english', …)) STORED`) and a GIN index on it, so a search
neither recomputes `to_tsvector` for the rows it matches nor ranks from scratch: `ts_rank`
reads the stored vector of the rows left after the scope filter. The column is added by the
`*_search_vectors` migrations and is not in the migration state (SQLite, which has no
tsvector, has no such column and searches with `icontains`); `stored_vector(model)` is how a
query refers to it. The vector's text is the same as
`SearchVector(*fields, config="english")`'s, so results and ranking are unchanged.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db.models.expressions import RawSQL

COLUMN = "search_vector"
CONFIG = "english"


def _document_sql(quote, fields) -> str:
    return " || ' ' || ".join(f"COALESCE({quote(name)}, '')" for name in fields)


def add(schema_editor, table: str, fields, old_index: str, index: str):
    """Add the stored vector and its GIN index; drop the expression index it replaces."""
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    schema_editor.execute(f"DROP INDEX IF EXISTS {quote(old_index)}")
    schema_editor.execute(
        f"ALTER TABLE {quote(table)} ADD COLUMN {COLUMN} tsvector GENERATED ALWAYS AS "
        f"(to_tsvector('{CONFIG}'::regconfig, {_document_sql(quote, fields)})) STORED"
    )
    schema_editor.execute(f"CREATE INDEX {quote(index)} ON {quote(table)} USING gin ({COLUMN})")


def remove(schema_editor, table: str, fields, old_index: str, index: str):
    """Back to the expression index on the computed vector."""
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    schema_editor.execute(f"DROP INDEX IF EXISTS {quote(index)}")
    schema_editor.execute(f"ALTER TABLE {quote(table)} DROP COLUMN {COLUMN}")
    schema_editor.execute(
        f"CREATE INDEX {quote(old_index)} ON {quote(table)} USING gin "
        f"((to_tsvector('{CONFIG}'::regconfig, {_document_sql(quote, fields)})))"
    )


def stored_vector(model):
    """The model's stored search vector, for filters (`@@`) and `SearchRank`."""
    # Only the model's own table name and a constant: nothing from a request.
    column = f'"{model._meta.db_table}"."{COLUMN}"'
    return RawSQL(column, [], output_field=SearchVectorField())  # noqa: S611
