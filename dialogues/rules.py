"""Who may do what in a dialogue. One place answers it; views, templates and the services ask here.

Each action of the transition table becomes a permission `dialogues.<action>`: the table must allow the
action in the dialogue's current state, and the person must be on the side the table names.
"""

import rules
from django.utils import timezone

from accounts.rules import (
    is_any_coordinator,
    is_any_official,
    is_city_coordinator,
    is_district_coordinator,
    is_district_official,
)
from accounts.selectors import user_roles
from dialogues.deadlines import reopen_deadline
from dialogues.models import Commitment, Outcome
from dialogues.workflow import AUTOMATIC, Action, transition_for, who_may
from initiatives.rules import is_initiator


def active_assignments(dialogue):
    """Return the dialogue's current assignments, loaded once per dialogue object."""
    cached = getattr(dialogue, "_active_assignments", None)
    if cached is None:
        cached = list(dialogue.assignments.filter(ended_at__isnull=True).select_related("department"))
        dialogue._active_assignments = cached
    return cached


def _assignment_of(user, dialogue):
    if not user.is_authenticated or dialogue is None:
        return None
    return next((a for a in active_assignments(dialogue) if a.official_id == user.pk), None)


@rules.predicate
def is_assigned_official(user, dialogue):
    """Holds for an official currently assigned to the dialogue (lead or not)."""
    return _assignment_of(user, dialogue) is not None


@rules.predicate
def is_lead_official(user, dialogue):
    """Holds for the dialogue's current lead official."""
    assignment = _assignment_of(user, dialogue)
    return assignment is not None and assignment.is_lead


@rules.predicate
def is_dialogue_coordinator(user, dialogue):
    """Holds for a coordinator of the dialogue's district (city coordinators read but do not act)."""
    return dialogue is not None and is_district_coordinator(user, dialogue)


@rules.predicate
def is_dialogue_initiator(user, dialogue):
    """Holds for an owner or co-initiator of the dialogue's initiative."""
    return dialogue is not None and is_initiator(user, dialogue)


@rules.predicate
def is_escalated_board_member(user, dialogue):
    """Holds for the board member the coordinator asked to decide a contested outcome."""
    if dialogue is None or dialogue.escalated_at is None:
        return False
    assignment = _assignment_of(user, dialogue)
    return assignment is not None and assignment.job_title == "board_member"


@rules.predicate
def is_public_dialogue(user, dialogue):
    """Holds for a dialogue of an initiative anyone may read."""
    return dialogue is not None and dialogue.initiative.is_public


@rules.predicate
def within_reopen_window(user, dialogue):
    """Holds while a concluded dialogue is within the district's working days to ask for reopening."""
    deadline = reopen_deadline(dialogue)
    return deadline is not None and timezone.now() <= deadline


def state_allows(action):
    """Return a predicate that holds when the table allows `action` in the dialogue's current state."""

    def check(user, dialogue):
        return dialogue is not None and transition_for(dialogue.state, action) is not None

    return rules.predicate(check, name=f"state_allows_{action}")


@rules.predicate
def is_active_initiative(user, initiative):
    """Holds for an active initiative that is not hidden: the only kind a dialogue can start from."""
    return initiative is not None and initiative.status == "active" and initiative.hidden_at is None


@rules.predicate
def is_commitment_owner(user, commitment):
    """Holds for the person a commitment belongs to."""
    return user.is_authenticated and commitment is not None and commitment.owner_id == user.pk


@rules.predicate
def is_commitment_coordinator(user, commitment):
    """Holds for a coordinator of the district of the commitment's dialogue."""
    return commitment is not None and commitment.dialogue.district_id in user_roles(user).coordinator_of


@rules.predicate
def is_open_commitment(user, commitment):
    """Holds for a commitment not done or dropped yet, of an outcome that still stands."""
    return (
        commitment is not None
        and commitment.status == Commitment.Status.OPEN
        and commitment.outcome.status not in Outcome.Status.void()
    )


never = rules.predicate(lambda: False, name="never")

# The sides the transition table names.
WHO = {
    "official": is_assigned_official,
    "lead": is_lead_official | is_dialogue_coordinator,
    "initiative": is_dialogue_initiator,
    "coordinator": is_dialogue_coordinator,
    "staff": is_assigned_official | is_dialogue_coordinator,
    "decider": is_dialogue_coordinator | is_escalated_board_member,
    "system": never,
}

for _action in Action.values:
    _rule = state_allows(_action) & WHO[who_may(_action)]
    if _action == Action.REQUEST_REOPEN:
        _rule &= within_reopen_window
    if _action not in AUTOMATIC:
        rules.add_perm(f"dialogues.{_action}", _rule)

# The municipality's side: staff of the district, the officials on the dialogue, and the city's coordinators.
is_dialogue_staff = is_assigned_official | is_district_official | is_dialogue_coordinator | is_city_coordinator

# Reading: the dialogue of a public initiative is public; otherwise only its two sides see it.
rules.add_perm("dialogues.view_dialogue", is_public_dialogue | is_dialogue_initiator | is_dialogue_staff)
# Internal notes and internal reasons: officials and coordinators only, never the initiative or the public.
rules.add_perm("dialogues.view_internal", is_dialogue_staff)
# A district's coordinators open dialogues from its active initiatives, and the initiators ask for one:
# the request then waits on the coordinator, who assigns the right official (the "requested" state).
rules.add_perm("dialogues.open_dialogue", (is_district_coordinator | is_initiator) & is_active_initiative)
rules.add_perm("dialogues.view_inbox", is_any_official | is_any_coordinator)
# The owner keeps a commitment (or a coordinator records it was kept); only a coordinator drops one.
rules.add_perm("dialogues.complete_commitment", is_open_commitment & (is_commitment_owner | is_commitment_coordinator))
rules.add_perm("dialogues.drop_commitment", is_open_commitment & is_commitment_coordinator)
