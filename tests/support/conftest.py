import pytest
from django.contrib.auth.models import AnonymousUser

from initiatives.models import Initiator
from tests.accounts.factories import UserFactory, city_coordinator, coordinator, official, supporter
from tests.initiatives.factories import InitiativeFactory, owner_of


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test; the districts and themes it needs are restored by tests/conftest.py."""


@pytest.fixture
def initiative(db):
    return InitiativeFactory(themes=["greenery", "public-space"])


@pytest.fixture
def initiator(initiative):
    return owner_of(initiative)


@pytest.fixture
def west_coordinator(db):
    return coordinator("west")


@pytest.fixture
def west_supporter(db):
    return supporter("west")


@pytest.fixture
def people():
    """Return a maker of everyone who might touch a request of `initiative` assigned to `assigned`, by role."""

    def make(initiative, assigned):
        co = UserFactory()
        Initiator.objects.create(initiative=initiative, user=co, role=Initiator.Role.CO_INITIATOR)
        return {
            "visitor": AnonymousUser(),
            "resident": UserFactory(),
            "initiator": owner_of(initiative),
            "co_initiator": co,
            "initiator_elsewhere": owner_of(InitiativeFactory()),
            "coordinator": coordinator("west"),
            "coordinator_elsewhere": coordinator("zuid"),
            "official": official("west"),
            "assigned_supporter": assigned,
            "other_supporter": supporter("west"),
            "city_coordinator": city_coordinator(),
        }

    return make
