import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assurance.dashboard import dashboard_for, trend
from assurance.models import Judgement
from recommendations.models import ActionStatus
from tests.dashboards_data import at, backdate_creation, post_update, record_change
from tests.recommendations.factories import ActionFactory, RecommendationFactory
from tests.reviews.factories import AgencyFactory, ReviewFactory

pytestmark = pytest.mark.django_db

NOW = at("2026-03-15")


def _month(result, label):
    index = [m.first_day.strftime("%Y-%m") for m in result.months].index(label)
    return result.open[index], result.overdue[index], result.assured[index]


@pytest.fixture
def timeline(recommendation, agency_a, agency_b, outsider):
    """Three actions with known histories; a fourth in another partnership."""
    first = ActionFactory(
        recommendation=recommendation, agency=agency_a, due_date=datetime.date(2024, 6, 30)
    )
    backdate_creation(first, "2024-01-10")
    record_change(first, "2024-08-05", status=ActionStatus.IN_PROGRESS)
    record_change(first, "2025-02-10", status=ActionStatus.COMPLETION_CLAIMED)
    record_change(first, "2025-03-20", status=ActionStatus.ASSURED)
    second = ActionFactory(
        recommendation=recommendation, agency=agency_b, due_date=datetime.date(2026, 1, 31)
    )
    backdate_creation(second, "2025-06-01")
    record_change(second, "2025-12-15", archived_at=at("2025-12-15"))
    third = ActionFactory(
        recommendation=recommendation, agency=agency_a, due_date=datetime.date(2025, 10, 31)
    )
    backdate_creation(third, "2025-09-02")
    other_review = ReviewFactory(partnership=outsider.partnership)
    elsewhere = ActionFactory(
        recommendation=RecommendationFactory(review=other_review),
        agency=AgencyFactory(partnership=outsider.partnership),
        due_date=datetime.date(2024, 1, 1),
    )
    backdate_creation(elsewhere, "2023-01-01")
    return first, second, third


def test_trend_covers_24_months_ending_now(board_manager, timeline):
    result = trend(board_manager, NOW)
    assert len(result.months) == 24
    assert result.months[0].first_day == datetime.date(2024, 4, 1)
    assert result.months[-1].first_day == datetime.date(2026, 3, 1)
    assert result.months[-1].instant == NOW


def test_trend_rebuilds_each_month_end_from_history(board_manager, timeline):
    result = trend(board_manager, NOW)
    assert _month(result, "2024-04") == (1, 0, 0)  # created before the window, not yet due
    assert _month(result, "2024-06") == (1, 0, 0)  # due on the last day of June: not yet overdue
    assert _month(result, "2024-07") == (1, 1, 0)  # overdue from July
    assert _month(result, "2025-01") == (1, 1, 0)
    assert _month(result, "2025-02") == (1, 0, 0)  # reported complete: open, no longer overdue
    assert _month(result, "2025-03") == (0, 0, 1)  # assured on 20 March
    assert _month(result, "2025-06") == (1, 0, 1)  # the second action is created
    assert _month(result, "2025-09") == (2, 0, 1)  # the third is created
    assert _month(result, "2025-11") == (2, 1, 1)  # the third fell due on 31 October
    assert _month(result, "2025-12") == (1, 1, 1)  # the second was archived on 15 December
    assert _month(result, "2026-03") == (1, 1, 1)


def test_trend_counts_only_the_users_actions(lead_a, lead_b, timeline):
    assert _month(trend(lead_a, NOW), "2025-11") == (1, 1, 1)
    # lead_b's only action is archived now, so it is out of lead_b's scope, history and all.
    assert _month(trend(lead_b, NOW), "2025-11") == (0, 0, 0)


def test_trend_ignores_history_after_now(board_manager, timeline):
    first = timeline[0]
    record_change(first, "2026-05-01", status=ActionStatus.IN_PROGRESS)
    assert _month(trend(board_manager, NOW), "2026-03") == (1, 1, 1)


def test_summary_counts_by_partnership_rag_and_queue(
    board_manager, recommendation, agency_a, lead_a
):
    today = timezone.localdate()
    ActionFactory(
        recommendation=recommendation, agency=agency_a, due_date=today - datetime.timedelta(days=40)
    )
    ActionFactory(
        recommendation=recommendation, agency=agency_a, due_date=today + datetime.timedelta(days=10)
    )
    claimed = ActionFactory(
        recommendation=recommendation, agency=agency_a, status=ActionStatus.COMPLETION_CLAIMED
    )
    ActionFactory(recommendation=recommendation, agency=agency_a, status=ActionStatus.ASSURED)
    post_update(claimed, lead_a, "Done", judgement=Judgement.AWAITING)
    post_update(claimed, lead_a, "Earlier", judgement=Judgement.ACCEPTED)
    board = dashboard_for(board_manager)
    assert board.summary["total"] == 4
    assert (
        board.summary["red"],
        board.summary["amber"],
        board.summary["green"],
        board.summary["blue"],
    ) == (
        1,
        1,
        1,
        1,
    )
    assert (board.summary["overdue"], board.summary["due_soon"], board.summary["claimed"]) == (
        1,
        1,
        1,
    )
    assert board.summary["impact_pending"] == 1
    assert board.awaiting_judgement == 1
    assert [a.days_overdue for a in board.overdue] == [40]


