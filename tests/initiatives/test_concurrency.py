"""Two requests at the same moment: the database, not a check in Python, keeps support to one per person."""

import pytest

from initiatives.models import Initiative, Support
from initiatives.services import InitiativeError, support_add
from tests.accounts.factories import UserFactory
from tests.concurrency import run_at_once
from tests.initiatives.factories import InitiativeFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_concurrent_supports_by_the_same_person_count_once():
    initiative = InitiativeFactory(status="active")
    resident = UserFactory()

    results = run_at_once([lambda: support_add(initiative=Initiative.objects.get(pk=initiative.pk), user=resident)] * 2)

    assert sum(isinstance(result, Support) for result in results) == 1
    (refused,) = [result for result in results if not isinstance(result, Support)]
    assert isinstance(refused, InitiativeError) and "already support" in str(refused.message)
    assert Support.objects.filter(initiative=initiative, user=resident).count() == 1
    assert Initiative.objects.get(pk=initiative.pk).supporter_count == 1


def test_concurrent_supports_by_different_people_are_all_counted():
    initiative = InitiativeFactory(status="active")
    residents = [UserFactory() for _ in range(6)]

    results = run_at_once(
        [lambda person=person: support_add(initiative=initiative, user=person) for person in residents]
    )

    assert all(isinstance(result, Support) for result in results)
    assert Initiative.objects.get(pk=initiative.pk).supporter_count == 6
