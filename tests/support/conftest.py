import pytest

from tests.accounts.factories import coordinator, supporter
from tests.initiatives.factories import InitiativeFactory, owner_of
from tests.support.factories import restore_reference_data


@pytest.fixture
def reference_data(transactional_db):
    """Districts and themes for transactional tests (a flush after an earlier one removes them)."""
    restore_reference_data()


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
