import factory
from django.utils import timezone

from districts.models import District
from initiatives.models import Initiative, Initiator, Theme
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
