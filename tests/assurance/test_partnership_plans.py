"""A partnership's lists start from its own rows (issue 18): the actions and the progress
updates carry their partnership, and the lists' indexes start with it, so the action list's
first page, the dashboard's overdue and due-soon lists and the review queue read this
partnership's entries in order, never every partnership's. Pinned as plans on PostgreSQL,
with sequential scans, bitmap scans and sorts turned off (on a test's few rows any of them is
cheapest, and the planner's pick among them varies with the statistics; at national scale,
reading all of a partnership's rows to sort them for a page of 50 is what the ordered index
avoids): each scan of the table must use the ordered index whose condition is the
partnership, so the page can be read in order without a sort."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory

from assurance.dashboard import live_actions
from assurance.listing import action_listing
from assurance.queries import queue_updates_for
from recommendations.models import NOT_CLAIMED_STATUSES
from tests.dashboards_data import post_update
from tests.plans import explain, plan_nodes
from tests.recommendations.factories import ActionFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans"),
]

TODAY = datetime.date(2026, 12, 3)


@pytest.fixture
def two_partnerships(plan, action_a, lead_a, outsider):
    other = ActionFactory(agency__partnership=outsider.partnership)
    for action in (action_a, other):
        post_update(action, lead_a, "Audit done.", claims_completion=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _scans(root, table):
    return [node for node, _ in plan_nodes(root) if node.get("Relation Name") == table]


def _starts_from_the_partnership(queryset, table, index):
    root = explain(queryset, discourage=("enable_seqscan", "enable_bitmapscan", "enable_sort"))
    scans = _scans(root, table)
    assert scans, f"no scan of {table}"
    for scan in scans:
        assert scan.get("Index Name") == index, (scan["Node Type"], scan.get("Index Name"))
        assert "partnership_id" in scan.get("Index Cond", ""), scan.get("Index Cond")


def test_the_action_lists_first_page_reads_the_partnerships_index_in_order(
    two_partnerships, board_manager
):
    request = RequestFactory().get("/assurance/actions/")
    request.user = board_manager
    page = action_listing(request, TODAY).queryset[:50]
    _starts_from_the_partnership(page, "recommendations_action", "action_partnership_due")


def test_the_dashboards_overdue_list_reads_the_partnerships_open_actions_in_order(
    two_partnerships, board_manager
):
    overdue = live_actions(board_manager).overdue(TODAY).order_by("due_date", "pk")[:10]
    _starts_from_the_partnership(overdue, "recommendations_action", "action_not_claimed_due")
    soon = (
        live_actions(board_manager)
        .filter(status__in=NOT_CLAIMED_STATUSES, due_date__gte=TODAY)
        .order_by("due_date", "pk")[:10]
    )
    _starts_from_the_partnership(soon, "recommendations_action", "action_not_claimed_due")


def test_the_review_queue_reads_the_partnerships_updates_awaiting_judgement(
    two_partnerships, board_manager
):
    updates = queue_updates_for(board_manager)
    _starts_from_the_partnership(
        updates[:50], "assurance_progressupdate", "update_awaiting_partnership"
    )
    assert updates.count() == 1
