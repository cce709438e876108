"""The admin changelist of actions: a cheap indexed ordering and no count of every action
beside a filtered one, whatever the size of the installation (issue 18)."""

import re

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.models import Action
from tests.recommendations.factories import ActionFactory

pytestmark = pytest.mark.django_db


def _page_query(queries) -> str:
    """The query that reads the page of actions (the ordered one)."""
    table = Action._meta.db_table
    pages = [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT")
        and f'FROM "{table}"' in q["sql"]
        and " ORDER BY " in q["sql"]
        and "COUNT(" not in q["sql"]
    ]
    assert len(pages) == 1, pages
    return pages[0]


@pytest.mark.parametrize("size", [1, 12])
def test_changelist_orders_by_the_action_tables_primary_key_only(
    client, administrator, recommendation, agency_a, size
):
    for n in range(size):
        ActionFactory(recommendation=recommendation, agency=agency_a, key_actions=f"Action {n}")
    client.force_login(administrator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:recommendations_action_changelist"))
    assert response.status_code == 200
    sql = _page_query(queries.captured_queries)
    order_by = sql.split(" ORDER BY ", 1)[1].split(" LIMIT ", 1)[0].strip()
    # Only the action table's id (its primary key index, newest first): no join to sort by.
    assert re.fullmatch(r'"recommendations_action"\."id" DESC', order_by), order_by
    assert len(queries.captured_queries) <= 12  # the same at both sizes
    newest = Action.objects.order_by("-pk").first()
    assert response.context["cl"].result_list[0] == newest


def test_filtered_changelist_does_not_count_every_action(
    client, administrator, recommendation, agency_a
):
    ActionFactory(recommendation=recommendation, agency=agency_a, status="in_progress")
    assert site._registry[Action].show_full_result_count is False
    client.force_login(administrator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            reverse("admin:recommendations_action_changelist"), {"status__exact": "in_progress"}
        )
    assert response.status_code == 200
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    table = Action._meta.db_table
    # One count, of the filtered actions; none of every action in the installation.
    unfiltered = [c for c in counts if f'FROM "{table}"' in c and "WHERE" not in c]
    assert unfiltered == []
