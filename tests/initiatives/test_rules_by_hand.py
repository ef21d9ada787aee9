"""Who may take each step of an initiative, written out by hand for every status.

`test_workflow.py` walks the transition table; this table is written without looking at the code, so a
wrong permission on an edge (`who`) or a missing edge fails here even when everything follows the table.
"""

import pytest

from initiatives.models import Initiative
from initiatives.views import available_actions
from initiatives.workflow import Action
from tests.accounts import factories as people
from tests.initiatives.factories import InitiativeFactory, co_initiator

pytestmark = pytest.mark.django_db

A = Action
S = Initiative.Status

INITIATORS = {"owner", "co_initiator"}
COORDINATOR = {"coordinator"}  # of the initiative's district
INTAKE = {A.ACCEPT: COORDINATOR, A.ASK: COORDINATOR, A.REFUSE: COORDINATOR, A.WITHDRAW: INITIATORS}

EXPECTED = {
    S.DRAFT: {A.SUBMIT: INITIATORS, A.WITHDRAW: INITIATORS},
    S.SUBMITTED: {**INTAKE, A.TAKE_UP: COORDINATOR},
    S.INTAKE: INTAKE,
    # Only the initiators answer the coordinator's question.
    S.INFORMATION_REQUESTED: {A.ANSWER: INITIATORS, A.WITHDRAW: INITIATORS},
    S.ACTIVE: {A.WITHDRAW: INITIATORS, A.REALISE: INITIATORS | COORDINATOR, A.STRAND: INITIATORS | COORDINATOR},
    S.REFUSED: {},
    S.WITHDRAWN: {},
    S.REALISED: {},
    S.STRANDED: {},
}


def test_the_table_covers_every_status():
    assert set(EXPECTED) == set(S.values)


@pytest.mark.parametrize("status", S.values)
def test_who_may_take_each_step(status):
    initiative = InitiativeFactory(status=status)
    cast = {
        "owner": initiative.initiator_links.get().user,
        "co_initiator": co_initiator(initiative),
        "resident": people.UserFactory(),
        "coordinator": people.coordinator("west"),
        "coordinator_elsewhere": people.coordinator("oost"),
        "official": people.official("west"),
        "supporter": people.supporter("west"),
        "city_coordinator": people.city_coordinator(),
    }
    allowed: dict[str, set[str]] = {}
    for role, person in cast.items():
        for action, *_rest in available_actions(person, initiative):
            allowed.setdefault(action, set()).add(role)
    assert allowed == {action: roles for action, roles in EXPECTED[status].items() if roles}
