"""Every edge of the transition table, taken by a role that may, refused for roles and statuses that may not."""

import pytest

from accounts.models import Role
from initiatives.models import Initiative
from initiatives.services import InitiativeError, NotPermitted, initiative_transition
from initiatives.workflow import ANSWER_REQUIRED, NOTE_REQUIRED, TRANSITIONS, Action, actions_from, next_status
from tests.accounts import factories as people
from tests.initiatives.factories import InitiativeFactory, owner_of

pytestmark = pytest.mark.django_db

S = Initiative.Status
EDGES = sorted(TRANSITIONS.items())


def permitted_actor(initiative, permission):
    if permission == "initiatives.intake_initiative":
        return people.coordinator("west")
    return owner_of(initiative)


@pytest.mark.parametrize(("edge", "target"), EDGES, ids=[f"{s}-{a}" for (s, a), _t in EDGES])
def test_every_edge_moves_the_initiative_and_is_kept_in_its_history(edge, target):
    (status, action), (next_state, permission) = edge, (target.target, target.who)
    initiative = InitiativeFactory(status=status)
    actor = permitted_actor(initiative, permission)
    note = "Hoeveel buren doen mee?" if action in NOTE_REQUIRED | ANSWER_REQUIRED else ""

    initiative_transition(initiative=initiative, action=action, actor=actor, note=note)

    initiative.refresh_from_db()
    assert initiative.status == next_state
    record = initiative.history.latest()
    assert (record.status, record.history_change_reason, record.history_user) == (next_state, action, actor)
    if note:
        assert (initiative.intake_answer if action in ANSWER_REQUIRED else initiative.intake_note) == note


@pytest.mark.parametrize(("edge", "target"), EDGES, ids=[f"{s}-{a}" for (s, a), _t in EDGES])
@pytest.mark.parametrize("role", ["resident", "coordinator_elsewhere", "official", "city_coordinator"])
def test_every_edge_is_refused_to_roles_without_the_permission(edge, target, role):
    (status, action), _target = edge, target
    initiative = InitiativeFactory(status=status)
    actor = {
        "resident": people.UserFactory,
        "coordinator_elsewhere": lambda: people.coordinator("oost"),
        "official": lambda: people.official("west"),
        "city_coordinator": people.city_coordinator,
    }[role]()
    with pytest.raises(NotPermitted):
        initiative_transition(initiative=initiative, action=action, actor=actor, note="Een reden")
    initiative.refresh_from_db()
    assert initiative.status == status
    assert initiative.history.count() == 1


NOT_ALLOWED = [
    (status, action) for status in S.values for action in Action.values if (status, action) not in TRANSITIONS
]


@pytest.mark.parametrize(("status", "action"), NOT_ALLOWED, ids=[f"{s}-{a}" for s, a in NOT_ALLOWED])
def test_an_action_from_a_status_that_does_not_allow_it_changes_nothing_and_says_why(status, action):
    initiative = InitiativeFactory(status=status)
    # Even the strongest combination of roles cannot take an edge that is not in the table.
    actor = owner_of(initiative)
    Role.objects.create(user=actor, kind=Role.Kind.COORDINATOR, district=initiative.district)
    with pytest.raises(InitiativeError, match="not possible now"):
        initiative_transition(initiative=initiative, action=action, actor=actor, note="Een reden")
    initiative.refresh_from_db()
    assert initiative.status == status


@pytest.mark.parametrize("action", sorted(NOTE_REQUIRED))
def test_asking_and_refusing_need_a_written_text(action):
    initiative = InitiativeFactory(status=S.SUBMITTED)
    with pytest.raises(InitiativeError, match="question or the reason"):
        initiative_transition(initiative=initiative, action=action, actor=people.coordinator("west"), note="  ")
    initiative.refresh_from_db()
    assert initiative.status == S.SUBMITTED


def test_the_table_reaches_every_status_from_a_draft():
    reached, frontier = {S.DRAFT}, [S.DRAFT]
    while frontier:
        status = frontier.pop()
        for action in actions_from(status):
            target = next_status(status, action)
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(S.values)
