import datetime

import factory

from recommendations.models import Action, Recommendation
from tests.reviews.factories import AgencyFactory, ReviewFactory


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    review = factory.SubFactory(ReviewFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    text = factory.Sequence(lambda n: f"The partnership should seek assurance on matter {n}.")
    position = factory.Sequence(lambda n: n + 1)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    recommendation = factory.SubFactory(RecommendationFactory)
    agency = factory.SubFactory(
        AgencyFactory, partnership=factory.SelfAttribute("..recommendation.review.partnership")
    )
    key_actions = factory.Sequence(lambda n: f"Key action {n}")
    lead_officer = "Head of Service"
    timescale = "December 2030"
    due_date = datetime.date(2030, 12, 31)
