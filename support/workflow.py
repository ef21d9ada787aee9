"""The support request's life as data: (state, action) → (next state, permission).

`support_request_transition` in services.py is the only write path; rules.py derives from this table in
which states each permission holds, so templates, views and services agree.
"""

from support.models import SupportRequest

S = SupportRequest.Status

ASSIGN = "assign"
REASSIGN = "reassign"
START = "start"
FINISH = "finish"
DECLINE = "decline"

TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    # The district coordinator matches a new request with a supporter who knows the subject.
    (S.NEW, ASSIGN): (S.ASSIGNED, "support.assign_request"),
    # A request the platform cannot help with is declined at once, with a note, instead of passed on.
    (S.NEW, DECLINE): (S.DECLINED, "support.decline_new_request"),
    # Supporters fall ill or turn out to be the wrong match; the new supporter starts afresh.
    (S.ASSIGNED, REASSIGN): (S.ASSIGNED, "support.assign_request"),
    (S.IN_PROGRESS, REASSIGN): (S.ASSIGNED, "support.assign_request"),
    # The supporter has contacted the initiative and is working on it.
    (S.ASSIGNED, START): (S.IN_PROGRESS, "support.start_request"),
    # Sometimes one phone call is enough: a supporter may close straight from "assigned".
    (S.ASSIGNED, FINISH): (S.DONE, "support.close_request"),
    (S.IN_PROGRESS, FINISH): (S.DONE, "support.close_request"),
    # Outside what the platform can do, or the initiative no longer needs it: closed with a reason.
    (S.ASSIGNED, DECLINE): (S.DECLINED, "support.close_request"),
    (S.IN_PROGRESS, DECLINE): (S.DECLINED, "support.close_request"),
}


def states_for(permission):
    """Return the states in which `permission` can move a request."""
    return frozenset(state for (state, _action), (_next, perm) in TRANSITIONS.items() if perm == permission)


def actions_from(state):
    """Return the actions possible from `state`."""
    return [action for (from_state, action) in TRANSITIONS if from_state == state]
