"""A dialogue's life as one transition table: (state, action) → Edge (the workflow core, mokum/workflow.py).

`dialogues.services.dialogue_transition` is the only code that changes a dialogue: the engine looks the
edge up here, locks the row, checks `dialogues.<action>` (rules.py, which composes `who` with
`state_allows`), requires the edge's fields, runs its effects, appends a `DialogueEvent`, starts the edge's
clock and writes its notices, whose e-mails leave after commit.

`who` names the side that may take the edge (rules.WHO maps it to a predicate); `waiting_on` is whose turn
it is afterwards; `clock` is the District setting that gives the new turn's working days, KEEP (the
current clock keeps running) or STOP (nobody is waited on any more). What each action does wherever it is
taken (its checks, guards, effects and notices) is in the tables below the transitions.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dialogues.models import OPEN_STATES, Dialogue, WaitingOn
from mokum.workflow import KEEP, STOP, Edge, Notice, Table  # noqa: F401 - KEEP, STOP: the table's clock values

S = Dialogue.State
W = WaitingOn

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


A = Action
TEXT = ("text",)
REASON = ("reason",)

TRANSITIONS: Table = Table(
    {
        # The coordinator names the lead official (department and job title are taken from their role) and
        # states the question; the official now owes a first answer.
        (S.REQUESTED, A.ASSIGN): Edge(S.ASSIGNED, "coordinator", W.OFFICIALS, FIRST_ANSWER, ("official", "question")),
        # The official's first substantive answer opens the conversation and records the first-response time.
        (S.ASSIGNED, A.ANSWER): Edge(S.IN_DIALOGUE, "official", W.OFFICIALS, ANSWER, TEXT),
        # A first answer may also be a question back; it counts as the first response too.
        (S.ASSIGNED, A.ASK): Edge(S.AWAITING_INITIATIVE, "official", W.INITIATIVE, INITIATIVE, TEXT),
        # Each later answer starts a fresh answer clock: the municipality owes the next step until an outcome.
        (S.IN_DIALOGUE, A.ANSWER): Edge(S.IN_DIALOGUE, "official", W.OFFICIALS, ANSWER, TEXT),
        # The official needs something from the initiative: the ball goes to its court.
        (S.IN_DIALOGUE, A.ASK): Edge(S.AWAITING_INITIATIVE, "official", W.INITIATIVE, INITIATIVE, TEXT),
        # The lead (or the coordinator) proposes a reasoned outcome; the initiative has time to react.
        (S.IN_DIALOGUE, A.PROPOSE): Edge(
            S.OUTCOME_PROPOSED, "lead", W.INITIATIVE, OUTCOME_REACTION, ("outcome_type", "summary", "reasoning")
        ),
        # The initiative answers the question; the officials' answer clock starts.
        (S.AWAITING_INITIATIVE, A.REPLY): Edge(S.IN_DIALOGUE, "initiative", W.OFFICIALS, ANSWER, TEXT),
        # The initiative's time ran out: the dialogue does not stall, the officials carry on.
        (S.AWAITING_INITIATIVE, A.INITIATIVE_TIME_UP): Edge(S.IN_DIALOGUE, "system", W.OFFICIALS, ANSWER),
        # The initiative agrees with the proposed outcome.
        (S.OUTCOME_PROPOSED, A.ACCEPT): Edge(S.CONCLUDED, "initiative", W.NOBODY, STOP),
        # Nobody objected within the deadline: silence counts as acceptance, so no dialogue stays open forever.
        (S.OUTCOME_PROPOSED, A.NO_OBJECTION): Edge(S.CONCLUDED, "system", W.NOBODY, STOP),
        # The initiative disagrees and says why; the coordinator decides.
        (S.OUTCOME_PROPOSED, A.CONTEST): Edge(S.CONTESTED, "initiative", W.COORDINATOR, TRIAGE, REASON),
        # The coordinator (or the board member asked to decide) finds the contest right: talk on.
        (S.CONTESTED, A.RESUME): Edge(S.IN_DIALOGUE, "decider", W.OFFICIALS, ANSWER, REASON),
        # ... or finds the outcome sound: it stands, and the reason is public.
        (S.CONTESTED, A.UPHOLD): Edge(S.CONCLUDED, "decider", W.NOBODY, STOP, REASON),
        # The coordinator may hand the decision to the district board member, who gets an answer clock.
        (S.CONTESTED, A.ESCALATE): Edge(
            S.CONTESTED, "coordinator", W.OFFICIALS, ANSWER, ("official", "reason"), reason_is_internal=True
        ),
        # Within the district's reopen window the initiative may ask to reopen, with a reason.
        (S.CONCLUDED, A.REQUEST_REOPEN): Edge(S.REOPENED, "initiative", W.COORDINATOR, TRIAGE, REASON),
        # The coordinator agrees: the dialogue continues where it stopped.
        (S.REOPENED, A.REOPEN): Edge(S.IN_DIALOGUE, "coordinator", W.OFFICIALS, ANSWER, REASON),
        # ... or does not: the outcome stands, with the coordinator's reason.
        (S.REOPENED, A.REFUSE_REOPEN): Edge(S.CONCLUDED, "coordinator", W.NOBODY, STOP, REASON),
    },
    order=Action.values,
)

for _state in OPEN_STATES:
    # The initiative may always stop, with a reason: participation is voluntary.
    TRANSITIONS[(_state, A.WITHDRAW)] = Edge(S.WITHDRAWN, "initiative", W.NOBODY, STOP, REASON)
    # The coordinator closes a duplicate or a question the municipality cannot answer, saying where to go.
    TRANSITIONS[(_state, A.CLOSE)] = Edge(
        S.CLOSED, "coordinator", W.NOBODY, STOP, ("closure_kind", "reason", "referral")
    )
    # Officials and coordinators keep notes for each other; they change nothing and nobody else sees them.
    TRANSITIONS[(_state, A.NOTE)] = Edge(_state, "staff", required=TEXT)
    # What both sides agreed elsewhere (a consultation, a meeting) goes on the public record; the turn stays.
    TRANSITIONS[(_state, A.RECORD)] = Edge(_state, "coordinator", required=TEXT)
    # The initiative may add to the conversation at any time; whoever's clock runs keeps running.
    if (_state, A.REPLY) not in TRANSITIONS:
        TRANSITIONS[(_state, A.REPLY)] = Edge(_state, "initiative", required=TEXT)
    if _state != S.REQUESTED:
        # People change jobs or fall ill: the coordinator hands the lead to someone else; the clock keeps running.
        TRANSITIONS[(_state, A.REASSIGN)] = Edge(
            _state, "coordinator", required=("official", "reason"), reason_is_internal=True
        )
        # A question may need a second department; the lead stays.
        TRANSITIONS[(_state, A.ADD_OFFICIAL)] = Edge(_state, "coordinator", required=("official",))
    if _state in (S.AWAITING_INITIATIVE, S.OUTCOME_PROPOSED, S.CONTESTED):
        # Officials may add something while they wait for the other side; its clock keeps running.
        TRANSITIONS[(_state, A.ANSWER)] = Edge(_state, "official", required=TEXT)

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

# What each action does, wherever the table has it. The handlers are the `_<name>` methods of
# `dialogues.services.DialogueFlow`; the audiences of the notices its `_to_<name>` methods.
CHECKS: dict[str, tuple[str, ...]] = {
    A.ASSIGN: ("official_of_district",),
    A.REASSIGN: ("official_of_district", "not_lead_yet"),
    A.ADD_OFFICIAL: ("official_of_district", "not_assigned_yet"),
    A.ESCALATE: ("official_of_district", "board_member"),
    A.PROPOSE: ("proposal",),
    A.CLOSE: ("closure_kind",),
}
GUARDS: dict[str, tuple[str, ...]] = {
    # The platform moves on only once the clock has run out.
    A.INITIATIVE_TIME_UP: ("deadline_passed",),
    A.NO_OBJECTION: ("deadline_passed",),
    # The reopen window is counted in the district's working days after the conclusion.
    A.REQUEST_REOPEN: ("within_reopen_window",),
}
EFFECTS: dict[str, tuple[str, ...]] = {
    A.ASSIGN: ("set_question", "assign_lead"),
    A.REASSIGN: ("assign_lead",),
    A.ADD_OFFICIAL: ("add_official",),
    A.ESCALATE: ("add_official", "mark_escalated"),
    A.ANSWER: ("post_message", "first_response"),
    A.ASK: ("post_message", "first_response"),
    A.REPLY: ("post_message",),
    A.NOTE: ("post_message",),
    A.RECORD: ("post_message",),
    A.PROPOSE: ("propose_outcome",),
    A.ACCEPT: ("settle_outcome",),
    A.NO_OBJECTION: ("settle_outcome",),
    A.UPHOLD: ("settle_outcome",),
    A.CONTEST: ("contest_outcome",),
    A.RESUME: ("return_outcome",),
    A.REOPEN: ("supersede_outcome",),
    A.WITHDRAW: ("end", "lapse_outcome"),
    A.CLOSE: ("end", "lapse_outcome", "record_closure"),
}
# Who hears of it. The side that acted never hears of its own act; internal notes notify nobody: staff
# read them in place.
INITIATIVE_AND_OFFICIALS = ("initiators", "officials")
NOTICES: dict[str, tuple[Notice, ...]] = {
    A.ASSIGN: (Notice("dialogue_assigned", ("official",)), Notice("dialogue_assigned_initiative", ("initiators",))),
    A.REASSIGN: (Notice("dialogue_reassigned", ("official",)),),
    A.ADD_OFFICIAL: (Notice("dialogue_official_added", ("official",)),),
    A.ESCALATE: (Notice("dialogue_escalated", ("official",)),),
    A.ASK: (Notice("dialogue_question", ("initiators",)),),
    A.ANSWER: (Notice("dialogue_message", ("initiators",)),),
    # Before anyone is assigned, the coordinator reads the initiative's messages.
    A.REPLY: (Notice("dialogue_message", ("officials_or_coordinators",)),),
    A.RECORD: (Notice("dialogue_agreed_points", INITIATIVE_AND_OFFICIALS),),
    A.PROPOSE: (Notice("dialogue_outcome_proposed", ("initiators",), extra=("summary",)),),
    A.CONTEST: (Notice("dialogue_contested", ("coordinators",)),),
    A.RESUME: (Notice("dialogue_resumed", INITIATIVE_AND_OFFICIALS),),
    A.ACCEPT: (Notice("dialogue_concluded", (*INITIATIVE_AND_OFFICIALS, "followers"), extra=("summary",)),),
    A.NO_OBJECTION: (Notice("dialogue_concluded", (*INITIATIVE_AND_OFFICIALS, "followers"), extra=("summary",)),),
    A.UPHOLD: (Notice("dialogue_concluded", (*INITIATIVE_AND_OFFICIALS, "followers"), extra=("summary",)),),
    A.INITIATIVE_TIME_UP: (Notice("dialogue_initiative_time_up", INITIATIVE_AND_OFFICIALS),),
    A.REQUEST_REOPEN: (Notice("dialogue_reopen_requested", ("coordinators",)),),
    A.REOPEN: (Notice("dialogue_reopened", INITIATIVE_AND_OFFICIALS),),
    A.REFUSE_REOPEN: (Notice("dialogue_reopen_refused", ("initiators",)),),
    A.WITHDRAW: (Notice("dialogue_withdrawn", ("officials", "coordinators")),),
    A.CLOSE: (Notice("dialogue_closed", INITIATIVE_AND_OFFICIALS),),
}

TRANSITIONS.attach(checks=CHECKS, guards=GUARDS, effects=EFFECTS, notices=NOTICES)


def transition_for(state: str, action: str) -> Edge | None:
    """Return the edge for `action` in `state`, or None when the table does not allow it there."""
    return TRANSITIONS.lookup(state, action)


def actions_from(state: str) -> list[str]:
    """Return the actions the table allows in `state`, in the order of `Action`."""
    return TRANSITIONS.actions_from(state)


def who_may(action: str) -> str:
    """Return the side that may take `action` (the same in every state where it applies)."""
    sides = TRANSITIONS.sides_of(action)
    if len(sides) != 1:
        raise ValueError(f"Action {action!r} must have one side in the table, not {sides}.")
    return sides.pop()


def diagram() -> str:
    """Return the table as a Mermaid state diagram (for the README).

    Edges that leave every open state alike (withdraw, close) are drawn once, from a note.
    """
    return TRANSITIONS.describe(group=OPEN_STATES, group_name="open")
