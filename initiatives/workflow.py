"""The life of an initiative as one transition table: (status, action) → Edge (the workflow core, mokum/workflow.py).

`initiatives.services.initiative_transition` is the only code that changes an initiative's status; the
engine looks the edge up here, checks its permission (`who`) on the locked row, runs its effects, records
the change in the history and writes its notices. What each action does wherever it is taken is in the
tables below the transitions.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative
from mokum.workflow import Edge, Notice, Table

S = Initiative.Status


class Action(models.TextChoices):
    SUBMIT = "submit", _("submit for intake")
    ANSWER = "answer", _("answer the question and submit again")
    TAKE_UP = "take_up", _("take up for intake")
    ACCEPT = "accept", _("accept")
    ASK = "ask", _("ask for more information")
    REFUSE = "refuse", _("do not accept")
    WITHDRAW = "withdraw", _("withdraw")
    REALISE = "realise", _("mark as realised")
    STRAND = "strand", _("mark as stranded")


INTAKE = "initiatives.intake_initiative"
SUBMIT = "initiatives.submit_initiative"
WITHDRAW = "initiatives.withdraw_initiative"
CONCLUDE = "initiatives.conclude_initiative"

TRANSITIONS: Table = Table(
    {
        # The initiators say it is ready; it joins the district's intake queue.
        (S.DRAFT, Action.SUBMIT): Edge(S.SUBMITTED, SUBMIT),
        # They answer the coordinator's question in writing; it goes back into the queue at its original place,
        # and the coordinator reads the answer in the intake.
        (S.INFORMATION_REQUESTED, Action.ANSWER): Edge(S.SUBMITTED, SUBMIT),
        # Optional: a coordinator marks it as being looked at, so colleagues do not pick it up twice.
        (S.SUBMITTED, Action.TAKE_UP): Edge(S.INTAKE, INTAKE),
        # The intake decisions work straight from the queue or after taking it up.
        (S.SUBMITTED, Action.ACCEPT): Edge(S.ACTIVE, INTAKE),
        (S.INTAKE, Action.ACCEPT): Edge(S.ACTIVE, INTAKE),
        (S.SUBMITTED, Action.ASK): Edge(S.INFORMATION_REQUESTED, INTAKE),
        (S.INTAKE, Action.ASK): Edge(S.INFORMATION_REQUESTED, INTAKE),
        (S.SUBMITTED, Action.REFUSE): Edge(S.REFUSED, INTAKE),
        (S.INTAKE, Action.REFUSE): Edge(S.REFUSED, INTAKE),
        # Initiators may stop at any moment before the end; a public one stays readable as withdrawn.
        (S.DRAFT, Action.WITHDRAW): Edge(S.WITHDRAWN, WITHDRAW),
        (S.SUBMITTED, Action.WITHDRAW): Edge(S.WITHDRAWN, WITHDRAW),
        (S.INTAKE, Action.WITHDRAW): Edge(S.WITHDRAWN, WITHDRAW),
        (S.INFORMATION_REQUESTED, Action.WITHDRAW): Edge(S.WITHDRAWN, WITHDRAW),
        (S.ACTIVE, Action.WITHDRAW): Edge(S.WITHDRAWN, WITHDRAW),
        # The end of an active initiative: done, or it got stuck. Initiators or the coordinator say so.
        (S.ACTIVE, Action.REALISE): Edge(S.REALISED, CONCLUDE),
        (S.ACTIVE, Action.STRAND): Edge(S.STRANDED, CONCLUDE),
    }
)

# Actions that need a written text: the coordinator's question, or the reason for not accepting.
NOTE_REQUIRED = {Action.ASK, Action.REFUSE}
# Actions where the initiators write to the coordinator: their answer to the question.
ANSWER_REQUIRED = {Action.ANSWER}


# What each action does, wherever the table has it: the `_<name>` handlers and `_to_<name>` audiences of
# `initiatives.services.InitiativeFlow`.
EFFECTS: dict[str, tuple[str, ...]] = {
    Action.SUBMIT: ("queue",),
    Action.ANSWER: ("queue", "keep_answer"),
    Action.ACCEPT: ("mark_accepted", "keep_note"),
    Action.ASK: ("keep_note",),
    Action.REFUSE: ("keep_note",),
}
NOTICES: dict[str, tuple[Notice, ...]] = {
    # The district's coordinators work from the intake queue.
    Action.SUBMIT: (Notice("initiative_submitted", ("coordinators",), extra=("note",), link="intake"),),
    Action.ANSWER: (Notice("initiative_answered", ("coordinators",), extra=("answer",), link="intake"),),
    Action.ACCEPT: (Notice("initiative_accepted", ("initiators",), extra=("note",)),),
    Action.ASK: (Notice("initiative_information_requested", ("initiators",), extra=("note",)),),
    Action.REFUSE: (Notice("initiative_refused", ("initiators",), extra=("note",)),),
}
TRANSITIONS.attach(
    required={action: ("note",) for action in NOTE_REQUIRED | ANSWER_REQUIRED}, effects=EFFECTS, notices=NOTICES
)


def next_status(status: str, action: str) -> str | None:
    """Return the status `action` leads to from `status`, or None when it is not allowed there."""
    edge = TRANSITIONS.lookup(status, action)
    return edge.target if edge else None


def actions_from(status: str) -> list[str]:
    """Return the actions the table allows from `status`."""
    return TRANSITIONS.actions_from(status)


def diagram() -> str:
    """Return the table as a Mermaid state diagram."""
    return TRANSITIONS.describe()
