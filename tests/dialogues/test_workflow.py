"""Every edge of the transition table, for every role: taken by the side it names, refused for all others,
and refused in every state where the table does not have it."""

import pytest
import rules
from django.core.exceptions import ValidationError

from dialogues.errors import ActionNotAllowed, ActionRefused
from dialogues.models import ActorKind, Dialogue, DialogueEvent, Outcome, WaitingOn
from dialogues.services import dialogue_transition
from dialogues.workflow import AUTOMATIC, KEEP, STOP, TRANSITIONS, Action, actions_from, who_may
from tests.dialogues.factories import REASONING, ROLES, commitment, dialogue_in, make_cast

pytestmark = pytest.mark.django_db

A = Action
S = Dialogue.State

# The roles of the cast each side of the table stands for (without escalation to the board member).
SIDES = {
    "official": {"lead", "member"},
    "lead": {"lead", "coordinator"},
    "initiative": {"owner", "co_initiator"},
    "coordinator": {"coordinator"},
    "staff": {"lead", "member", "coordinator"},
    "decider": {"coordinator"},
    "system": set(),
}


def allowed_roles(state, action):
    """Return the roles that may take `action` in `state` (nobody is assigned before the coordinator assigns)."""
    edge = TRANSITIONS.get((state, action))
    if edge is None:
        return set()
    roles = SIDES[edge.who]
    return roles - {"lead", "member"} if state == S.REQUESTED else roles


HUMAN_EDGES = [(state, action) for (state, action) in TRANSITIONS if action not in AUTOMATIC]


def fields_for(action, cast):
    """Return valid fields for `action`, so only the permission or the state can refuse it."""
    return {
        A.ASSIGN: {"official": cast.lead},
        A.REASSIGN: {"official": cast.district_official, "reason": "Jeroen is met verlof."},
        A.ADD_OFFICIAL: {"official": cast.district_official},
        A.ESCALATE: {"official": cast.board, "reason": "Graag een besluit van het bestuur."},
        A.PROPOSE: {
            "outcome_type": Outcome.Type.PARTLY_AGREED,
            "summary": "Geveltuinen mogen, maar niet op de hoek.",
            "reasoning": REASONING,
            "commitments": [commitment(owner=cast.lead)],
        },
        A.CLOSE: {
            "closure_kind": Dialogue.ClosureKind.NOT_COMPETENT,
            "reason": "Dit gaat over een rijksweg.",
            "referral": "Rijkswaterstaat, via rijkswaterstaat.nl.",
        },
        A.ACCEPT: {},
    }.get(action, {"text": "Een bericht.", "reason": "Een reden."})


def test_each_action_has_one_side_and_every_state_is_reachable():
    for action in Action.values:
        assert who_may(action) in SIDES
    targets = {edge.target for edge in TRANSITIONS.values()} | {S.REQUESTED}
    assert targets == set(S.values)
    for edge in TRANSITIONS.values():
        # An edge that stops the clock ends the dialogue; an open state always waits on someone.
        assert (edge.clock == STOP) == (edge.target in (S.CONCLUDED, S.WITHDRAWN, S.CLOSED))
        assert edge.clock == KEEP or edge.waiting_on != KEEP


@pytest.mark.parametrize("state", S.values)
def test_permission_matrix_in_every_state(state):
    """has_perm answers yes exactly for the side the table names, and only where the table has the edge."""
    cast = make_cast()
    dialogue = dialogue_in(state, cast)
    for action in Action.values:
        if action in AUTOMATIC:
            continue
        allowed = allowed_roles(state, action)
        for role in ROLES:
            person = getattr(cast, role)
            assert rules.has_perm(f"dialogues.{action}", person, dialogue) == (role in allowed), (state, action, role)


@pytest.mark.parametrize("state", S.values)
def test_service_refuses_every_other_role_and_every_missing_edge(state):
    """Whoever is not on the named side, and any action the state does not have, changes nothing and says why."""
    cast = make_cast()
    dialogue = dialogue_in(state, cast)
    before = (dialogue.version, DialogueEvent.objects.filter(dialogue=dialogue).count())
    for action in Action.values:
        edge = TRANSITIONS.get((state, action))
        allowed = allowed_roles(state, action)
        for role in ROLES:
            if role in allowed:
                continue
            expected = ActionRefused if edge else ActionNotAllowed
            with pytest.raises(expected) as refused:
                dialogue_transition(
                    dialogue=dialogue, action=action, actor=getattr(cast, role), **fields_for(action, cast)
                )
            assert refused.value.message
        if edge is None:
            # Not even the side that takes this action elsewhere may take it here.
            side = next(iter(SIDES[who_may(action)]), None)
            if side:
                with pytest.raises(ActionNotAllowed):
                    dialogue_transition(
                        dialogue=dialogue, action=action, actor=getattr(cast, side), **fields_for(action, cast)
                    )
    dialogue.refresh_from_db()
    assert (dialogue.version, DialogueEvent.objects.filter(dialogue=dialogue).count()) == before
    assert dialogue.state == state


