"""Query budgets of the key pages: at most 12 queries each (the dashboard 13), the same at two sizes of the data.

The pages are the benchmark's (seeding.scale.benchmark_pages), with the subjects it chooses, on data seeded by
`seed_scale` at a thousandth and at a two-hundredth of full scale. The counts are of a page that is not in the
cache (as after any change to the data); a visitor's page from the cache makes none.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from mokum.pagecache import public_data_changed
from seeding.benchmark import benchmark_pages, benchmark_subjects

pytestmark = pytest.mark.django_db

BUDGET = 12
# The coordinator's dashboard also lists officials whose out-of-office reply came in (one query of its own).
BUDGETS = {"dashboard": 13}
SIZES = (0.001, 0.005)
EXTRA_PAGES = [
    # Everyone who reads an initiative or a dialogue page, and the filtered API list.
    ("initiative_initiator", "/initiatives/{initiative}/", "initiator"),
    ("initiative_coordinator", "/initiatives/{initiative}/", "coordinator"),
    ("dialogue_coordinator", "/dialogues/{dialogue}/", "coordinator"),
    ("dialogue_resident", "/dialogues/{dialogue}/", "resident"),
    ("api_filtered", "/api/v1/initiatives/?district={district}&theme=greenery", None),
    ("api_dialogues", "/api/v1/dialogues/", None),
]


def page_list(subjects):
    from initiatives.models import Initiator

    owner = Initiator.objects.get(initiative_id=subjects["initiative"], role="owner").user.email
    who = {"initiator": owner, "coordinator": subjects["coordinator"], "resident": subjects["resident"], None: None}
    pages = [(page["name"], page["url"], page["who"]) for page in benchmark_pages(subjects)]
    pages += [(name, url.format(**subjects), who[role]) for name, url, role in EXTRA_PAGES]
    return pages


def count_queries(client, url, email):
    client.logout()
    if email:
        client.force_login(User.objects.get(email=email))
    client.get(url)  # the first request of a session may do one-off work
    public_data_changed()  # as after any change: nothing of this page is cached any more
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def test_key_pages_cost_the_same_at_two_sizes_and_stay_within_their_budget(client, seeded, settings):
    # As in production: the holiday table is cached (pages that count working days), pages and figures are not.
    settings.HOLIDAYS_CACHE_SECONDS = 300
    counts = {}
    for fraction in SIZES:
        seeded(fraction)
        for name, url, email in page_list(benchmark_subjects()):
            counts.setdefault(name, []).append(count_queries(client, url, email))
    over = {name: pair for name, pair in counts.items() if max(pair) > BUDGETS.get(name, BUDGET)}
    uneven = {name: pair for name, pair in counts.items() if pair[0] != pair[1]}
    assert not over, f"over the budget ({BUDGET}, or as in BUDGETS): {over}"
    assert not uneven, f"not the same at both sizes: {uneven}"
    assert counts["floor"] == [0, 0]


def test_a_visitors_page_from_the_cache_makes_no_queries(client, seeded, settings):
    settings.PAGE_CACHE_SECONDS = 300
    seeded(0.001)
    subjects = benchmark_subjects()
    for name, url, email in page_list(subjects):
        if email is None and name != "floor" and not url.startswith("/api/"):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response["X-Page-Cache"] == "hit", name
            assert len(queries) == 0, (name, [q["sql"] for q in queries])
