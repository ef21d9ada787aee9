"""Prepared queries (mokum/prepared.py): compiled once, they give what the ORM gives for the same query."""

import pytest

from dialogues.models import Dialogue, DialogueEvent
from dialogues.selectors import ALL_MESSAGES, EVENTS, OUTCOMES, PUBLIC_MESSAGES
from dialogues.workflow import Action
from mokum.prepared import PreparedQuery
from tests.dialogues.factories import dialogue_in, make_cast, step

pytestmark = pytest.mark.django_db


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


def test_a_query_with_related_models_or_annotations_is_refused():
    with_related = PreparedQuery(
        DialogueEvent, lambda pk: DialogueEvent.objects.select_related("dialogue").filter(pk=pk)
    )
    with pytest.raises(ValueError):
        with_related(1)
    without_the_value = PreparedQuery(DialogueEvent, lambda pk: DialogueEvent.objects.all())
    with pytest.raises(ValueError):
        without_the_value(1)
