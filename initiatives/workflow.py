"""The life of an initiative as one transition table: (status, action) → (next status, permission).

`initiatives.services.initiative_transition` is the only code that changes an initiative's status; it
looks the edge up here, checks the permission on the locked row and records the change in the history.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative

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

TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    # The initiators say it is ready; it joins the district's intake queue.
    (S.DRAFT, Action.SUBMIT): (S.SUBMITTED, "initiatives.submit_initiative"),
    # They answer the coordinator's question in writing; it goes back into the queue at its original place,
    # and the coordinator reads the answer in the intake.
    (S.INFORMATION_REQUESTED, Action.ANSWER): (S.SUBMITTED, "initiatives.submit_initiative"),
    # Optional: a coordinator marks it as being looked at, so colleagues do not pick it up twice.
    (S.SUBMITTED, Action.TAKE_UP): (S.INTAKE, INTAKE),
    # The intake decisions work straight from the queue or after taking it up.
    (S.SUBMITTED, Action.ACCEPT): (S.ACTIVE, INTAKE),
    (S.INTAKE, Action.ACCEPT): (S.ACTIVE, INTAKE),
    (S.SUBMITTED, Action.ASK): (S.INFORMATION_REQUESTED, INTAKE),
    (S.INTAKE, Action.ASK): (S.INFORMATION_REQUESTED, INTAKE),
    (S.SUBMITTED, Action.REFUSE): (S.REFUSED, INTAKE),
    (S.INTAKE, Action.REFUSE): (S.REFUSED, INTAKE),
    # Initiators may stop at any moment before the end; a public one stays readable as withdrawn.
    (S.DRAFT, Action.WITHDRAW): (S.WITHDRAWN, "initiatives.withdraw_initiative"),
    (S.SUBMITTED, Action.WITHDRAW): (S.WITHDRAWN, "initiatives.withdraw_initiative"),
    (S.INTAKE, Action.WITHDRAW): (S.WITHDRAWN, "initiatives.withdraw_initiative"),
    (S.INFORMATION_REQUESTED, Action.WITHDRAW): (S.WITHDRAWN, "initiatives.withdraw_initiative"),
    (S.ACTIVE, Action.WITHDRAW): (S.WITHDRAWN, "initiatives.withdraw_initiative"),
    # The end of an active initiative: done, or it got stuck. Initiators or the coordinator say so.
    (S.ACTIVE, Action.REALISE): (S.REALISED, "initiatives.conclude_initiative"),
    (S.ACTIVE, Action.STRAND): (S.STRANDED, "initiatives.conclude_initiative"),
}

# Actions that need a written text: the coordinator's question, or the reason for not accepting.
NOTE_REQUIRED = {Action.ASK, Action.REFUSE}
# Actions where the initiators write to the coordinator: their answer to the question.
ANSWER_REQUIRED = {Action.ANSWER}


def next_status(status: str, action: str) -> str | None:
    """Return the status `action` leads to from `status`, or None when it is not allowed there."""
    edge = TRANSITIONS.get((status, action))
    return edge[0] if edge else None


def actions_from(status: str) -> list[str]:
    """Return the actions the table allows from `status`."""
    return [action for (source, action) in TRANSITIONS if source == status]
