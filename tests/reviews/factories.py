import factory

from reviews.models import Review, Theme
from scr_tracker.models import Agency, Partnership, ScrutinyBoard


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnership {n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Agency {n}")


class ScrutinyBoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScrutinyBoard

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Scrutiny Board {n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Theme {n}")


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    partnership = factory.SubFactory(PartnershipFactory)
    reference = factory.Sequence(lambda n: f"SCR-{n:04d}")
    title = factory.Sequence(lambda n: f"Child {n}")
