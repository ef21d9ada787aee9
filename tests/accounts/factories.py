import factory
from allauth.account.models import EmailAddress
from faker import Faker

from accounts.models import Role, User
from districts.models import Department, District

PASSWORD = "a-Long-test-password-42"
DUTCH = Faker("nl_NL")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    # A Dutch name as Faker makes it, with the typographic apostrophe ("van ’t Hof"): tests look for names in pages
    # as written, and HTML escapes the typewriter one (&#x27;). Escaping itself has tests of its own.
    display_name = factory.LazyFunction(lambda: DUTCH.name().replace("'", "’"))
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def district(slug="west"):
    return District.objects.get(slug=slug)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["name", "district"]

    name = factory.Sequence(lambda n: f"Afdeling {n}")
    district = None


def make_role(kind, district_slug=None, **extra):
    """Return a new user holding one role (in the given district)."""
    user = UserFactory()
    where = district(district_slug) if district_slug else None
    if kind == Role.Kind.OFFICIAL:
        extra.setdefault("department", DepartmentFactory(name="Openbare Ruimte"))
        extra.setdefault("job_title", Role.JobTitle.CIVIL_SERVANT)
    Role.objects.create(user=user, kind=kind, district=where, **extra)
    return user


def coordinator(district_slug="west"):
    return make_role(Role.Kind.COORDINATOR, district_slug)


def official(district_slug="west", **extra):
    return make_role(Role.Kind.OFFICIAL, district_slug, **extra)


def supporter(district_slug="west"):
    return make_role(Role.Kind.SUPPORTER, district_slug)


def city_coordinator():
    return make_role(Role.Kind.CITY_COORDINATOR)
