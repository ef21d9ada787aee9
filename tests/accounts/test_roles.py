import pytest
from django.db import IntegrityError, transaction

from accounts.models import Role
from accounts.rules import is_city_coordinator, is_district_coordinator, is_district_official
from accounts.selectors import user_roles
from districts.models import District
from tests.accounts import factories

pytestmark = pytest.mark.django_db


def test_a_person_without_memberships_is_a_resident():
    roles = user_roles(factories.UserFactory())
    assert not roles.is_staff_role


def test_roles_are_memberships_per_district():
    west, oost = District.objects.get(slug="west"), District.objects.get(slug="oost")
    person = factories.coordinator("west")
    Role.objects.create(user=person, kind=Role.Kind.SUPPORTER, district=oost)
    assert is_district_coordinator(person, west)
    assert not is_district_coordinator(person, oost)
    assert not is_city_coordinator(person)
    assert user_roles(person).supporter_of == {oost.pk}


def test_an_official_keeps_department_and_job_title():
    person = factories.official("noord", job_title=Role.JobTitle.AREA_MANAGER)
    role = person.roles.get()
    assert (role.district.slug, role.job_title, role.department.name) == ("noord", "area_manager", "Openbare Ruimte")
    assert is_district_official(person, role.district)


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": Role.Kind.CITY_COORDINATOR, "district": "west"},
        {"kind": Role.Kind.COORDINATOR, "district": None},
        {"kind": Role.Kind.OFFICIAL, "district": "west"},  # without department and job title
        {"kind": Role.Kind.SUPPORTER, "district": "west", "job_title": Role.JobTitle.CIVIL_SERVANT},
    ],
)
def test_the_database_refuses_roles_that_do_not_fit_their_kind(bad):
    district = District.objects.get(slug=bad.pop("district")) if bad.get("district") else None
    bad.pop("district", None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=factories.UserFactory(), district=district, **bad)


def test_the_same_role_twice_in_one_district_is_refused():
    person = factories.coordinator("west")
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=person, kind=Role.Kind.COORDINATOR, district=District.objects.get(slug="west"))
    city = factories.city_coordinator()
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=city, kind=Role.Kind.CITY_COORDINATOR)


def test_role_changes_are_kept_in_history():
    person = factories.official("zuid")
    role = person.roles.get()
    role.job_title = Role.JobTitle.BOARD_MEMBER
    role.save()
    role_id = role.pk
    role.delete()
    kinds = list(Role.history.filter(id=role_id).order_by("history_date").values_list("history_type", "job_title"))
    assert kinds == [("+", "civil_servant"), ("~", "board_member"), ("-", "board_member")]


def test_roles_are_managed_in_the_admin(client):
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    person = factories.supporter("weesp")
    assert client.get("/admin/accounts/role/").status_code == 200
    assert client.get(f"/admin/accounts/user/{person.pk}/change/").status_code == 200
    role = person.roles.get()
    assert client.get(f"/admin/accounts/role/{role.pk}/history/").status_code == 200
