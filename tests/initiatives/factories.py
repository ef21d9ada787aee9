import factory
from django.utils import timezone

from districts.models import District
from initiatives.models import Initiative, InitiativeUpdate, Initiator, Network, Theme
from tests.accounts.factories import UserFactory


class InitiativeFactory(factory.django.DjangoModelFactory):
    """An initiative with an owner; pass status=... and themes=["greenery", ...] as needed."""

    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Geveltuinen in straat {n}")
    summary = "Bewoners willen samen geveltuinen aanleggen."
    description = "We willen met de buren geveltuinen aanleggen en onderhouden."
    ask = "Toestemming en tegels wippen door de gemeente."
    district = factory.LazyFunction(lambda: District.objects.get(slug="west"))
    status = Initiative.Status.ACTIVE
    submitted_at = factory.LazyFunction(timezone.now)
    accepted_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status in ("active", "realised", "stranded", "withdrawn") else None
    )

    @factory.post_generation
    def owner(self, create, extracted, **kwargs):
        if create:
            Initiator.objects.create(initiative=self, user=extracted or UserFactory(), role=Initiator.Role.OWNER)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(Theme.objects.filter(slug__in=extracted))


def owner_of(initiative):
    return initiative.initiator_links.get(role=Initiator.Role.OWNER).user


def co_initiator(initiative, user=None):
    """Add a co-initiator to `initiative` and return them."""
    user = user or UserFactory()
    Initiator.objects.create(initiative=initiative, user=user, role=Initiator.Role.CO_INITIATOR)
    return user


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Buurtplatform {n}")
    slug = factory.Sequence(lambda n: f"buurtplatform-{n}")

    @factory.post_generation
    def districts(self, create, extracted, **kwargs):
        if create:
            self.districts.set(District.objects.filter(slug__in=extracted or ["west"]))


class InitiativeUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InitiativeUpdate

    initiative = factory.SubFactory(InitiativeFactory)
    author = factory.LazyAttribute(lambda o: owner_of(o.initiative))
    text = "We hebben de eerste geveltuinen aangelegd."
