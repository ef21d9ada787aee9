"""The seed player walks the real transition tables: every (state, action) the demo and the city-scale set play
is an edge of its app's table, and the rows they write are the steps it walked."""

import io
from itertools import pairwise

import pytest
from django.core.management import call_command

from dialogues.models import Dialogue, DialogueEvent, WaitingOn
from dialogues.workflow import AUTOMATIC, Action
from initiatives.models import Initiative
from seeding.paths import DIALOGUE_PATHS
from seeding.player import (
    DIALOGUE_TABLE,
    INITIATIVE_TABLE,
    SUPPORT_TABLE,
    TABLES,
    NotInTable,
    dialogue_turn,
    dialogue_walk,
    final_state,
    logged_rungs,
    next_state,
    walked,
)
from support.models import SupportRequest

S = Dialogue.State


def test_next_state_reads_each_table_shape_and_refuses_what_a_table_lacks():
    # Worked out by hand from the three workflow.py files.
    assert next_state(DIALOGUE_TABLE, "requested", "assign") == "assigned"
    assert next_state(DIALOGUE_TABLE, "awaiting_initiative", "reply") == "in_dialogue"
    assert next_state(DIALOGUE_TABLE, "in_dialogue", "note") == "in_dialogue"
    assert next_state(INITIATIVE_TABLE, "draft", "submit") == "submitted"
    assert next_state(INITIATIVE_TABLE, "active", "strand") == "stranded"
    assert next_state(SUPPORT_TABLE, "in_progress", "reassign") == "assigned"
    assert final_state(SUPPORT_TABLE, "new", ["assign", "start", "finish"]) == "done"
    with pytest.raises(NotInTable):
        next_state(DIALOGUE_TABLE, "concluded", "answer")
    with pytest.raises(NotInTable):
        next_state(INITIATIVE_TABLE, "draft", "accept")
    with pytest.raises(NotInTable):
        next_state(SUPPORT_TABLE, "done", "start")


def test_turns_and_ladder_rungs_come_from_the_workflow_and_the_reminders():
    assert dialogue_turn("requested", "assign") == (WaitingOn.OFFICIALS, "first_answer_days")
    assert dialogue_turn("outcome_proposed", "contest") == (WaitingOn.COORDINATOR, "triage_days")
    assert dialogue_turn("outcome_proposed", "accept") == "stop"
    assert dialogue_turn("awaiting_initiative", "answer") is None
    assert [r.kind for r in logged_rungs(WaitingOn.OFFICIALS)] == ["escalation", "long_overdue"]
    assert [r.kind for r in logged_rungs(WaitingOn.COORDINATOR)] == ["city_escalation"]
    assert logged_rungs(WaitingOn.INITIATIVE) == []


def test_every_dialogue_path_ends_in_its_state_with_the_turn_written_by_hand():
    turn_after = {
        "requested": "coordinator",
        "assigned": "officials",
        "in_dialogue": "officials",
        "awaiting_initiative": "initiative",
        "outcome_proposed": "initiative",
        "contested": "coordinator",
        "concluded": "nobody",
        "reopened": "coordinator",
        "withdrawn": "nobody",
        "closed": "nobody",
    }
    assert set(turn_after) == set(S.values) == set(DIALOGUE_PATHS)
    for state, waiting_on in turn_after.items():
        assert dialogue_walk(DIALOGUE_PATHS[state]) == (state, waiting_on), state


def test_the_recorder_sees_every_pair_asked_for_even_a_wrong_one():
    with walked() as pairs:
        next_state(SUPPORT_TABLE, "new", "assign")
        with pytest.raises(NotInTable):
            next_state(SUPPORT_TABLE, "new", "finish")
    assert pairs == {("support", "new", "assign"), ("support", "new", "finish")}


def assert_in_tables(pairs):
    missing = {(name, state, action) for name, state, action in pairs if (state, action) not in TABLES[name]}
    assert not missing


def dialogue_steps():
    """Return the (from state, action, to state) of every recorded dialogue event that is an edge of the table."""
    return set(DialogueEvent.objects.filter(action__in=Action.values).values_list("from_state", "action", "to_state"))


@pytest.mark.django_db
def test_every_pair_the_demo_plays_is_in_the_table_and_every_demo_step_was_played(settings):
    settings.DEBUG = True
    with walked() as pairs:
        call_command("seed_demo", "--quiet-accounts", stdout=io.StringIO())
    assert {name for name, _state, _action in pairs} == {"dialogues", "initiatives", "support", "connect"}
    assert_in_tables(pairs)
    # Each dialogue step the services recorded went through the player, but the one the clock sweep took.
    played = {(state, action) for name, state, action in pairs if name == "dialogues"}
    recorded = {(source, action) for source, action, _target in dialogue_steps() if action not in AUTOMATIC}
    assert recorded and recorded <= played
    assert {action for _state, action in played} >= {
        "assign",
        "answer",
        "ask",
        "propose",
        "accept",
        "contest",
        "withdraw",
    }
    # The initiatives' history is the path the player walked.
    walked_initiatives = {(state, action) for name, state, action in pairs if name == "initiatives"}
    assert history_pairs() == walked_initiatives
    assert set(SupportRequest.objects.values_list("status", flat=True)) == set(SupportRequest.Status.values)


def history_pairs():
    """Return (status before, action) for each step of every initiative's history."""
    pairs = set()
    for pk in Initiative.objects.values_list("pk", flat=True):
        rows = Initiative.history.filter(id=pk).order_by("history_date", "history_id")
        for before, after in pairwise(rows.values_list("status", "history_change_reason")):
            pairs.add((before[0], after[1]))
    return pairs


@pytest.mark.django_db
def test_every_pair_the_scale_seeder_plays_is_in_the_table_and_its_rows_follow_it(seeded):
    with walked() as pairs:
        seeded(0.002)
    assert {name for name, _state, _action in pairs} == {"dialogues", "initiatives"}
    assert_in_tables(pairs)
    played = {(state, action) for name, state, action in pairs if name == "dialogues"}
    steps = dialogue_steps()
    # The seeder plays each dialogue once more to time it; every step it wrote is one the player walked.
    assert steps and {(source, action) for source, action, _target in steps} <= played
    # Each event's new state is the one the table gives.
    assert all(target == next_state(DIALOGUE_TABLE, source, action) for source, action, target in steps)
    assert history_pairs() == {(state, action) for name, state, action in pairs if name == "initiatives"}
    # Every initiative ends where its history ends.
    for initiative in Initiative.objects.all():
        assert initiative.history.order_by("-history_date", "-history_id").first().status == initiative.status
