from datetime import timedelta

import factory
from django.utils import timezone

from districts.models import District
from initiatives.models import Theme
from support.models import Article, Event, Scheme, SupportRequest
from tests.accounts.factories import UserFactory
from tests.initiatives.factories import InitiativeFactory


class SupportRequestFactory(factory.django.DjangoModelFactory):
    """A new support request of an active initiative in West; pass status/supporter for later states."""

    class Meta:
        model = SupportRequest

    initiative = factory.SubFactory(InitiativeFactory)
    need = SupportRequest.Need.SUBSIDY
    description = "Welke subsidie past bij onze geveltuinen?"


class SchemeFactory(factory.django.DjangoModelFactory):
    """A published, rolling, city-wide scheme; pass themes=[slugs] and districts=[slugs]."""

    class Meta:
        model = Scheme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Regeling {n}")
    provider_type = Scheme.ProviderType.MUNICIPALITY
    provider_name = "Gemeente Amsterdam"
    description = "Geld voor groen in de buurt."
    eligibility = "Bewonersgroepen in Amsterdam."
    link = "https://example.org/regeling"

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create:
            self.themes.set(Theme.objects.filter(slug__in=extracted or ["greenery"]))

    @factory.post_generation
    def districts(self, create, extracted, **kwargs):
        if create and extracted:
            self.districts.set(District.objects.filter(slug__in=extracted))


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Gids {n}")
    slug = factory.Sequence(lambda n: f"gids-{n}")
    category = Article.Category.SUBSIDY
    language = "nl"
    summary = "Een korte gids."
    body = "<p>Zo doet u het.</p>"


class EventFactory(factory.django.DjangoModelFactory):
    """A published training in West next week, with ten places."""

    class Meta:
        model = Event

    kind = Event.Kind.TRAINING_RESIDENTS
    title = factory.Sequence(lambda n: f"Training {n}")
    description = "Samen een subsidieaanvraag schrijven."
    audience = "Bewoners met een initiatief"
    district = factory.LazyFunction(lambda: District.objects.get(slug="west"))
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    location = "Buurthuis, Kinkerstraat 1"
    capacity = 10
    organiser = factory.SubFactory(UserFactory)