ALLOWED = [(state, action, role) for (state, action) in HUMAN_EDGES for role in sorted(allowed_roles(state, action))]


@pytest.mark.parametrize(("state", "action", "role"), ALLOWED, ids=["-".join(edge) for edge in ALLOWED])
def test_every_edge_for_the_side_that_takes_it(state, action, role):
    cast = make_cast()
    dialogue = dialogue_in(state, cast)
    edge = TRANSITIONS[(state, action)]
    before = Dialogue.objects.get(pk=dialogue.pk)

    after = dialogue_transition(dialogue=dialogue, action=action, actor=getattr(cast, role), **fields_for(action, cast))

    assert after.state == edge.target
    assert after.version == before.version + 1
    event = after.events.order_by("-created_at", "-pk").first()
    assert (event.action, event.from_state, event.to_state) == (action, state, edge.target)
    expected_kind = {
        "owner": ActorKind.INITIATOR,
        "co_initiator": ActorKind.INITIATOR,
        "coordinator": ActorKind.COORDINATOR,
    }
    assert event.actor_kind == expected_kind.get(role, ActorKind.OFFICIAL)
    if edge.clock == KEEP:
        assert (after.clock, after.deadline_at, after.waiting_on) == (
            before.clock,
            before.deadline_at,
            before.waiting_on,
        )
    elif edge.clock == STOP:
        assert after.waiting_on == WaitingOn.NOBODY and after.deadline_at is None
    else:
        assert after.clock == before.clock + 1
        assert after.waiting_on == edge.waiting_on
        assert after.turn_days == getattr(after.district, edge.clock)
        assert after.deadline_at > event.created_at


def test_escalated_board_member_decides_a_contest():
    cast = make_cast()
    dialogue = dialogue_in(S.CONTESTED, cast, escalated=True)
    assert dialogue.waiting_on == WaitingOn.OFFICIALS
    assert rules.has_perm("dialogues.uphold", cast.board, dialogue)
    assert not rules.has_perm("dialogues.escalate", cast.board, dialogue)
    concluded = dialogue_transition(
        dialogue=dialogue, action=A.UPHOLD, actor=cast.board, reason="Het voorstel is redelijk."
    )
    assert concluded.state == S.CONCLUDED
    event = concluded.events.get(action=A.UPHOLD)
    assert event.actor_kind == ActorKind.OFFICIAL and event.actor_job_title == "board_member"


def test_board_member_without_escalation_may_not_decide():
    cast = make_cast()
    dialogue = dialogue_in(S.CONTESTED, cast)
    with pytest.raises(ActionRefused):
        dialogue_transition(dialogue=dialogue, action=A.RESUME, actor=cast.board, reason="Nee.")


def test_automatic_edges_are_refused_to_people():
    cast = make_cast()
    waiting = dialogue_in(S.AWAITING_INITIATIVE, cast)
    for person in (cast.coordinator, cast.lead, cast.owner, cast.city):
        with pytest.raises(ActionRefused):
            dialogue_transition(dialogue=waiting, action=A.INITIATIVE_TIME_UP, actor=person)


def test_required_fields_are_named_and_nothing_changes():
    cast = make_cast()
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    with pytest.raises(ValidationError) as error:
        dialogue_transition(dialogue=dialogue, action=A.PROPOSE, actor=cast.lead)
    assert set(error.value.message_dict) == {"outcome_type", "summary", "reasoning"}
    with pytest.raises(ValidationError) as error:
        dialogue_transition(dialogue=dialogue, action=A.ASK, actor=cast.lead, text="   ")
    assert "text" in error.value.message_dict
    dialogue.refresh_from_db()
    assert dialogue.state == S.IN_DIALOGUE and not dialogue.outcomes.exists()


def test_actions_from_lists_the_table_in_order():
    assert set(actions_from(S.OUTCOME_PROPOSED)) == {
        A.ACCEPT,
        A.CONTEST,
        A.NO_OBJECTION,
        A.ANSWER,
        A.REPLY,
        A.NOTE,
        A.RECORD,
        A.WITHDRAW,
        A.CLOSE,
        A.REASSIGN,
        A.ADD_OFFICIAL,
    }
    assert A.ASSIGN in actions_from(S.REQUESTED) and A.ANSWER not in actions_from(S.REQUESTED)
    assert actions_from(S.WITHDRAWN) == [] and actions_from(S.CLOSED) == []
    assert actions_from(S.CONCLUDED) == [A.REQUEST_REOPEN]


def test_the_readme_shows_the_current_transition_table():
    from pathlib import Path

    from dialogues.workflow import diagram

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert diagram() in readme
