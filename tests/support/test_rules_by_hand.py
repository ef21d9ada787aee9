"""Who may take each step of a support request, written out by hand for every state.

The permission matrix in `test_rules.py` asks each permission; this table asks each edge of the transition
table for the permission it names, so an edge with the wrong permission (`who`) fails here.
"""

import pytest

from support.models import SupportRequest
from support.workflow import ASSIGN, DECLINE, FINISH, REASSIGN, START, TRANSITIONS
from tests.accounts.factories import supporter
from tests.initiatives.factories import InitiativeFactory
from tests.support.factories import SupportRequestFactory

pytestmark = pytest.mark.django_db

S = SupportRequest.Status
COORDINATOR = {"coordinator"}  # of the initiative's district
WORKING = {"assigned_supporter", "coordinator"}

EXPECTED = {
    S.NEW: {ASSIGN: COORDINATOR, DECLINE: COORDINATOR},
    S.ASSIGNED: {REASSIGN: COORDINATOR, START: {"assigned_supporter"}, FINISH: WORKING, DECLINE: WORKING},
    S.IN_PROGRESS: {REASSIGN: COORDINATOR, FINISH: WORKING, DECLINE: WORKING},
    S.DONE: {},
    S.DECLINED: {},
}


def test_the_table_covers_every_state():
    assert set(EXPECTED) == set(S.values)


@pytest.mark.parametrize("state", S.values)
def test_who_may_take_each_step(people, state):
    initiative = InitiativeFactory()
    assigned = supporter("west")
    request = SupportRequestFactory(
        initiative=initiative,
        status=state,
        supporter=None if state == S.NEW else assigned,
        closing_note="Klaar." if state in (S.DONE, S.DECLINED) else "",
    )
    cast = people(initiative, assigned)
    allowed: dict[str, set[str]] = {}
    for (source, action), edge in TRANSITIONS.items():
        if source == state:
            roles = {role for role, person in cast.items() if person.has_perm(edge.who, request)}
            if roles:
                allowed[action] = roles
    assert allowed == {action: roles for action, roles in EXPECTED[state].items() if roles}
