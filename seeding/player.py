"""The one event player of the seed data: each step is looked up in its app's real transition table.

A seeded dialogue, initiative or support request is a list of actions. `play` walks them from a start
state, asking `next_state` for every (state, action) pair, so the demo and the city-scale set can only
reach what the table allows, and a change to a table changes the seeded data with it. `walked()` records
every pair asked for, so a test can hold them against the table's keys.

The turns a dialogue's edges start and the reminder ladders' rungs that log an event once per turn
("escalated", "long overdue") come from dialogues/workflow.py and dialogues/reminders.py, not from copies.
"""

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from connect.workflow import TRANSITIONS as OFFER_TABLE
from dialogues.models import Dialogue, WaitingOn
from dialogues.reminders import DIALOGUE_RUNGS, DialogueRung
from dialogues.workflow import KEEP, STOP, TRIAGE
from dialogues.workflow import TRANSITIONS as DIALOGUE_TABLE
from initiatives.workflow import TRANSITIONS as INITIATIVE_TABLE
from support.workflow import TRANSITIONS as SUPPORT_TABLE

Table = Mapping[tuple[str, str], Any]

# Each table by the name of its app, for what the recorder reports.
TABLES: dict[str, Table] = {
    "dialogues": DIALOGUE_TABLE,
    "initiatives": INITIATIVE_TABLE,
    "support": SUPPORT_TABLE,
    "connect": OFFER_TABLE,
}
_NAMES = {id(table): name for name, table in TABLES.items()}

# The turn a new dialogue starts with (dialogues.services.dialogue_open): the coordinator triages it.
OPENED_TURN = (WaitingOn.COORDINATOR, TRIAGE)

_recorders: list[set[tuple[str, str, str]]] = []


class NotInTable(ValueError):
    """A seed step asked for an edge its app's transition table does not have."""


def _edge(table: Table, state: str, action: str) -> Any:
    for pairs in _recorders:
        pairs.add((_NAMES.get(id(table), "?"), str(state), str(action)))
    try:
        return table[(state, action)]
    except KeyError:
        raise NotInTable(f"{_NAMES.get(id(table), 'the table')} has no edge ({state}, {action})") from None


def next_state(table: Table, state: str, action: str) -> str:
    """Return the state `action` leads to from `state` in `table`; raise NotInTable when it has no such edge."""
    edge = _edge(table, state, action)
    return edge.target


def play(table: Table, state: str, actions: Iterable[str]) -> list[tuple[str, str, str]]:
    """Walk `actions` from `state` through `table`; return each step as (action, from state, to state)."""
    steps = []
    for action in actions:
        target = next_state(table, state, action)
        steps.append((str(action), str(state), str(target)))
        state = target
    return steps


def final_state(table: Table, state: str, actions: Iterable[str]) -> str:
    """Return the state `actions` lead to from `state` in `table`."""
    for action in actions:
        state = next_state(table, state, action)
    return state


def dialogue_turn(state: str, action: str) -> tuple[str, str] | str | None:
    """Return the turn a dialogue edge starts: (waiting on, District setting), STOP, or None when the turn stays."""
    edge = _edge(DIALOGUE_TABLE, state, action)
    if edge.clock == KEEP:
        return None
    if edge.clock == STOP:
        return STOP
    return (edge.waiting_on, edge.clock)


def dialogue_walk(actions: Iterable[str]) -> tuple[str, str]:
    """Return the state and whose turn it is after `actions`, from a dialogue just opened."""
    state, waiting_on = str(Dialogue.State.REQUESTED), str(OPENED_TURN[0])
    for action in actions:
        turn = dialogue_turn(state, action)
        state = next_state(DIALOGUE_TABLE, state, action)
        if turn == STOP:
            waiting_on = WaitingOn.NOBODY
        elif turn is not None:
            waiting_on = turn[0]
    return state, waiting_on


def logged_rungs(waiting_on: str) -> list[DialogueRung]:
    """Return the rungs of the dialogue ladder that log an event once per turn of `waiting_on`, in ladder order."""
    return [rung for rung in DIALOGUE_RUNGS if rung.event and rung.waiting_on == waiting_on]


@contextmanager
def walked() -> Iterator[set[tuple[str, str, str]]]:
    """Record every (table, state, action) the player is asked for inside the block."""
    pairs: set[tuple[str, str, str]] = set()
    _recorders.append(pairs)
    try:
        yield pairs
    finally:
        _recorders.remove(pairs)
