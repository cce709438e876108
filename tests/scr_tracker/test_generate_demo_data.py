import datetime

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.urls import reverse

from assurance.models import ProgressUpdate
from fixtures.demo.generator import generate
from recommendations.models import Action, Recommendation
from reviews.models import Review
from scr_tracker.models import User

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 30)


def _fingerprint():
    actions = Action.objects.values_list(
        "recommendation__review__reference",
        "recommendation__source_agency__name",
        "recommendation__number",
        "position",
        "agency__name",
        "status",
        "due_date",
        "agency_rag",
        "last_update_at",
    )
    return (
        sorted(
            map(
                str,
                Review.objects.values_list("reference", "status", "recommendations_agreed_date"),
            )
        ),
        sorted(map(str, actions)),
        ProgressUpdate.objects.count(),
    )


def test_generates_a_realistic_spread_with_complete_history():
    result = generate(partnerships=2, reviews=12, seed=3, today=TODAY)
    assert result.counts["partnerships"] == 2 and result.counts["reviews"] == 12
    assert result.counts["recommendations"] >= 60 and result.counts["actions"] >= 200
    statuses = set(Action.objects.values_list("status", flat=True))
    assert {"assured", "in_progress"} <= statuses
    # Every row has its creation in history, at its own date, and updates changed the action.
    history = Action.history.model.objects
    assert history.filter(history_type="+").count() == Action.objects.count()
    assert history.filter(history_type="~").count() >= ProgressUpdate.objects.count()
    assert Review.history.model.objects.values("id").distinct().count() == 12
    assert (
        Recommendation.history.model.objects.filter(history_type="+").count()
        == Recommendation.objects.count()
    )
    assert (
        ProgressUpdate.history.model.objects.filter(history_type="+").count()
        == ProgressUpdate.objects.count()
    )
    first = Action.objects.order_by("pk").first()
    created = first.history.get(history_type="+")
    assert created.history_date == first.created_at and created.history_user is not None
    assert created.status == "not_started"
    # The m2m history of themes is written too.
    review = Review.objects.first()
    assert set(review.history.earliest().themes.values_list("theme", flat=True)) == set(
        review.themes.values_list("pk", flat=True)
    )


def test_same_seed_gives_the_same_data():
    fingerprints = []
    for _ in range(2):
        with transaction.atomic():
            generate(partnerships=1, reviews=4, seed=7, today=TODAY)
            fingerprints.append(_fingerprint())
            transaction.set_rollback(True)
    assert fingerprints[0] == fingerprints[1]


def test_one_user_per_role_per_partnership_with_a_prefix():
    generate(partnerships=2, reviews=2, seed=1, today=TODAY)
    names = sorted(User.objects.values_list("username", flat=True))
    assert names == [
        "gen1.agency.lead",
        "gen1.board.manager",
        "gen1.scrutineer",
        "gen2.agency.lead",
        "gen2.board.manager",
        "gen2.scrutineer",
    ]


def test_command_skips_when_asked_and_data_is_there(capsys):
    call_command("generate_demo_data", partnerships=1, reviews=2, seed=1)
    call_command("generate_demo_data", partnerships=1, reviews=2, seed=1, if_missing=True)
    assert "already in this database" in capsys.readouterr().out
    assert Review.objects.count() == 2


@pytest.mark.parametrize("reviews", [2, 10])
def test_page_query_counts_do_not_grow_with_the_generated_dataset(
    client, django_assert_max_num_queries, reviews
):
    """The same bound at two sizes of the realistic dataset."""
    generate(partnerships=1, reviews=reviews, seed=1, today=datetime.date.today())
    largest = Review.objects.annotate(n=Count("recommendations__actions")).order_by("-n").first()
    pages = [
        reverse("assurance:dashboard"),
        reverse("assurance:action_list"),
        reverse("assurance:action_list") + "?overdue=on&agency=1&sort=-updated",
        reverse("assurance:recommendation_list"),
        reverse("assurance:review_list"),
        reverse("assurance:recurring_themes"),
        reverse("assurance:search") + "?q=training",
        reverse("assurance:review_detail", args=[largest.pk]),
    ]
    for username in ("gen1.board.manager", "gen1.agency.lead"):
        client.force_login(User.objects.get(username=username))
        for url in pages:
            with django_assert_max_num_queries(16):
                assert client.get(url).status_code == 200, url
        # The rows, then each 2,000-row chunk's timescale history.
        with django_assert_max_num_queries(8):
            response = client.get(reverse("assurance:action_export_csv"))
            b"".join(response.streaming_content)
