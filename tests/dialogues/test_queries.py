"""Query budgets: the dialogue page and the inbox cost the same number of queries at two data sizes."""

import dataclasses
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dialogues.models import Dialogue
from dialogues.workflow import Action
from districts.workdays import load_holidays
from tests.dialogues.factories import dialogue_at, dialogue_in, make_cast, say
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

A = Action
S = Dialogue.State

# The same budget for 5 and for 50 messages, and for 10 and for 100 dialogues in the inbox.
DETAIL_BUDGET = 12
INBOX_BUDGET = 12


def dialogue_with_messages(cast, count):
    dialogue = dialogue_in(S.IN_DIALOGUE, cast, now=timezone.now() - timedelta(hours=1))
    speakers = [
        (A.REPLY, cast.owner, "initiative"),
        (A.ANSWER, cast.lead, "official"),
        (A.NOTE, cast.member, "staff"),
        (A.REPLY, cast.co_initiator, "initiative"),
    ]
    return say(dialogue, speakers, count)


@pytest.mark.parametrize("role", ["visitor", "owner", "lead", "coordinator", "city"])
def test_dialogue_page_budget_does_not_grow_with_messages(client, django_assert_max_num_queries, role):
    counts = []
    for size in (5, 50):
        cast = make_cast()
        dialogue = dialogue_with_messages(cast, size)
        person = getattr(cast, role)
        client.logout()
        if person.is_authenticated:
            client.force_login(person)
        with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(DETAIL_BUDGET):
            response = client.get(dialogue.get_absolute_url())
        assert response.status_code == 200
        assert f"Bericht {size - 1}" in response.content.decode() or role in ("visitor", "owner")
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_inbox_budget_does_not_grow_with_dialogues(client, django_assert_max_num_queries):
    counts = []
    for size in (10, 100):
        cast = make_cast()
        now, holidays = timezone.now(), load_holidays()
        for n in range(size):
            initiative = InitiativeFactory(district=cast.initiative.district, owner=cast.owner)
            dialogue_at(
                initiative,
                [A.ASSIGN, A.ASK] if n % 3 == 0 else [A.ASSIGN],
                coordinator=cast.coordinator,
                lead=cast.lead,
                now=now - timedelta(days=n % 20),
                question=f"Vraag {n}",
                holidays=holidays,
            )
        dialogue_in(S.REQUESTED, dataclasses.replace(cast, initiative=InitiativeFactory(owner=cast.owner)))
        client.force_login(cast.lead)
        with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(INBOX_BUDGET):
            response = client.get("/inbox/")
        assert response.status_code == 200
        assert response.context["counts"]["total"] == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
