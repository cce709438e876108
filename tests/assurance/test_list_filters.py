import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from assurance.listing import action_listing, recommendation_listing
from assurance.models import Judgement
from recommendations.models import ActionStatus
from reviews.models import ReviewKind
from tests.dashboards_data import post_update
from tests.recommendations.factories import ActionFactory, RecommendationFactory
from tests.reviews.factories import ReviewFactory, ThemeFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def actions(partnership, review, recommendation, agency_a, agency_b, lead_a):
    """Named actions, each standing out on one filter."""
    theme = ThemeFactory(name="Neglect")
    dhr = ReviewFactory(partnership=partnership, kind=ReviewKind.DHR, title="DHR Mr A")
    neglect_rec = RecommendationFactory(review=dhr, number="2", text="Use the graded care profile")
    neglect_rec.themes.set([theme])
    made = {
        "overdue": ActionFactory(
            recommendation=recommendation, agency=agency_a, due_date=_days(-10)
        ),
        "claimed": ActionFactory(
            recommendation=recommendation,
            agency=agency_a,
            due_date=_days(-5),
            status=ActionStatus.COMPLETION_CLAIMED,
        ),
        "agency_b": ActionFactory(
            recommendation=recommendation, agency=agency_b, due_date=_days(90)
        ),
        "dhr": ActionFactory(
            recommendation=neglect_rec,
            agency=agency_a,
            due_date=_days(200),
            lead_officer="Named Nurse",
        ),
        "amber": ActionFactory(
            recommendation=recommendation, agency=agency_a, due_date=_days(300), agency_rag="amber"
        ),
        "assured": ActionFactory(
            recommendation=recommendation,
            agency=agency_a,
            due_date=_days(-400),
            status=ActionStatus.ASSURED,
        ),
    }
    made["amber"].key_actions = "Publish the escalation protocol"
    made["amber"].last_update_at = timezone.now()
    made["amber"].save()
    post_update(made["claimed"], lead_a, "Complete", judgement=Judgement.AWAITING)
    post_update(made["dhr"], lead_a, "Judged", judgement=Judgement.ACCEPTED)
    return made, theme, dhr


def _listed(user, **params):
    request = RequestFactory().get("/assurance/actions/", params)
    request.user = user
    return {a.pk for a in action_listing(request, TODAY).queryset}


def _names(actions, *names):
    return {actions[n].pk for n in names}


