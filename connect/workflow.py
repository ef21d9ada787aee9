"""An offer of help's life as data: (state, action) → Edge (the workflow core, mokum/workflow.py).

`offer_transition` in services.py is the only write path: it hands the step to the core's engine with
`OfferFlow`, which asks the permission about the offer's need (rules.py), so templates, views and services
agree.
"""

from connect.models import Offer
from mokum.workflow import Edge, Notice, Table

S = Offer.State

ACCEPT = "accept"
DECLINE = "decline"

TRANSITIONS: Table = Table(
    {
        # The initiators say yes: the helper hears it and, if they chose so, appears on the page by name.
        (S.OFFERED, ACCEPT): Edge(S.ACCEPTED, "connect.decide_offer"),
        # The initiators say no thanks (enough help already, not what is needed); the helper hears it.
        (S.OFFERED, DECLINE): Edge(S.DECLINED, "connect.decide_offer"),
        # Plans change: help accepted earlier can still be declined, so the page no longer shows the helper.
        (S.ACCEPTED, DECLINE): Edge(S.DECLINED, "connect.decide_offer"),
    }
)

# What each action does, wherever the table has it: the `_<name>` handlers and `_to_<name>` audiences of
# `connect.services.OfferFlow`.
EFFECTS: dict[str, tuple[str, ...]] = {ACCEPT: ("decided",), DECLINE: ("decided",)}
NOTICES: dict[str, tuple[Notice, ...]] = {
    ACCEPT: (Notice("offer_accepted", ("helper",)),),
    DECLINE: (Notice("offer_declined", ("helper",)),),
}
TRANSITIONS.attach(effects=EFFECTS, notices=NOTICES)


def states_for(permission):
    """Return the states in which `permission` can move an offer."""
    return TRANSITIONS.states_for(permission)


def actions_from(state):
    """Return the actions possible from `state`."""
    return TRANSITIONS.actions_from(state)


def diagram() -> str:
    """Return the table as a Mermaid state diagram."""
    return TRANSITIONS.describe()
