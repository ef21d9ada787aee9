"""The initiative's page costs the same with many reactions, needs and offers as with none: they come along in its
own query. The budgets are the initiative page's own (tests/initiatives/test_queries.py), unchanged."""

import pytest

from connect.models import Need, Offer, Reaction
from tests.accounts.factories import UserFactory
from tests.initiatives.factories import InitiativeFactory
from tests.initiatives.test_queries import DETAIL_BUDGET, DETAIL_PAGE_BUDGET, LIST_BUDGET, log_in, own, queries_for

pytestmark = pytest.mark.django_db


def add_neighbours(initiative, count):
    people = [UserFactory() for _n in range(3)]
    reactions = Reaction.objects.bulk_create(
        [Reaction(initiative=initiative, author=people[n % 3], body=f"Reactie {n}") for n in range(count)]
    )
    Reaction.objects.bulk_create(
        [Reaction(initiative=initiative, author=people[n % 3], parent=r, body="Eens") for n, r in enumerate(reactions)]
    )
    needs = Need.objects.bulk_create(
        [Need(initiative=initiative, kind="hands", text=f"Handen {n}") for n in range(count)]
    )
    Offer.objects.bulk_create(
        [Offer(need=need, helper=people[n % 3], message="Ik help", state="accepted") for n, need in enumerate(needs)]
    )


@pytest.mark.parametrize("who", ["visitor", "resident", "initiator", "coordinator"])
def test_the_page_costs_no_more_with_reactions_and_needs_than_without(client, who):
    initiative = InitiativeFactory(themes=["greenery"])
    log_in(client, who, initiative)
    none = queries_for(client, initiative.get_absolute_url())
    add_neighbours(initiative, 5)
    few = queries_for(client, initiative.get_absolute_url())
    add_neighbours(initiative, 60)
    many = queries_for(client, initiative.get_absolute_url())
    assert len(none) == len(few) == len(many) <= DETAIL_PAGE_BUDGET
    assert len(own(many)) <= DETAIL_BUDGET


def test_the_list_with_reaction_counts_stays_within_its_budget(client):
    for _n in range(3):
        add_neighbours(InitiativeFactory(), 3)
    assert len(queries_for(client, "/initiatives/")) <= LIST_BUDGET
