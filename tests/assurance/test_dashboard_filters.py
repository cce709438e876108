"""The dashboard takes the Actions list's filters: every figure narrows, every figure, bar and
row links to the list with the same filters plus its own, the heading says what is filtered,
and the trend is remembered per filter."""

import datetime
import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from assurance.dashboard import memoised_trend
from assurance.filters import DASHBOARD_FILTERS, ActionFilter, DashboardFilter
from recommendations.models import Action, ActionStatus
from reviews.models import ReviewKind
from tests.recommendations.factories import ActionFactory, RecommendationFactory
from tests.reviews.factories import AgencyFactory, ReviewFactory, ThemeFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DASHBOARD = reverse("assurance:dashboard")
ACTIONS = reverse("assurance:action_list")


def _days(n):
    return TODAY + datetime.timedelta(days=n)


def _date(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@pytest.fixture
def two_reviews(partnership, agency_a, agency_b):
    """An older SCR (agreed 2024) and a newer rapid review (agreed 2026), with actions for
    both agencies: overdue, due soon, reported complete and assured."""
    old = ReviewFactory(
        partnership=partnership,
        title="Child Old",
        kind=ReviewKind.SCR,
        recommendations_agreed_date=datetime.date(2024, 5, 1),
    )
    new = ReviewFactory(
        partnership=partnership,
        title="Child New",
        kind=ReviewKind.RAPID,
        recommendations_agreed_date=datetime.date(2026, 2, 1),
    )
    old_rec, new_rec = RecommendationFactory(review=old), RecommendationFactory(review=new)
    made = {
        "old_a_overdue": ActionFactory(recommendation=old_rec, agency=agency_a, due_date=_days(-9)),
        "old_a_soon": ActionFactory(recommendation=old_rec, agency=agency_a, due_date=_days(9)),
        "old_b_overdue": ActionFactory(recommendation=old_rec, agency=agency_b, due_date=_days(-3)),
        "old_b_claimed": ActionFactory(
            recommendation=old_rec, agency=agency_b, status=ActionStatus.COMPLETION_CLAIMED
        ),
        "new_a_overdue": ActionFactory(recommendation=new_rec, agency=agency_a, due_date=_days(-1)),
        "new_b_soon": ActionFactory(recommendation=new_rec, agency=agency_b, due_date=_days(20)),
    }
    return old, new, made


def _page(client, **query):
    response = client.get(DASHBOARD, query)
    assert response.status_code == 200
    return response


def _links(html, path=ACTIONS):
    """The page's links to the list at `path` with a query (the navigation's has none)."""
    return [unescape(h) for h in re.findall(rf'href="({re.escape(path)}\?[^"]*)"', html)]


def _listed(client, url):
    """How many the list at `url` says match."""
    html = client.get(url).content.decode()
    found = re.search(r"<strong>([\d,]+)</strong>", html)
    return int(found.group(1).replace(",", "")) if found else 0


def test_the_dashboard_filter_is_the_action_lists_own():
    assert issubclass(DashboardFilter, ActionFilter)
    assert list(DashboardFilter.base_filters) == list(DASHBOARD_FILTERS)
    for name in DASHBOARD_FILTERS:
        assert type(DashboardFilter.base_filters[name]) is type(ActionFilter.base_filters[name])


def test_filters_narrow_every_figure(client, board_manager, agency_a, two_reviews):
    client.force_login(board_manager)
    board = _page(client).context["board"]
    assert (board.summary["total"], board.summary["overdue"]) == (6, 3)
    board = _page(client, agency=agency_a.pk).context["board"]
    assert (board.summary["total"], board.summary["overdue"], board.summary["due_soon"]) == (
        3,
        2,
        1,
    )
    assert [a.label for a in board.agencies] == [agency_a.name]
    assert {a.agency_id for a in board.overdue + board.due_soon} == {agency_a.pk}
    assert board.trend.open[-1] == 3


@pytest.mark.parametrize(
    ("query", "total"),
    [
        ({"review_kind": ReviewKind.RAPID}, 2),
        ({**_date("agreed_after", datetime.date(2024, 1, 1))}, 6),
        (
            {
                **_date("agreed_after", datetime.date(2024, 1, 1)),
                **_date("agreed_before", datetime.date(2025, 12, 31)),
            },
            4,
        ),
        ({"partnership_rag": "red"}, 3),
        ({**_date("due_after", _days(0)), **_date("due_before", _days(30))}, 2),
        ({"lead_officer": "Head of"}, 6),
        ({"lead_officer": "Nobody by this name"}, 0),
    ],
)
def test_each_filter_narrows_the_dashboard_as_it_narrows_the_list(
    client, board_manager, two_reviews, query, total
):
    client.force_login(board_manager)
    board = _page(client, **query).context["board"]
    assert board.summary["total"] == total
    assert _listed(client, f"{ACTIONS}?{client.get(DASHBOARD, query).request['QUERY_STRING']}") == (
        total
    )


def test_review_and_theme_filters(client, board_manager, two_reviews):
    old, new, made = two_reviews
    theme = ThemeFactory(partnership=old.partnership, name="Information sharing")
    made["new_a_overdue"].recommendation.themes.add(theme)
    client.force_login(board_manager)
    assert _page(client, review=old.pk).context["board"].summary["total"] == 4
    assert _page(client, theme=theme.pk).context["board"].summary["total"] == 2


def test_the_heading_says_what_is_filtered_in_words(client, board_manager, agency_a, two_reviews):
    client.force_login(board_manager)
    query = {
        "agency": agency_a.pk,
        **_date("agreed_after", datetime.date(2024, 1, 1)),
        **_date("agreed_before", datetime.date(2025, 12, 31)),
    }
    html = _page(client, **query).content.decode()
    assert "Health visiting provider, reviews agreed 2024–2025" in html
    assert "<title>Dashboard: Health visiting provider, reviews agreed 2024–2025" in html
    html = _page(client, review_kind=ReviewKind.SCR, partnership_rag="red").content.decode()
    assert "Red actions, Serious Case Reviews" in html
    assert "Dashboard:" not in _page(client).content.decode()


def test_every_link_to_the_list_carries_the_filters(client, board_manager, agency_a, two_reviews):
    client.force_login(board_manager)
    query = {"agency": str(agency_a.pk), **_date("agreed_after", datetime.date(2024, 1, 1))}
    html = _page(client, **query).content.decode()
    links = _links(html)
    assert len(links) > 15  # figures, RAG bars and table, agency chart and table, review table
    for url in links:
        params = dict(parse_qsl(urlsplit(url).query))
        assert params["agency"] == str(agency_a.pk), url
        assert params["agreed_after_2"] == "2024", url


def test_each_figure_is_the_count_its_link_lists(client, board_manager, agency_a, two_reviews):
    client.force_login(board_manager)
    response = _page(client, agency=agency_a.pk)
    board, links = response.context["board"], response.context["figure_links"]
    assert _listed(client, links["overdue"]) == board.summary["overdue"] == 2
    assert _listed(client, links["due_soon"]) == board.summary["due_soon"] == 1
    assert _listed(client, links["claimed"]) == board.summary["claimed"] == 0
    assert _listed(client, links["all"]) == board.summary["total"] == 3


def test_a_figures_due_dates_meet_the_dashboards(client, board_manager, two_reviews):
    """Due soon within "due on or before 15 days from now" is the next 15 days."""
    client.force_login(board_manager)
    response = _page(client, **_date("due_before", _days(15)))
    board, links = response.context["board"], response.context["figure_links"]
    params = dict(parse_qsl(urlsplit(links["due_soon"]).query))
    assert (params["due_before_0"], params["due_after_0"]) == (
        str(_days(15).day),
        str(TODAY.day),
    )
    assert _listed(client, links["due_soon"]) == board.summary["due_soon"] == 1


def test_chart_bars_and_table_cells_link_with_their_own_filter(
    client, board_manager, agency_a, agency_b, two_reviews
):
    client.force_login(board_manager)
    html = _page(client, review_kind=ReviewKind.SCR).content.decode()
    agency_chart = re.search(r'<svg [^>]*id="chart-agency".*?</svg>', html, re.S).group(0)
    red_b = [u for u in _links(agency_chart) if f"agency={agency_b.pk}" in u and "rag=red" in u]
    assert len(red_b) == 1
    assert "review_kind=scr" in red_b[0]
    assert _listed(client, red_b[0]) == 1  # old_b_overdue
    rag_chart = re.search(r'<svg [^>]*id="chart-rag".*?</svg>', html, re.S).group(0)
    red = re.search(r'<a href="[^"]*partnership_rag=red[^"]*">(.*?)</a>', rag_chart).group(1)
    assert ">Red</text>" in red and ">2 (50%)</text>" in red  # named by its words


def test_stage_figures_follow_the_filters_the_reviews_list_has(
    client, board_manager, agency_a, two_reviews
):
    client.force_login(board_manager)
    html = _page(client, review_kind=ReviewKind.RAPID, agency=agency_a.pk).content.decode()
    stages = _page(client, review_kind=ReviewKind.RAPID).context["board"].stages
    assert sum(n for _value, _label, n in stages) == 1
    # The stage chart's links (the lifecycle section further down has links of its own).
    chart = html[html.index('id="stages-heading"') :]
    chart = chart[: chart.index("</section>")]
    reviews_links = _links(chart, reverse("assurance:review_list"))
    assert reviews_links and all("kind=rapid" in u for u in reviews_links)
    assert "not the agency filter" in html


def test_an_agency_lead_sees_their_agencies_and_cannot_filter_to_another(
    client, lead_a, agency_a, agency_b, two_reviews
):
    client.force_login(lead_a)
    board = _page(client).context["board"]
    assert board.summary["total"] == 3
    assert [a.label for a in board.agencies] == [agency_a.name]
    assert not board.shows_nobody_to_act
    response = _page(client, agency=agency_b.pk)
    html = response.content.decode()
    assert "govuk-error-summary" in html and "Select a valid choice" in html
    assert response.context["board"].summary["total"] == 3  # the bad filter is left out
    agency_choices = re.search(r'<select name="agency".*?</select>', html, re.S).group(0)
    assert agency_b.name not in unescape(agency_choices)


def test_a_date_that_is_not_real_is_reported_and_the_other_filters_apply(
    client, board_manager, agency_a, two_reviews
):
    client.force_login(board_manager)
    response = _page(
        client, agency=agency_a.pk, due_after_0="31", due_after_1="2", due_after_2="2025"
    )
    assert "govuk-error-summary" in response.content.decode()
    assert response.context["board"].summary["total"] == 3
    assert all("due_after_0=31" not in u for u in response.context["figure_links"].values())


def test_actions_no_one_can_update_are_counted_and_listed(
    client, board_manager, lead_a, agency_a, agency_b, two_reviews
):
    """agency_b has no lead account: its three open actions can be updated by no one."""
    client.force_login(board_manager)
    response = _page(client)
    assert response.context["board"].summary["nobody_to_act"] == 3
    url = response.context["figure_links"]["nobody_to_act"]
    assert "nobody_to_act=on" in url
    assert _listed(client, url) == 3
    assert "no one can update" in response.content.decode()
    assert _page(client, agency=agency_a.pk).context["board"].summary["nobody_to_act"] == 0
    assert _page(client, nobody_to_act="on").context["board"].summary["total"] == 3


def test_the_remembered_trend_is_kept_per_filter(board_manager, agency_a, agency_b, two_reviews):
    from django.test import RequestFactory

    def filters(**data):
        request = RequestFactory().get("/", data)
        request.user = board_manager
        return DashboardFilter(request.GET or None, queryset=Action.objects.none(), request=request)

    def actions(chosen):
        everything = Action.objects.for_user(board_manager)
        return chosen.filter_queryset(everything) if chosen.is_bound else everything

    now = timezone.now()
    for data, expected in (({}, 6), ({"agency": agency_a.pk}, 3), ({"agency": agency_b.pk}, 3)):
        chosen = filters(**data)
        chosen.form.is_valid()
        result = memoised_trend(board_manager, now, actions=actions(chosen), filters=chosen)
        assert result.open[-1] == expected, data
    # Read back from the cache, each under its own key.
    chosen = filters(agency=agency_b.pk)
    chosen.form.is_valid()
    Action.objects.filter(agency=agency_b).first()  # nothing changes
    assert memoised_trend(board_manager, now, actions=actions(chosen), filters=chosen).open[-1] == 3


def test_query_count_is_bounded_with_filters_and_other_partnerships_data(
    client, django_assert_max_num_queries, board_manager, lead_a, agency_a, two_reviews, outsider
):
    old, _new, _made = two_reviews
    theme = ThemeFactory(partnership=old.partnership)
    query = {
        "review": old.pk,
        "review_kind": ReviewKind.SCR,
        "agency": agency_a.pk,
        "theme": theme.pk,
        "lead_officer": "Head",
        "partnership_rag": "red",
        "nobody_to_act": "on",
        **_date("due_after", datetime.date(2020, 1, 1)),
        **_date("due_before", _days(400)),
        **_date("agreed_after", datetime.date(2020, 1, 1)),
        **_date("agreed_before", _days(400)),
    }
    counts = []
    for size in (1, 25):
        other = RecommendationFactory(review=ReviewFactory(partnership=outsider.partnership))
        ActionFactory.create_batch(
            size,
            recommendation=other,
            agency=AgencyFactory(partnership=outsider.partnership),
            due_date=_days(-1),
        )
        mine = old.recommendations.first()
        ActionFactory.create_batch(size, recommendation=mine, agency=agency_a)
        for user in (board_manager, lead_a):
            client.force_login(user)
            # Every filter set costs the validation and choices of review, agency and theme.
            # Four of these are the review lifecycle section (issue 19), the same at any size.
            for data, bound in ((query, 24), ({"agency": agency_a.pk}, 22), ({}, 21)):
                with django_assert_max_num_queries(bound) as captured:
                    _page(client, **data)
                counts.append(len(captured))
    half = len(counts) // 2
    assert counts[:half] == counts[half:], counts  # the same number of queries at both sizes
