"""Query budgets: the list and the detail page cost the same with 10 and with 200 of everything."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from districts.models import District
from initiatives.models import Follow, Initiative, InitiativeUpdate, Initiator, Support, Theme
from tests.accounts.factories import UserFactory, coordinator
from tests.initiatives.factories import InitiativeFactory, owner_of

pytestmark = pytest.mark.django_db

LIST_BUDGET = 10
# The detail page's own queries, session, user, roles and the unread count in the header included.
DETAIL_BUDGET = 10
# The sections other apps add below the marker line of the detail template (dialogues, support) come on top.
OTHER_APPS = ('"dialogues_', '"support_')
DETAIL_PAGE_BUDGET = DETAIL_BUDGET + 5


def add_initiatives(count):
    """Add `count` public initiatives with two themes each, in bulk."""
    now = timezone.now()
    districts, themes = list(District.objects.all()), list(Theme.objects.all())
    owner = UserFactory()
    initiatives = Initiative.objects.bulk_create(
        [
            Initiative(
                title=f"Geveltuinen {index}",
                summary="Samen tegels wippen.",
                description="Dertig huishoudens willen een geveltuin.",
                district=districts[index % len(districts)],
                status=Initiative.Status.ACTIVE,
                accepted_at=now,
                supporter_count=index,
            )
            for index in range(count)
        ]
    )
    Initiator.objects.bulk_create([Initiator(initiative=i, user=owner, role="owner") for i in initiatives])
    through = Initiative.themes.through
    through.objects.bulk_create(
        [
            through(initiative_id=initiative.pk, theme_id=themes[(index + offset) % len(themes)].pk)
            for index, initiative in enumerate(initiatives)
            for offset in (0, 5)
        ]
    )


def add_activity(initiative, count):
    """Give `initiative` `count` more supporters, followers, updates, history records and some co-initiators."""
    now = timezone.now()
    start = User.objects.count()
    people = User.objects.bulk_create(
        [User(email=f"buur{start + n}@example.org", display_name=f"Buur {start + n}") for n in range(count)]
    )
    Support.objects.bulk_create(
        [
            Support(
                initiative=initiative, user=person, listed_publicly=n % 3 != 0, created_at=now - timedelta(days=n % 70)
            )
            for n, person in enumerate(people)
        ]
    )
    Follow.objects.bulk_create([Follow(initiative=initiative, user=person) for person in people])
    Initiator.objects.bulk_create([Initiator(initiative=initiative, user=person) for person in people[: count // 10]])
    InitiativeUpdate.objects.bulk_create(
        [InitiativeUpdate(initiative=initiative, author=owner_of(initiative), text=f"Nieuws {n}") for n in range(count)]
    )
    Initiative.history.bulk_history_create([initiative] * count, default_change_reason="edit")
    Initiative.objects.filter(pk=initiative.pk).update(
        supporter_count=Support.objects.filter(initiative=initiative).count()
    )


def queries_for(client, url):
    """Return the SQL of the queries one request for `url` makes."""
    client.get(url)  # warm up: the first request of a session may do one-off work
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in context.captured_queries]


def own(queries):
    return [sql for sql in queries if not any(table in sql for table in OTHER_APPS)]


def log_in(client, who, initiative=None):
    if who == "resident":
        client.force_login(UserFactory())
    elif who == "initiator":
        client.force_login(owner_of(initiative))
    elif who == "coordinator":
        client.force_login(coordinator("west"))


@pytest.mark.parametrize("who", ["visitor", "resident"])
@pytest.mark.parametrize("query", ["", "?theme=greenery&sort=supported", "?q=geveltuinen&district=west"])
def test_the_list_costs_the_same_with_10_and_200_initiatives(client, who, query):
    log_in(client, who)
    add_initiatives(10)
    small = len(queries_for(client, f"/initiatives/{query}"))
    add_initiatives(190)
    large = len(queries_for(client, f"/initiatives/{query}"))
    assert small == large <= LIST_BUDGET, (small, large)


@pytest.mark.parametrize("who", ["visitor", "resident", "initiator", "coordinator"])
def test_the_detail_page_costs_the_same_with_10_and_200_supporters_and_updates(client, who):
    initiative = InitiativeFactory(themes=["greenery", "social"])
    log_in(client, who, initiative)
    add_activity(initiative, 10)
    small = queries_for(client, initiative.get_absolute_url())
    add_activity(initiative, 190)
    large = queries_for(client, initiative.get_absolute_url())
    assert len(small) == len(large) <= DETAIL_PAGE_BUDGET, (len(small), len(large))
    assert len(own(small)) == len(own(large)) <= DETAIL_BUDGET, (len(own(small)), len(own(large)))


def test_the_home_page_adds_one_query_for_its_initiatives(client):
    add_initiatives(10)
    small = len(queries_for(client, "/"))
    add_initiatives(50)
    assert len(queries_for(client, "/")) == small <= 4
