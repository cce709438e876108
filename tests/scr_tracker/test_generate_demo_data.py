import datetime

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, F
from django.urls import reverse

from assurance.models import AssuranceStatement, ProgressUpdate
from fixtures.demo.generator import generate
from recommendations.models import Action, DueDateRevision, Recommendation
from reviews.models import Review
from scr_tracker.models import Agency, Partnership, User

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
            # The dashboard asks more (its filters' choices, the review lifecycle section).
            bound = 21 if url == reverse("assurance:dashboard") else 16
            with django_assert_max_num_queries(bound):
                assert client.get(url).status_code == 200, url
        # The rows, then each 2,000-row chunk's timescale history (and one count: is the
        # download small enough to send now, or one for the background worker?).
        with django_assert_max_num_queries(9):
            response = client.get(reverse("assurance:action_export_csv"))
            b"".join(response.streaming_content)


def test_partnership_names_are_different_and_realistic_at_national_scale():
    from fixtures.demo.generator import partnership_names

    names = partnership_names(400)
    assert len(set(names)) == 400
    assert names[0] == "Ashcombe Safeguarding Children Partnership"
    assert all(n.endswith(" Safeguarding Children Partnership") for n in names)
    assert partnership_names(150) == names[:150]  # the same names whatever the count


def test_counts_history_and_scope_of_a_small_national_style_run():
    """More partnerships than the old list of 14 place names, default reviews per partnership
    scaled down: every row counted, every audited row with its history (who and why), and
    every action inside one partnership (its agency's is its review's)."""
    result = generate(partnerships=16, reviews=32, seed=2, today=TODAY)
    assert result.counts["partnerships"] == 16 == Partnership.objects.count()
    assert len(set(Partnership.objects.values_list("name", flat=True))) == 16
    assert Review.objects.count() == 32
    assert Action.objects.count() == result.counts["actions"] > 0
    assert ProgressUpdate.objects.count() == result.counts["progress updates"] > 0
    assert (
        Action.objects.exclude(agency__partnership=F("recommendation__review__partnership")).count()
        == 0
    )
    assert not Action.objects.exclude(partnership=F("recommendation__review__partnership")).exists()
    assert not Action.history.exclude(
        partnership_id=F("recommendation__review__partnership")
    ).exists()
    history = Action.history.model.objects
    assert history.filter(history_type="+").count() == Action.objects.count()
    assert not history.filter(history_user__isnull=True).exists()
    assert not history.filter(history_change_reason="").exists()
    assert set(history.values_list("history_change_reason", flat=True)) >= {
        "Action created",
        "Progress update",
    }
    for model in (Recommendation, ProgressUpdate, DueDateRevision, AssuranceStatement):
        assert model.history.filter(history_type="+").count() == model.objects.count()
    # Ids came from the tables' own sequences: the next ordinary save follows on.
    agency = Agency.objects.first()
    rec = Recommendation.objects.first()
    saved = Action.objects.create(recommendation=rec, agency=agency, key_actions="New")
    assert saved.pk > Action.objects.exclude(pk=saved.pk).order_by("-pk").first().pk


def test_default_reviews_scale_with_partnerships():
    from fixtures.demo.generator import REVIEWS_PER_PARTNERSHIP

    call_command("generate_demo_data", partnerships=1, today=TODAY)
    assert Review.objects.count() == REVIEWS_PER_PARTNERSHIP


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes")
def test_indexes_and_foreign_keys_are_back_after_a_run():
    def schema():
        with connection.cursor() as cursor:
            cursor.execute(
                # Names and tables (a recreated definition may be spelled differently).
                "SELECT indexname, tablename FROM pg_indexes WHERE schemaname = 'public' "
                "UNION ALL SELECT conname, conrelid::regclass::text FROM pg_constraint"
            )
            return sorted(cursor.fetchall())

    before = schema()
    generate(partnerships=1, reviews=2, seed=1, today=TODAY)
    assert schema() == before


def test_a_second_run_adds_partnerships_numbered_after_the_first():
    """`first` adds partnerships to an installation already generated: new names, new
    accounts, and the same data a single run would have made for those partnerships."""
    generate(partnerships=1, reviews=2, seed=3, today=TODAY)
    generate(partnerships=2, reviews=4, seed=3, today=TODAY, first=2)
    names = list(Partnership.objects.order_by("pk").values_list("name", flat=True))
    assert len(set(names)) == 3
    assert User.objects.filter(username__startswith="gen3.").count() == 3
    with pytest.raises(ValueError, match="Already generated"):
        generate(partnerships=1, reviews=1, seed=3, today=TODAY, first=3)
