"""A dialogue's life as one transition table: (state, action) → Transition.

`dialogues.services.dialogue_transition` is the only code that changes a dialogue: it looks the edge up
here, locks the row, checks `dialogues.<action>` (rules.py, which composes `who` with `state_allows`),
requires the edge's fields, appends a `DialogueEvent`, starts the edge's clock and notifies after commit.

`who` names the side that may take the edge (rules.WHO maps it to a predicate); `waiting_on` is whose turn
it is afterwards; `clock` is the District setting that gives the new turn's working days, KEEP (the
current clock keeps running) or STOP (nobody is waited on any more).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from dialogues.models import OPEN_STATES, Dialogue, WaitingOn

S = Dialogue.State
W = WaitingOn

KEEP = "keep"
STOP = "stop"

# The District fields that hold each kind of deadline, in working days.
TRIAGE = "triage_days"
FIRST_ANSWER = "first_answer_days"
ANSWER = "answer_days"
INITIATIVE = "initiative_days"
OUTCOME_REACTION = "outcome_reaction_days"


class Action(models.TextChoices):
    ASSIGN = "assign", _("Assign a lead official")
    ADD_OFFICIAL = "add_official", _("Add an official")
    REASSIGN = "reassign", _("Hand over to another lead official")
    ANSWER = "answer", _("Answer")
    ASK = "ask", _("Ask the initiative a question")
    PROPOSE = "propose", _("Propose an outcome")
    NOTE = "note", _("Add an internal note")
    RECORD = "record", _("Record agreed points")
    REPLY = "reply", _("Answer the municipality")
    ACCEPT = "accept", _("Accept the outcome")
    CONTEST = "contest", _("Disagree with the outcome")
    WITHDRAW = "withdraw", _("Withdraw from the dialogue")
    REQUEST_REOPEN = "request_reopen", _("Ask to reopen the dialogue")
    CLOSE = "close", _("Close as duplicate or not competent")
    ESCALATE = "escalate", _("Ask the district board member to decide")
    RESUME = "resume", _("Send back to the dialogue")
    UPHOLD = "uphold", _("Uphold the outcome")
    REOPEN = "reopen", _("Reopen the dialogue")
    REFUSE_REOPEN = "refuse_reopen", _("Do not reopen")
    INITIATIVE_TIME_UP = "initiative_time_up", _("The initiative’s time ran out")
    NO_OBJECTION = "no_objection", _("No reaction within the deadline")


# Events that are not transitions: how a dialogue starts, the overdue mark, commitments kept or dropped.
OPENED = "open"
OVERDUE = "overdue"
COMMITMENT_DONE = "commitment_done"
COMMITMENT_DROPPED = "commitment_dropped"
# Logged once per turn by the morning scan (dialogues/reminders.py): the stalled turn went to the coordinator
# (or, for a turn of the coordinator, to the city), and the turn became long overdue.
ESCALATED = "escalated"
LONG_OVERDUE = "long_overdue"


@dataclass(frozen=True)
class Transition:
    next_state: str
    who: str
    waiting_on: str = KEEP
    clock: str = KEEP
    required: tuple[str, ...] = ()
    reason_is_internal: bool = False


A = Action
TEXT = ("text",)
REASON = ("reason",)

TRANSITIONS: dict[tuple[str, str], Transition] = {
    # The coordinator names the lead official (department and job title are taken from their role) and
    # states the question; the official now owes a first answer.
    (S.REQUESTED, A.ASSIGN): Transition(S.ASSIGNED, "coordinator", W.OFFICIALS, FIRST_ANSWER, ("official", "question")),
    # The official's first substantive answer opens the conversation and records the first-response time.
    (S.ASSIGNED, A.ANSWER): Transition(S.IN_DIALOGUE, "official", W.OFFICIALS, ANSWER, TEXT),
    # A first answer may also be a question back; it counts as the first response too.
    (S.ASSIGNED, A.ASK): Transition(S.AWAITING_INITIATIVE, "official", W.INITIATIVE, INITIATIVE, TEXT),
    # Each later answer starts a fresh answer clock: the municipality owes the next step until an outcome.
    (S.IN_DIALOGUE, A.ANSWER): Transition(S.IN_DIALOGUE, "official", W.OFFICIALS, ANSWER, TEXT),
    # The official needs something from the initiative: the ball goes to its court.
    (S.IN_DIALOGUE, A.ASK): Transition(S.AWAITING_INITIATIVE, "official", W.INITIATIVE, INITIATIVE, TEXT),
    # The lead (or the coordinator) proposes a reasoned outcome; the initiative has time to react.
    (S.IN_DIALOGUE, A.PROPOSE): Transition(
        S.OUTCOME_PROPOSED, "lead", W.INITIATIVE, OUTCOME_REACTION, ("outcome_type", "summary", "reasoning")
    ),
    # The initiative answers the question; the officials' answer clock starts.
    (S.AWAITING_INITIATIVE, A.REPLY): Transition(S.IN_DIALOGUE, "initiative", W.OFFICIALS, ANSWER, TEXT),
    # The initiative's time ran out: the dialogue does not stall, the officials carry on.
    (S.AWAITING_INITIATIVE, A.INITIATIVE_TIME_UP): Transition(S.IN_DIALOGUE, "system", W.OFFICIALS, ANSWER),
    # The initiative agrees with the proposed outcome.
    (S.OUTCOME_PROPOSED, A.ACCEPT): Transition(S.CONCLUDED, "initiative", W.NOBODY, STOP),
    # Nobody objected within the deadline: silence counts as acceptance, so no dialogue stays open forever.
    (S.OUTCOME_PROPOSED, A.NO_OBJECTION): Transition(S.CONCLUDED, "system", W.NOBODY, STOP),
    # The initiative disagrees and says why; the coordinator decides.
    (S.OUTCOME_PROPOSED, A.CONTEST): Transition(S.CONTESTED, "initiative", W.COORDINATOR, TRIAGE, REASON),
    # The coordinator (or the board member asked to decide) finds the contest right: talk on.
    (S.CONTESTED, A.RESUME): Transition(S.IN_DIALOGUE, "decider", W.OFFICIALS, ANSWER, REASON),
    # ... or finds the outcome sound: it stands, and the reason is public.
    (S.CONTESTED, A.UPHOLD): Transition(S.CONCLUDED, "decider", W.NOBODY, STOP, REASON),
    # The coordinator may hand the decision to the district board member, who gets an answer clock.
    (S.CONTESTED, A.ESCALATE): Transition(
        S.CONTESTED, "coordinator", W.OFFICIALS, ANSWER, ("official", "reason"), reason_is_internal=True
    ),
    # Within the district's reopen window the initiative may ask to reopen, with a reason.
    (S.CONCLUDED, A.REQUEST_REOPEN): Transition(S.REOPENED, "initiative", W.COORDINATOR, TRIAGE, REASON),
    # The coordinator agrees: the dialogue continues where it stopped.
    (S.REOPENED, A.REOPEN): Transition(S.IN_DIALOGUE, "coordinator", W.OFFICIALS, ANSWER, REASON),
    # ... or does not: the outcome stands, with the coordinator's reason.
    (S.REOPENED, A.REFUSE_REOPEN): Transition(S.CONCLUDED, "coordinator", W.NOBODY, STOP, REASON),
}

for _state in OPEN_STATES:
    # The initiative may always stop, with a reason: participation is voluntary.
    TRANSITIONS[(_state, A.WITHDRAW)] = Transition(S.WITHDRAWN, "initiative", W.NOBODY, STOP, REASON)
    # The coordinator closes a duplicate or a question the municipality cannot answer, saying where to go.
    TRANSITIONS[(_state, A.CLOSE)] = Transition(
        S.CLOSED, "coordinator", W.NOBODY, STOP, ("closure_kind", "reason", "referral")
    )
    # Officials and coordinators keep notes for each other; they change nothing and nobody else sees them.
    TRANSITIONS[(_state, A.NOTE)] = Transition(_state, "staff", required=TEXT)
    # What both sides agreed elsewhere (a consultation, a meeting) goes on the public record; the turn stays.
    TRANSITIONS[(_state, A.RECORD)] = Transition(_state, "coordinator", required=TEXT)
    # The initiative may add to the conversation at any time; whoever's clock runs keeps running.
    if (_state, A.REPLY) not in TRANSITIONS:
        TRANSITIONS[(_state, A.REPLY)] = Transition(_state, "initiative", required=TEXT)
    if _state != S.REQUESTED:
        # People change jobs or fall ill: the coordinator hands the lead to someone else; the clock keeps running.
        TRANSITIONS[(_state, A.REASSIGN)] = Transition(
            _state, "coordinator", required=("official", "reason"), reason_is_internal=True
        )
        # A question may need a second department; the lead stays.
        TRANSITIONS[(_state, A.ADD_OFFICIAL)] = Transition(_state, "coordinator", required=("official",))
    if _state in (S.AWAITING_INITIATIVE, S.OUTCOME_PROPOSED, S.CONTESTED):
        # Officials may add something while they wait for the other side; its clock keeps running.
        TRANSITIONS[(_state, A.ANSWER)] = Transition(_state, "official", required=TEXT)

# Edges the platform takes on its own when a clock runs out (dialogues_apply_expired_clocks).
AUTOMATIC = {A.INITIATIVE_TIME_UP, A.NO_OBJECTION}
# Actions that post a message; their `text` is the message.
MESSAGE_KINDS: dict[str, str] = {
    A.ANSWER: "answer",
    A.ASK: "question",
    A.REPLY: "reply",
    A.NOTE: "note",
    A.RECORD: "record",
}


def transition_for(state: str, action: str) -> Transition | None:
    """Return the edge for `action` in `state`, or None when the table does not allow it there."""
    return TRANSITIONS.get((state, action))


def actions_from(state: str) -> list[str]:
    """Return the actions the table allows in `state`, in the order of `Action`."""
    allowed = {action for (source, action) in TRANSITIONS if source == state}
    return [action for action in Action.values if action in allowed]


def who_may(action: str) -> str:
    """Return the side that may take `action` (the same in every state where it applies)."""
    sides = {edge.who for (_state, name), edge in TRANSITIONS.items() if name == action}
    if len(sides) != 1:
        raise ValueError(f"Action {action!r} must have one side in the table, not {sides}.")
    return sides.pop()


def diagram() -> str:
    """Return the table as a Mermaid state diagram (for the README).

    Edges that leave every open state alike (withdraw, close) are drawn once, from a note.
    """
    everywhere = {
        action
        for action in Action.values
        if all(
            (state, action) in TRANSITIONS and TRANSITIONS[(state, action)].next_state != state for state in OPEN_STATES
        )
    }
    lines = ["stateDiagram-v2"]
    for (state, action), edge in TRANSITIONS.items():
        if edge.next_state != state and action not in everywhere:
            lines.append(f"    {state} --> {edge.next_state}: {action} ({edge.who})")
    for action in sorted(everywhere):
        edge = TRANSITIONS[(OPEN_STATES[0], action)]
        lines.append(f"    open --> {edge.next_state}: {action} ({edge.who}), from every open state")
    return "\n".join(lines)