def test_overdue_list_is_longest_first(board_manager, recommendation, agency_a):
    today = timezone.localdate()
    for days in (3, 300, 30):
        ActionFactory(
            recommendation=recommendation,
            agency=agency_a,
            due_date=today - datetime.timedelta(days=days),
        )
    assert [a.days_overdue for a in dashboard_for(board_manager).overdue] == [300, 30, 3]


def test_archived_actions_are_left_out_of_the_figures(board_manager, recommendation, agency_a):
    ActionFactory(recommendation=recommendation, agency=agency_a, archived_at=timezone.now())
    assert dashboard_for(board_manager).summary["total"] == 0


def test_agency_lead_dashboard_counts_only_their_agencies(client, lead_a, plan):
    board = dashboard_for(lead_a)
    assert board.summary["total"] == 1
    assert [a.label for a in board.agencies] == ["Health visiting provider"]
    client.force_login(lead_a)
    assert "your own agencies only" in client.get(reverse("assurance:dashboard")).content.decode()


def test_dashboard_page_has_accessible_charts_with_tables_and_summaries(
    client, board_manager, plan
):
    client.force_login(board_manager)
    html = client.get(reverse("assurance:dashboard")).content.decode()
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(svgs) == 4
    for svg in svgs:
        # An image, or a group of links when its bars lead to the lists.
        assert re.search(r'role="(img|group)"', svg) and "<title id=" in svg and "<desc id=" in svg
        assert "style=" not in svg and "<script" not in svg
        # Bars are links to the lists, named in words; nothing else is fetched.
        assert all(h.startswith("/assurance/") for h in re.findall(r'href="([^"]*)"', svg))
    assert html.count('class="govuk-details"') == 3
    assert "Actions at the end of each month, from their history" in html
    assert "Of 2 live actions" in html


def test_dashboard_links_lead_to_matching_action_lists(
    client, board_manager, recommendation, agency_a
):
    today = timezone.localdate()
    ActionFactory(
        recommendation=recommendation, agency=agency_a, due_date=today + datetime.timedelta(days=5)
    )
    client.force_login(board_manager)
    html = client.get(reverse("assurance:dashboard")).content.decode()
    due_soon_url = (
        re.search(r'href="(/assurance/actions/\?to_do=on[^"]*)"', html)
        .group(1)
        .replace("&amp;", "&")
    )
    listed = client.get(due_soon_url).content.decode()
    assert re.search(r"<strong>1</strong>\s*action\.", listed)


@pytest.mark.parametrize("size", [1, 2, 5, 24])
def test_first_index_sql_matches_a_binary_search(size):
    """The trend's month finder: the first bound the value is below, len(bounds) if none."""
    import bisect

    from django.db import connection

    from assurance.dashboard import _first_index

    bounds = [10 * i for i in range(size)]
    sql, params = _first_index('"x"', bounds)
    with connection.cursor() as cursor:
        for value in [None, -5, *range(0, 10 * size + 1, 5)]:
            query = f'SELECT {sql} FROM (SELECT CAST(%s AS INTEGER) AS "x") t'  # noqa: S608
            cursor.execute(query, [*params, value])
            expected = size if value is None else bisect.bisect_right(bounds, value)
            assert cursor.fetchone()[0] == expected, value


def test_trend_is_remembered_until_the_history_moves(
    board_manager, recommendation, agency_a, django_assert_num_queries
):
    from assurance.dashboard import memoised_trend

    today = timezone.localdate()
    action = ActionFactory(
        recommendation=recommendation, agency=agency_a, due_date=today + datetime.timedelta(days=5)
    )
    now = timezone.now()
    first = memoised_trend(board_manager, now)
    assert (first.open[-1], first.assured[-1]) == (1, 0)
    with django_assert_num_queries(1):  # the history version only
        assert memoised_trend(board_manager, now).open == first.open
    action.status = ActionStatus.ASSURED
    action.save()  # a new history row: the next dashboard rebuilds the trend
    second = memoised_trend(board_manager, timezone.now())
    assert (second.open[-1], second.assured[-1]) == (0, 1)


def test_archiving_a_review_refreshes_a_scrutineers_trend(
    scrutineer, recommendation, agency_a, review
):
    from assurance.dashboard import memoised_trend

    ActionFactory(recommendation=recommendation, agency=agency_a)
    assert memoised_trend(scrutineer, timezone.now()).open[-1] == 1
    review.archived_at = timezone.now()
    review.save()  # scrutineers see live plans only; the review's history row moves the version
    assert memoised_trend(scrutineer, timezone.now()).open[-1] == 0


def test_remembered_trends_are_per_partnership_and_role(
    board_manager, outsider, scrutineer, recommendation, agency_a, review
):
    from assurance.dashboard import memoised_trend

    ActionFactory(recommendation=recommendation, agency=agency_a)
    review.archived_at = timezone.now()
    review.save()
    now = timezone.now()
    assert memoised_trend(board_manager, now).open[-1] == 1  # board managers see archived plans
    assert memoised_trend(scrutineer, now).open[-1] == 0
    assert memoised_trend(outsider, now).open[-1] == 0


def test_dashboard_counts_read_as_english(client, board_manager, recommendation, agency_a):
    today = timezone.localdate()
    ActionFactory(
        recommendation=recommendation, agency=agency_a, due_date=today - datetime.timedelta(days=3)
    )
    client.force_login(board_manager)
    html = client.get(reverse("assurance:dashboard")).content.decode()
    assert "</span> overdue action</a>" in html and "See all 1 overdue action</a>" in html
    assert "Of 1 live action: 1 Red and 0 Amber" in html
    assert "1 review: " in html
