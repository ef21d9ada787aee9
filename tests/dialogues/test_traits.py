"""The shortcuts of tests/dialogues/factories.py leave the same rows as the services they stand in for.

`dialogue_at` and `say` put a dialogue straight into a state for tests that are not about the workflow; if
the engine changes what a step writes (its turn, deadlines, first-response figures, timeline), these fail
before a test built on the shortcut can pass on rows the platform never makes.
"""

from datetime import datetime, timedelta

import pytest

from dialogues.models import Dialogue, DialogueEvent, Message
from dialogues.services import dialogue_open, dialogue_transition
from dialogues.workflow import Action
from districts.workdays import AMSTERDAM
from seeding.player import NotInTable
from tests.dialogues.factories import (
    ANSWER_TEXT,
    QUESTION_TEXT,
    QUICK_PATHS,
    dialogue_at,
    dialogue_in,
    make_cast,
    quick_in,
    say,
)
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

A = Action
S = Dialogue.State
# A Thursday before a weekend: the deadlines count working days across it.
NOW = datetime(2026, 11, 26, 11, tzinfo=AMSTERDAM)
FIELDS = (
    "state",
    "waiting_on",
    "clock",
    "version",
    "question",
    "opened_by_id",
    "created_at",
    "turn_started_at",
    "turn_days",
    "deadline_at",
    "long_overdue_at",
    "first_answer_due_at",
    "first_response_at",
    "first_response_days",
    "first_response_on_time",
)
# Every column of a timeline entry and a message but its key, its dialogue and (for an entry) the message it names.
EVENT_FIELDS = [f.attname for f in DialogueEvent._meta.concrete_fields if f.name not in ("id", "dialogue", "params")]
MESSAGE_FIELDS = [f.attname for f in Message._meta.concrete_fields if f.name not in ("id", "dialogue")]
TEXTS = {A.ANSWER: ANSWER_TEXT, A.ASK: QUESTION_TEXT}


def rows(dialogue):
    """Return what a dialogue page, an inbox or a figure could read of `dialogue`, without its keys."""
    d = Dialogue.objects.get(pk=dialogue.pk)
    messages = {m.pk: m for m in d.messages.all()}
    events = []
    for e in d.events.order_by("pk"):
        message = messages.get(e.params.get("message_id"))
        linked = tuple(getattr(message, f) for f in MESSAGE_FIELDS) if message else None
        extra = {k: v for k, v in e.params.items() if k != "message_id"}
        events.append((*(getattr(e, f) for f in EVENT_FIELDS), extra, linked))
    assignments = [
        (a.official_id, a.is_lead, a.department_id, a.department_name, a.job_title, a.assigned_at, a.ended_at)
        for a in d.assignments.order_by("pk")
    ]
    return {
        "dialogue": {f: getattr(d, f) for f in FIELDS},
        "events": events,
        "messages": len(messages),
        "assignments": assignments,
    }


def played(cast, initiative, actions, now):
    d = dialogue_open(initiative=initiative, question="Vraag", actor=cast.coordinator, now=now)
    for action in actions:
        fields = {"official": cast.lead} if action == A.ASSIGN else {"text": TEXTS[action]}
        actor = cast.coordinator if action == A.ASSIGN else cast.lead
        d = dialogue_transition(dialogue=d, action=action, actor=actor, now=now, **fields)
    return d


@pytest.mark.parametrize(
    "actions", [[], [A.ASSIGN], [A.ASSIGN, A.ASK], [A.ASSIGN, A.ANSWER], [A.ASSIGN, A.ANSWER, A.ASK]]
)
def test_dialogue_at_leaves_the_rows_the_services_leave(actions):
    cast = make_cast()
    by_services = played(cast, InitiativeFactory(), actions, NOW)
    assert rows(by_services)["events"], "the comparison reads the timeline"
    by_trait = dialogue_at(InitiativeFactory(), actions, coordinator=cast.coordinator, lead=cast.lead, now=NOW)
    assert rows(by_trait) == rows(by_services)


@pytest.mark.parametrize("state", list(QUICK_PATHS))
def test_quick_in_leaves_the_rows_dialogue_in_leaves(state):
    cast = make_cast()
    by_services = dialogue_in(state, cast, now=NOW)
    assert rows(quick_in(state, cast, now=NOW)) == rows(by_services)
    assert rows(by_services)["dialogue"]["state"] == state


def test_dialogue_at_refuses_what_the_table_does_not_allow_and_what_it_does_not_build():
    cast = make_cast()
    with pytest.raises(NotInTable):
        dialogue_at(InitiativeFactory(), [A.ANSWER], coordinator=cast.coordinator, lead=cast.lead, now=NOW)
    with pytest.raises(ValueError, match="dialogue_in"):
        dialogue_at(InitiativeFactory(), [A.ASSIGN, A.ANSWER, A.PROPOSE], coordinator=cast.coordinator, lead=cast.lead)


def test_say_leaves_the_rows_the_services_leave():
    cast = make_cast()
    speakers = [(A.REPLY, cast.owner), (A.ANSWER, cast.lead), (A.NOTE, cast.member), (A.ASK, cast.lead)]
    speakers += [(A.REPLY, cast.co_initiator), (A.ANSWER, cast.lead)]
    by_services = dialogue_in(S.IN_DIALOGUE, cast, now=NOW)
    for n, (action, person) in enumerate(speakers):
        by_services = dialogue_transition(
            dialogue=by_services, action=action, actor=person, text=f"Bericht {n}", now=NOW + timedelta(seconds=n)
        )
    sides = {A.REPLY: "initiative", A.ANSWER: "official", A.NOTE: "staff", A.ASK: "official"}
    by_trait = say(dialogue_in(S.IN_DIALOGUE, cast, now=NOW), [(a, p, sides[a]) for a, p in speakers], 6, now=NOW)
    assert rows(by_trait) == rows(by_services)
    assert rows(by_trait)["dialogue"]["state"] == S.IN_DIALOGUE and rows(by_trait)["messages"] == 7
