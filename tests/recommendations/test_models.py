import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from recommendations.models import Action, ActionStatus, Recommendation, RecommendationSource
from tests.recommendations.factories import ActionFactory, RecommendationFactory
from tests.reviews.factories import AgencyFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def test_recommendation_number_is_unique_within_review_and_source(review):
    RecommendationFactory(review=review, number="1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(
            review=review, number="1", text="Again", source=RecommendationSource.OVERVIEW
        )


def test_each_agency_imr_may_restart_numbering_at_one(review, agency_a, agency_b):
    RecommendationFactory(review=review, number="1")
    RecommendationFactory(
        review=review, number="1", source=RecommendationSource.IMR, source_agency=agency_a
    )
    RecommendationFactory(
        review=review, number="1", source=RecommendationSource.IMR, source_agency=agency_b
    )
    assert Recommendation.objects.filter(review=review, number="1").count() == 3


def test_same_imr_cannot_repeat_a_number(review, agency_a):
    RecommendationFactory(
        review=review, number="2", source=RecommendationSource.IMR, source_agency=agency_a
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(
            review=review,
            number="2",
            text="Again",
            source=RecommendationSource.IMR,
            source_agency=agency_a,
        )


def test_the_same_number_may_appear_in_different_reviews(partnership):
    RecommendationFactory(review=ReviewFactory(partnership=partnership), number="1")
    RecommendationFactory(review=ReviewFactory(partnership=partnership), number="1")


def test_imr_recommendation_must_name_its_agency_in_the_database(review):
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(
            review=review, number="9", text="x", source=RecommendationSource.IMR
        )


def test_imr_recommendation_must_name_its_agency_when_validated(review):
    recommendation = Recommendation(
        review=review, number="9", text="x", source=RecommendationSource.IMR
    )
    with pytest.raises(ValidationError) as error:
        recommendation.full_clean()
    assert "source_agency" in error.value.message_dict


def test_single_agency_recommendation_needs_the_addressed_agency(review):
    recommendation = Recommendation(review=review, number="3", text="x", scope="single")
    with pytest.raises(ValidationError) as error:
        recommendation.full_clean()
    assert "addressed_agency" in error.value.message_dict


def test_a_recommendation_cannot_repeat_one_from_another_partnership(review, other_partnership):
    foreign = RecommendationFactory(review=ReviewFactory(partnership=other_partnership))
    recommendation = RecommendationFactory(review=review)
    recommendation.repeats = foreign
    with pytest.raises(ValidationError) as error:
        recommendation.full_clean()
    assert "repeats" in error.value.message_dict


def test_action_agency_must_belong_to_the_reviews_partnership(recommendation, other_partnership):
    action = Action(
        recommendation=recommendation,
        agency=AgencyFactory(partnership=other_partnership),
        key_actions="x",
    )
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "agency" in error.value.message_dict


def test_not_implemented_needs_a_reason_in_the_database(action_a):
    action_a.status = ActionStatus.NOT_IMPLEMENTED
    with pytest.raises(IntegrityError), transaction.atomic():
        action_a.save()


def test_due_date_must_be_a_date(action_a):
    action_a.due_date = "31.07.2015"
    with pytest.raises(ValidationError):
        action_a.full_clean()


def test_audited_rows_cannot_be_deleted(action_a, recommendation, review):
    for obj in (action_a, recommendation, review):
        with pytest.raises(models.ProtectedError):
            obj.delete()
    with pytest.raises(models.ProtectedError):
        Action.objects.all().delete()
    assert Action.objects.filter(pk=action_a.pk).exists()


def test_impact_pending_until_reaudit_recorded(action_a):
    action_a.status = ActionStatus.ASSURED
    action_a.reaudit_due = "2027-05-01"
    assert action_a.impact_pending
    action_a.impact_recorded_at = "2027-05-02T10:00:00Z"
    assert not action_a.impact_pending


def test_recommendation_label_follows_the_report(recommendation):
    assert recommendation.label == "Baby F Recommendation 1"
    recommendation.review.recommendation_label = "Child F Recommendation"
    assert recommendation.label == "Child F Recommendation 1"


def test_action_factory_builds_in_one_partnership():
    action = ActionFactory()
    assert action.agency.partnership_id == action.recommendation.review.partnership_id


def test_an_action_takes_its_recommendations_partnership_when_first_saved(recommendation, agency_a):
    action = Action(recommendation=recommendation, agency=agency_a, key_actions="Audit.")
    action.save()
    assert action.partnership_id == recommendation.review.partnership_id
    assert action.history.get().partnership_id == recommendation.review.partnership_id
