"""Two requests at the same moment: the database, not a check in Python, keeps support to one per person."""

import threading

import pytest
from django.db import connection

from initiatives.models import Initiative, Support
from initiatives.services import InitiativeError, support_add
from tests.accounts.factories import UserFactory
from tests.initiatives.factories import InitiativeFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_at_once(calls):
    """Run each call in its own thread and connection, released together; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects what each request ran into
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


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
