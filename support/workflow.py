"""The support request's life as data: (state, action) → Edge (the workflow core, mokum/workflow.py).

`support_request_transition` in services.py is the only write path; rules.py derives from this table in
which states each permission holds, so templates, views and services agree.
"""

from mokum.workflow import Edge, Notice, Table
from support.models import SupportRequest

S = SupportRequest.Status

ASSIGN = "assign"
REASSIGN = "reassign"
START = "start"
FINISH = "finish"
DECLINE = "decline"

TRANSITIONS: Table = Table(
    {
        # The district coordinator matches a new request with a supporter who knows the subject.
        (S.NEW, ASSIGN): Edge(S.ASSIGNED, "support.assign_request"),
        # A request the platform cannot help with is declined at once, with a note, instead of passed on.
        (S.NEW, DECLINE): Edge(S.DECLINED, "support.decline_new_request"),
        # Supporters fall ill or turn out to be the wrong match; the new supporter starts afresh.
        (S.ASSIGNED, REASSIGN): Edge(S.ASSIGNED, "support.assign_request"),
        (S.IN_PROGRESS, REASSIGN): Edge(S.ASSIGNED, "support.assign_request"),
        # The supporter has contacted the initiative and is working on it.
        (S.ASSIGNED, START): Edge(S.IN_PROGRESS, "support.start_request"),
        # Sometimes one phone call is enough: a supporter may close straight from "assigned".
        (S.ASSIGNED, FINISH): Edge(S.DONE, "support.close_request"),
        (S.IN_PROGRESS, FINISH): Edge(S.DONE, "support.close_request"),
        # Outside what the platform can do, or the initiative no longer needs it: closed with a reason.
        (S.ASSIGNED, DECLINE): Edge(S.DECLINED, "support.close_request"),
        (S.IN_PROGRESS, DECLINE): Edge(S.DECLINED, "support.close_request"),
    }
)

# What each action does, wherever the table has it: the `_<name>` handlers and `_to_<name>` audiences of
# `support.services.SupportRequestFlow`.
REQUIRED: dict[str, tuple[str, ...]] = {
    ASSIGN: ("supporter", "due_date"),
    REASSIGN: ("supporter", "due_date"),
    # The initiative reads what was done, or why not.
    FINISH: ("note",),
    DECLINE: ("note",),
}
CHECKS: dict[str, tuple[str, ...]] = {
    ASSIGN: ("supporter_of_district", "due_date_ahead"),
    REASSIGN: ("supporter_of_district", "due_date_ahead"),
}
EFFECTS: dict[str, tuple[str, ...]] = {
    ASSIGN: ("assign",),
    REASSIGN: ("assign",),
    FINISH: ("close",),
    DECLINE: ("close",),
}
ASSIGNED = (
    Notice("support_request_assigned_supporter", ("supporter",), extra=("due_date",)),
    Notice("support_request_assigned_initiative", ("initiators",), extra=("supporter",)),
    # The supporter who had it hears that it moved on.
    Notice("support_request_unassigned", ("previous_supporter",)),
)
NOTICES: dict[str, tuple[Notice, ...]] = {
    ASSIGN: ASSIGNED,
    REASSIGN: ASSIGNED,
    START: (Notice("support_request_started", ("initiators",), extra=("supporter",)),),
    # The coordinator may close for the supporter; the supporter then hears of it too.
    FINISH: (Notice("support_request_done", ("initiators", "supporter_unless_actor"), extra=("note",)),),
    DECLINE: (Notice("support_request_declined", ("initiators", "supporter_unless_actor"), extra=("note",)),),
}
TRANSITIONS.attach(required=REQUIRED, checks=CHECKS, effects=EFFECTS, notices=NOTICES)


def states_for(permission):
    """Return the states in which `permission` can move a request."""
    return TRANSITIONS.states_for(permission)


def actions_from(state):
    """Return the actions possible from `state`."""
    return TRANSITIONS.actions_from(state)


def diagram() -> str:
    """Return the table as a Mermaid state diagram."""
    return TRANSITIONS.describe()
