"""An offer of help's life as data: (state, action) → (next state, permission).

The same shape as support/workflow.py: `offer_transition` in services.py is the only write path, and
the permission is asked about the offer's need (rules.py), so templates, views and services agree.
"""

from connect.models import Offer

S = Offer.State

ACCEPT = "accept"
DECLINE = "decline"

TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    # The initiators say yes: the helper hears it and, if they chose so, appears on the page by name.
    (S.OFFERED, ACCEPT): (S.ACCEPTED, "connect.decide_offer"),
    # The initiators say no thanks (enough help already, not what is needed); the helper hears it.
    (S.OFFERED, DECLINE): (S.DECLINED, "connect.decide_offer"),
    # Plans change: help accepted earlier can still be declined, so the page no longer shows the helper.
    (S.ACCEPTED, DECLINE): (S.DECLINED, "connect.decide_offer"),
}


def states_for(permission):
    """Return the states in which `permission` can move an offer."""
    return frozenset(state for (state, _action), (_next, perm) in TRANSITIONS.items() if perm == permission)


def actions_from(state):
    """Return the actions possible from `state`."""
    return [action for (from_state, action) in TRANSITIONS if from_state == state]
