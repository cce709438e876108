"""PostgreSQL query plans for tests: EXPLAIN a queryset and walk its nodes."""

import json

from django.db import connection, transaction


def plan_nodes(node, ancestors=()):
    """Every node of a JSON plan, with the nodes above it."""
    yield node, ancestors
    for child in node.get("Plans", []):
        yield from plan_nodes(child, (*ancestors, node))


def conditions(node) -> str:
    keys = ("Index Cond", "Filter", "Recheck Cond", "Hash Cond", "Join Filter", "Merge Cond")
    return " ".join(str(node.get(key, "")) for key in keys)


def subtree(node):
    return [n for n, _ in plan_nodes(node)]


def explain(queryset, *, verbose=False, discourage=()) -> dict:
    """The root node of the queryset's plan. `discourage` names planner methods to turn off
    for this plan (enable_seqscan ...): on a test's few rows a sequential scan is always
    cheapest, so a test of which index a query can use at scale turns it off."""
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in discourage:
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN ({'VERBOSE, ' if verbose else ''}FORMAT JSON) {sql}", params)
        raw = cursor.fetchone()[0]
    return (raw if isinstance(raw, list) else json.loads(raw))[0]["Plan"]