def _date(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_no_filter_lists_everything_visible(board_manager, actions):
    assert len(_listed(board_manager)) == 6


def test_filter_by_review_and_review_kind(board_manager, actions):
    made, _, dhr = actions
    assert _listed(board_manager, review=dhr.pk) == _names(made, "dhr")
    assert _listed(board_manager, review_kind=ReviewKind.DHR) == _names(made, "dhr")


def test_filter_by_agency(board_manager, actions, agency_b):
    assert _listed(board_manager, agency=agency_b.pk) == _names(actions[0], "agency_b")


def test_filter_by_lead_officer(board_manager, actions):
    assert _listed(board_manager, lead_officer="nurse") == _names(actions[0], "dhr")


def test_filter_by_status(board_manager, actions):
    assert _listed(board_manager, status=ActionStatus.ASSURED) == _names(actions[0], "assured")


def test_filter_by_partnership_rag(board_manager, actions):
    made = actions[0]
    assert _listed(board_manager, partnership_rag="red") == _names(made, "overdue")
    assert _listed(board_manager, partnership_rag="blue") == _names(made, "assured")
    assert _listed(board_manager, partnership_rag="amber") == _names(made, "amber")


def test_filter_by_agency_rag(board_manager, actions):
    assert _listed(board_manager, agency_rag="amber") == _names(actions[0], "amber")
    assert _names(actions[0], "amber").isdisjoint(_listed(board_manager, agency_rag="none"))


def test_filter_by_theme(board_manager, actions):
    made, theme, _ = actions
    assert _listed(board_manager, theme=theme.pk) == _names(made, "dhr")


def test_filter_by_due_date_range(board_manager, actions):
    params = {**_date("due_after", _days(0)), **_date("due_before", _days(100))}
    assert _listed(board_manager, **params) == _names(actions[0], "agency_b")


def test_invalid_date_is_reported_and_ignored(client, board_manager, actions):
    client.force_login(board_manager)
    response = client.get(
        reverse("assurance:action_list"),
        {"due_after_0": "31", "due_after_1": "2", "due_after_2": "2025"},
    )
    html = response.content.decode()
    assert "There is a problem" in html and "Due on or after must be a real date" in html
    assert "<strong>6</strong>" in html


def test_overdue_only_leaves_out_completion_claimed(board_manager, actions):
    assert _listed(board_manager, overdue="on") == _names(actions[0], "overdue")


def test_updated_since(board_manager, actions):
    assert _listed(board_manager, **_date("updated_since", TODAY)) == _names(actions[0], "amber")


def test_awaiting_judgement(board_manager, actions):
    assert _listed(board_manager, awaiting_judgement="on") == _names(actions[0], "claimed")


def test_free_text_matches_every_word_across_fields(board_manager, actions):
    assert _listed(board_manager, q="escalation PROTOCOL") == _names(actions[0], "amber")
    assert _listed(board_manager, q="graded care") == _names(
        actions[0], "dhr"
    )  # the recommendation's text
    assert _listed(board_manager, q="escalation graded") == set()


def test_filters_combine(board_manager, actions, agency_a):
    assert _listed(board_manager, agency=agency_a.pk, overdue="on") == _names(actions[0], "overdue")


def test_lead_cannot_widen_their_scope_with_filters(lead_a, actions, agency_b):
    assert _names(actions[0], "agency_b").isdisjoint(_listed(lead_a))
    # Another agency is not a valid choice for lead_a: the filter is refused, the scope stays.
    assert _listed(lead_a, agency=agency_b.pk) == _listed(lead_a)


def test_sort_links_carry_filters_and_aria_sort(client, board_manager, actions, agency_a):
    client.force_login(board_manager)
    html = client.get(
        reverse("assurance:action_list"), {"agency": agency_a.pk, "sort": "-due"}
    ).content.decode()
    assert 'aria-sort="descending"' in html
    assert f"?agency={agency_a.pk}&amp;sort=due" in html
    assert 'name="sort" value="-due"' in html
    assert "<strong>5</strong> actions" in html


def test_sorting_by_partnership_rag_puts_red_first(board_manager, actions):
    request = RequestFactory().get("/assurance/actions/", {"sort": "partnership_rag"})
    request.user = board_manager
    ratings = [a.partnership_rag for a in action_listing(request, TODAY).queryset]
    assert ratings[0] == "red" and ratings[-1] == "blue"


def test_unknown_sort_falls_back_to_due_date(board_manager, actions):
    request = RequestFactory().get("/assurance/actions/", {"sort": "password"})
    request.user = board_manager
    due = [a.due_date for a in action_listing(request, TODAY).queryset]
    assert due == sorted(due)


def test_recommendation_filters(board_manager, actions, agency_b):
    made, theme, dhr = actions
    request = RequestFactory().get("/assurance/recommendations/", {"theme": theme.pk})
    request.user = board_manager
    assert [r.review_id for r in recommendation_listing(request, TODAY).queryset] == [dhr.pk]
    request = RequestFactory().get(
        "/assurance/recommendations/", {"agency": agency_b.pk, "open_actions": "on"}
    )
    request.user = board_manager
    listed = list(recommendation_listing(request, TODAY).queryset)
    assert [(r.action_count, r.open_count, r.overdue_count) for r in listed] == [(5, 4, 1)]


def test_review_filters(client, board_manager, actions, review):
    _, theme, dhr = actions
    client.force_login(board_manager)
    html = client.get(reverse("assurance:review_list"), {"kind": ReviewKind.DHR}).content.decode()
    assert "DHR Mr A" in html and review.title not in html
    html = client.get(reverse("assurance:review_list"), {"q": "baby"}).content.decode()
    assert review.title in html and "DHR Mr A" not in html
    assert "<strong>1</strong> review." in html  # one review, not "1 reviews"
    html = client.get(reverse("assurance:review_list")).content.decode()
    assert "<strong>2</strong> reviews." in html


@pytest.mark.parametrize("size", [1, 30])
def test_list_query_counts_do_not_grow(
    client, django_assert_max_num_queries, board_manager, lead_a, recommendation, agency_a, size
):
    ActionFactory.create_batch(size, recommendation=recommendation, agency=agency_a)
    for user in (board_manager, lead_a):
        client.force_login(user)
        with django_assert_max_num_queries(10):
            assert (
                client.get(
                    reverse("assurance:action_list"), {"overdue": "on", "sort": "agency_rag"}
                ).status_code
                == 200
            )
        # One more than the others: the partnership's rating thresholds, for the roll-up.
        with django_assert_max_num_queries(11):
            assert client.get(reverse("assurance:recommendation_list")).status_code == 200
        # The review lifecycle (stage rules, stage records) and the roll-ups (thresholds, the
        # page's recommendations): four fixed queries.
        with django_assert_max_num_queries(12):
            assert client.get(reverse("assurance:review_list")).status_code == 200
