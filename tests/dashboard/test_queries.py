"""Query budgets: the dashboards, the public statistics and the API lists cost the same number of queries
for 100 and for 10,000 dialogues, because every figure is an aggregate in the database."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.accounts.factories import city_coordinator, coordinator
from tests.dashboard.factories import build_bulk

pytestmark = pytest.mark.django_db

# (who, address, budget): the budget holds at both sizes, and both sizes must cost exactly the same.
PAGES = [
    ("coordinator", "/dashboard/west/", 20),
    ("coordinator", "/dashboard/west/?period=all&theme=greenery", 19),
    ("coordinator", "/dashboard/west/overdue/", 13),
    ("coordinator", "/dashboard/west/?format=csv&table=departments", 17),
    ("city", "/dashboard/", 22),
    ("city", "/dashboard/overdue/?format=csv&table=overdue", 9),
    ("visitor", "/statistics/", 8),
    ("visitor", "/districts/west/", 8),
    ("visitor", "/api/v1/districts/", 8),
    ("visitor", "/api/v1/initiatives/", 6),
    ("visitor", "/api/v1/initiatives/?district=west", 6),
    ("visitor", "/api/v1/dialogues/", 7),
    ("visitor", "/api/v1/dialogues/?district=west&state=concluded", 7),
    ("visitor", "/api/v1/statistics/", 9),
]


def test_query_counts_do_not_grow_with_the_number_of_dialogues(client):
    people = {"coordinator": coordinator("west"), "city": city_coordinator(), "visitor": None}
    counts, timings = {}, {}
    now = timezone.now()
    created = 0
    for size in (100, 10_000):
        started = time.monotonic()
        created += build_bulk(size - created, now=now, seed=size)["dialogues"]
        timings[f"build {size}"] = round(time.monotonic() - started, 2)
        for who, url, budget in PAGES:
            client.logout()
            if people[who] is not None:
                client.force_login(people[who])
            # Charts are cached by their data; empty the cache so both sizes draw them.
            from django.core.cache import cache

            cache.clear()
            started = time.monotonic()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            timings[f"{url} @ {size}"] = round(time.monotonic() - started, 3)
            assert response.status_code == 200, (url, response.status_code)
            assert len(queries) <= budget, (url, size, len(queries), [q["sql"][:120] for q in queries])
            counts.setdefault(url, []).append(len(queries))
    print("\nqueries (100, 10,000 dialogues):", counts)
    print("timings (s):", timings)
    assert created == 10_000
    assert all(pair[0] == pair[1] for pair in counts.values()), counts
