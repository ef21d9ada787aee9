"""Prepared queries (mokum/prepared.py): compiled once, they give what the ORM gives for the same query."""

import re

import pytest
from django.db import connection
from django.db.models import OuterRef, Prefetch, Subquery

from dialogues.models import Dialogue, DialogueAssignment, DialogueEvent
from dialogues.selectors import ALL_MESSAGES, EVENTS, OUTCOMES, PUBLIC_MESSAGES
from dialogues.workflow import Action
from mokum.env import PREPARE_THRESHOLD
from mokum.prepared import PreparedQuery
from tests.conftest import USES_POSTGRES
from tests.dialogues.factories import dialogue_in, make_cast, step

pytestmark = pytest.mark.django_db

CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def lead_of(dialogue):
    return DialogueAssignment.objects.filter(dialogue=dialogue, is_lead=True, ended_at__isnull=True)


def fields_of(instances):
    return [{field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields} for row in instances]


@pytest.fixture
def two_dialogues():
    cast = make_cast()
    first = dialogue_in(Dialogue.State.CONTESTED, cast, escalated=True)
    first = step(first, Action.NOTE, cast.lead, None, text="Alleen voor ons.")
    second = dialogue_in(Dialogue.State.IN_DIALOGUE, cast)
    return first, second


def test_each_prepared_query_gives_what_the_orm_gives_for_each_dialogue(two_dialogues, django_assert_num_queries):
    for dialogue in two_dialogues:
        expected = {
            EVENTS: dialogue.events.all(),
            ALL_MESSAGES: dialogue.messages.all(),
            PUBLIC_MESSAGES: dialogue.messages.filter(is_internal=False),
            OUTCOMES: dialogue.outcomes.all(),
        }
        for prepared, queryset in expected.items():
            rows = prepared(dialogue.pk, parent=dialogue, parent_field="dialogue")
            assert fields_of(rows) == fields_of(queryset)
            assert all(not row._state.adding and row._state.db == "default" for row in rows)
            with django_assert_num_queries(0):
                assert all(row.dialogue is dialogue for row in rows)
    first, second = two_dialogues
    assert len(ALL_MESSAGES(first.pk)) == len(PUBLIC_MESSAGES(first.pk)) + 1
    assert {type(event.params) for event in EVENTS(first.pk)} == {dict}


def test_a_prepared_query_is_compiled_once_and_then_only_runs(two_dialogues, django_assert_num_queries):
    first, _second = two_dialogues
    EVENTS(first.pk)
    with django_assert_num_queries(1) as queries:
        EVENTS(first.pk)
    assert str(first.pk) in queries.captured_queries[0]["sql"]


def test_a_query_without_the_value_or_with_its_own_prefetch_is_refused():
    without_the_value = PreparedQuery(DialogueEvent, lambda pk: DialogueEvent.objects.all())
    with pytest.raises(ValueError):
        without_the_value(1)
    prefetching = PreparedQuery(Dialogue, lambda pk: Dialogue.objects.filter(pk=pk).prefetch_related("messages"))
    with pytest.raises(ValueError):
        prefetching(1)


def test_related_objects_annotations_and_prefetches_come_as_the_orm_gives_them(
    two_dialogues, django_assert_num_queries
):
    """The dialogues of an initiative with their district (a join), their lead's name (an annotation) and their
    standing commitments (prefetched afterwards), as on the initiative's page."""
    first, second = two_dialogues
    initiative = first.initiative
    orm = list(
        initiative.dialogues.select_related("district")
        .annotate(lead_name=Subquery(lead_of(OuterRef("pk")).values("official_name")[:1]))
        .prefetch_related(Prefetch("commitments", to_attr="standing"))
        .order_by("-created_at")
    )
    prepared = PreparedQuery(
        Dialogue,
        lambda pk: (
            Dialogue.objects.filter(initiative_id=pk)
            .select_related("district")
            .annotate(lead_name=Subquery(lead_of(OuterRef("pk")).values("official_name")[:1]))
            .order_by("-created_at")
        ),
        prefetch=[Prefetch("commitments", to_attr="standing")],
    )
    rows = prepared(initiative.pk, parent=initiative, parent_field="initiative")
    assert len(rows) == len(orm) >= 1
    assert fields_of(rows) == fields_of(orm)
    with django_assert_num_queries(0):
        for row, expected in zip(rows, orm, strict=True):
            assert row.lead_name == expected.lead_name and row.lead_name
            assert row.district.name == expected.district.name
            assert fields_of(row.standing) == fields_of(expected.standing)
            assert row.initiative is initiative
    assert any(row.standing for row in rows)  # the contested outcome's commitments
    # Another shape is compiled apart; each keeps its own statement.
    by_shape = PreparedQuery(Dialogue, lambda pk, state: Dialogue.objects.filter(initiative_id=pk, state=state))
    assert [d.pk for d in by_shape(initiative.pk, shape=(first.state,))] == [first.pk]
    assert [d.pk for d in by_shape(second.initiative.pk, shape=(second.state,))] == [second.pk]


@pytest.mark.skipif(not USES_POSTGRES, reason="prepared statements are PostgreSQL's")
def test_postgresql_prepares_the_statements_a_connection_runs_often(two_dialogues, client):
    """The dialogue page's statements are parsed and planned once per connection after a few requests, and the
    page says the same for every dialogue: each request sends its own values (settings: DATABASE_PREPARED_STATEMENTS).
    """
    first, second = two_dialogues
    pages = {}
    for _round in range(PREPARE_THRESHOLD + 1):
        for dialogue in (first, second):
            response = client.get(f"/dialogues/{dialogue.pk}/")
            assert response.status_code == 200
            pages.setdefault(dialogue.pk, set()).add(CSRF_TOKEN.sub(b"", response.content))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "dialogues_dialogueevent"' in statement and "$1" in statement for statement in prepared)
    assert all(len(contents) == 1 for contents in pages.values())  # the same page every time, per dialogue
    assert pages[first.pk] != pages[second.pk]
    assert first.question.encode() in next(iter(pages[first.pk]))
    assert second.question.encode() in next(iter(pages[second.pk]))
