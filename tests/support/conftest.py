import pytest

from tests.accounts.factories import coordinator, supporter
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
