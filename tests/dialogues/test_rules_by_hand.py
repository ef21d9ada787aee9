"""Who may take each step of a dialogue, written out by hand for every state.

`test_workflow.py` checks the rules against what the transition table says; this table is written without
looking at the code, so a wrong side on an edge (`who`) or a missing edge fails here even when the rules
follow the table faithfully. The roles are the cast of `tests/dialogues/factories.py`.
"""

import pytest
import rules

from dialogues.models import Dialogue
from dialogues.workflow import Action
from tests.dialogues.factories import ROLES, dialogue_in, make_cast

pytestmark = pytest.mark.django_db

A = Action
S = Dialogue.State

INITIATIVE = {"owner", "co_initiator"}
OFFICIALS = {"lead", "member"}  # the officials assigned to this dialogue
COORDINATOR = {"coordinator"}  # the coordinator of this dialogue's district
LEAD = {"lead", "coordinator"}

# What any open, assigned dialogue allows besides its own steps.
WHILE_OPEN = {
    A.NOTE: OFFICIALS | COORDINATOR,
    A.RECORD: COORDINATOR,
    A.REPLY: INITIATIVE,
    A.WITHDRAW: INITIATIVE,
    A.CLOSE: COORDINATOR,
    A.REASSIGN: COORDINATOR,
    A.ADD_OFFICIAL: COORDINATOR,
}

EXPECTED = {
    # Nobody is assigned yet: only the coordinator and the initiative can do anything.
    S.REQUESTED: {
        A.ASSIGN: COORDINATOR,
        A.NOTE: COORDINATOR,
        A.RECORD: COORDINATOR,
        A.REPLY: INITIATIVE,
        A.WITHDRAW: INITIATIVE,
        A.CLOSE: COORDINATOR,
    },
    S.ASSIGNED: {**WHILE_OPEN, A.ANSWER: OFFICIALS, A.ASK: OFFICIALS},
    S.IN_DIALOGUE: {**WHILE_OPEN, A.ANSWER: OFFICIALS, A.ASK: OFFICIALS, A.PROPOSE: LEAD},
    S.AWAITING_INITIATIVE: {**WHILE_OPEN, A.ANSWER: OFFICIALS},
    S.OUTCOME_PROPOSED: {**WHILE_OPEN, A.ANSWER: OFFICIALS, A.ACCEPT: INITIATIVE, A.CONTEST: INITIATIVE},
    # Without an escalation the board member does not decide; the coordinator does.
    S.CONTESTED: {
        **WHILE_OPEN,
        A.ANSWER: OFFICIALS,
        A.RESUME: COORDINATOR,
        A.UPHOLD: COORDINATOR,
        A.ESCALATE: COORDINATOR,
    },
    S.REOPENED: {**WHILE_OPEN, A.REOPEN: COORDINATOR, A.REFUSE_REOPEN: COORDINATOR},
    # Within the reopen window the initiative may ask to reopen; nothing else moves an ended dialogue.
    S.CONCLUDED: {A.REQUEST_REOPEN: INITIATIVE},
    S.WITHDRAWN: {},
    S.CLOSED: {},
}

# Never anyone's step: the platform takes these when a clock runs out.
AUTOMATIC = {A.INITIATIVE_TIME_UP, A.NO_OBJECTION}


def test_the_table_covers_every_state():
    assert set(EXPECTED) == set(S.values)


@pytest.mark.parametrize("state", S.values)
def test_who_may_take_each_step(state):
    cast = make_cast()
    dialogue = dialogue_in(state, cast)
    wrong = []
    for action in Action.values:
        expected = set() if action in AUTOMATIC else EXPECTED[state].get(action, set())
        allowed = {role for role in ROLES if rules.has_perm(f"dialogues.{action}", getattr(cast, role), dialogue)}
        if allowed != expected:
            wrong.append(f"{action}: allowed {sorted(allowed)}, expected {sorted(expected)}")
    assert not wrong, f"in state {state}:\n" + "\n".join(wrong)
