"""Every write to a dialogue. `dialogue_transition` is the one path that changes a dialogue's state."""

from datetime import datetime
from typing import Any

import rules
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.rules import is_district_coordinator
from dialogues.audience import announce, coordinators_of, followers_of, initiators_of
from dialogues.deadlines import deadline_text
from dialogues.errors import ActionRefused
from dialogues.flow import DIALOGUE_FLOW, start_clock
from dialogues.history import append_event
from dialogues.models import Dialogue, WaitingOn
from dialogues.workflow import OPENED
from districts.workdays import load_holidays
from initiatives.models import Initiative
from mokum.languages import content_language
from mokum.workflow import take

S = Dialogue.State


# -- opening -----------------------------------------------------------------------------------------


def dialogue_open(*, initiative, question: str, actor, now: datetime | None = None) -> Dialogue:
    """Open a dialogue for an active initiative (a coordinator, or its initiators asking for one).

    Either way it waits on the district's coordinator to assign the lead official.
    """
    now = now or timezone.now()
    question = (question or "").strip()
    holidays = load_holidays()
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update(of=("self",)).select_related("district").get(pk=initiative.pk)
        if not rules.has_perm("dialogues.open_dialogue", actor, initiative):
            raise ActionRefused(
                _("Only the initiators or a coordinator of the district can open a dialogue, for an active initiative.")
            )
        who = "coordinator" if is_district_coordinator(actor, initiative) else "initiative"
        if not question:
            raise ValidationError({"question": _("State the question the dialogue is about.")})
        if len(question) > 3000:
            raise ValidationError({"question": _("Keep the question under 3000 characters.")})
        dialogue = Dialogue(
            initiative=initiative,
            district=initiative.district,
            question=question,
            state=S.REQUESTED,
            opened_by=actor,
            created_at=now,
            clock=0,
        )
        start_clock(dialogue, WaitingOn.COORDINATOR, "triage_days", now, holidays)
        dialogue.save()
        # The prefetch's to_attr (selectors.ACTIVE_ASSIGNMENTS): django-stubs knows it only on prefetched querysets.
        dialogue._active_assignments = []  # type: ignore[attr-defined]
        append_event(dialogue, action=OPENED, from_state="", actor=actor, who=who, now=now)
        key = f"dialogue-{dialogue.pk}-opened"
        announce("dialogue_opened", initiators_of(dialogue) + followers_of(dialogue), actor, dialogue, {}, key)
        if who == "initiative":
            deadline = {"deadline": deadline_text(dialogue.deadline_at)}
            announce("dialogue_requested", coordinators_of(dialogue), actor, dialogue, deadline, f"{key}-request")
    return dialogue


# -- the one write path ------------------------------------------------------------------------------


def dialogue_transition(
    *,
    dialogue: Dialogue,
    action: str,
    actor: User | None,
    now: datetime | None = None,
    expected_version: int | None = None,
    text: str = "",
    language: str = "",
    reason: str = "",
    official: User | None = None,
    question: str = "",
    outcome_type: str = "",
    summary: str = "",
    reasoning: str = "",
    commitments: list[dict] | tuple = (),
    closure_kind: str = "",
    referral: str = "",
) -> Dialogue:
    """Take `action` on the dialogue for `actor` (None: the platform itself) and return the changed dialogue.

    The workflow engine locks the row, refuses a stale form (`expected_version`), checks the transition
    table and the actor's permission, validates the edge's fields, runs its effects, appends the event,
    moves the clock and notifies the other side after commit (dialogues/flow.py holds the handlers).
    Anything refused raises and changes nothing.
    """
    fields: dict[str, Any] = {
        "text": (text or "").strip(),
        # The language the message is written in; the interface's when the form does not say.
        "language": content_language(language),
        "reason": (reason or "").strip(),
        "official": official,
        "question": (question or "").strip(),
        "outcome_type": outcome_type or "",
        "summary": (summary or "").strip(),
        "reasoning": (reasoning or "").strip(),
        "closure_kind": closure_kind or "",
        "referral": (referral or "").strip(),
    }
    step = take(
        DIALOGUE_FLOW,
        obj=dialogue,
        action=action,
        actor=actor,
        fields=fields,
        now=now,
        expected_version=expected_version,
        context={"holidays": load_holidays(), "commitments": commitments},
    )
    return step.obj
