"""Every write to a dialogue. `dialogue_transition` is the one path that changes a dialogue's state."""

from datetime import date, datetime
from typing import Any

import rules
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import Role, User
from accounts.rules import is_district_coordinator
from dialogues.audience import announce, coordinators_of, followers_of, initiators_of, officials_of
from dialogues.deadlines import deadline_text, reopen_deadline
from dialogues.errors import ActionNotAllowed, ActionRefused, DialogueChanged
from dialogues.history import actor_snapshot, append_event
from dialogues.models import (
    REASONING_MIN_LENGTH,
    SUMMARY_MAX_LENGTH,
    Commitment,
    Dialogue,
    DialogueAssignment,
    Message,
    Outcome,
    WaitingOn,
)
from dialogues.rules import active_assignments
from dialogues.workflow import FIRST_ANSWER, KEEP, MESSAGE_KINDS, OPENED, STOP, Action, transition_for
from districts.workdays import add_working_days, load_holidays, local_date, working_days_between
from initiatives.models import Initiative
from mokum.languages import content_language

A = Action
S = Dialogue.State
TEXT_MAX_LENGTH = 6000


# -- small helpers -----------------------------------------------------------------------------------


def _official_role(user, district_id):
    return (
        Role.objects.filter(user=user, kind=Role.Kind.OFFICIAL, district_id=district_id)
        .select_related("department")
        .first()
    )


def _start_clock(dialogue, waiting_on, setting, now, holidays) -> None:
    days = getattr(dialogue.district, setting)
    dialogue.waiting_on = waiting_on
    dialogue.clock += 1
    dialogue.turn_started_at = now
    dialogue.turn_days = days
    dialogue.deadline_at = add_working_days(now, days, holidays)
    dialogue.long_overdue_at = add_working_days(now, 2 * days, holidays)


def _stop_clock(dialogue) -> None:
    dialogue.waiting_on = WaitingOn.NOBODY
    dialogue.turn_started_at = None
    dialogue.turn_days = None
    dialogue.deadline_at = None
    dialogue.long_overdue_at = None


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
        _start_clock(dialogue, WaitingOn.COORDINATOR, "triage_days", now, holidays)
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

FIELD_MESSAGES = {
    "text": gettext_lazy("Write your message."),
    "reason": gettext_lazy("Give a reason."),
    "official": gettext_lazy("Choose an official."),
    "question": gettext_lazy("State the question the dialogue is about."),
    "outcome_type": gettext_lazy("Choose the kind of outcome."),
    "summary": gettext_lazy("Summarise the outcome in one sentence."),
    "reasoning": gettext_lazy("Explain the outcome."),
    "closure_kind": gettext_lazy("Choose why the dialogue is closed."),
    "referral": gettext_lazy("Say where the initiative can go instead."),
}


def _validate(dialogue, action, edge, fields, commitments, now) -> None:  # noqa: C901 - to be split with the one workflow engine
    errors: dict[str, Any] = {}
    for name in edge.required:
        if not fields.get(name):
            errors[name] = str(FIELD_MESSAGES[name])
    for name in ("text", "reason", "reasoning", "referral", "question"):
        if len(fields.get(name) or "") > TEXT_MAX_LENGTH:
            errors[name] = _("Keep this under %(max)d characters.") % {"max": TEXT_MAX_LENGTH}
    if action == A.PROPOSE:
        reasoning, summary = fields["reasoning"], fields["summary"]
        if reasoning and len(reasoning) < REASONING_MIN_LENGTH:
            errors["reasoning"] = _(
                "Explain the outcome in at least %(min)d characters (now %(count)d), so the initiative and "
                "everyone reading along can follow the reasoning."
            ) % {"min": REASONING_MIN_LENGTH, "count": len(reasoning)}
        if len(summary) > SUMMARY_MAX_LENGTH:
            errors["summary"] = _("Keep the summary to %(max)d characters (now %(count)d).") % {
                "max": SUMMARY_MAX_LENGTH,
                "count": len(summary),
            }
        if fields["outcome_type"] and fields["outcome_type"] not in Outcome.Type.values:
            errors["outcome_type"] = _("Choose one of the kinds of outcome.")
        problems = []
        today = local_date(now)
        for number, item in enumerate(commitments, start=1):
            if not (item.get("what") or "").strip():
                problems.append(_("Commitment %(n)d: say what will be done.") % {"n": number})
            if not item.get("owner") and not (item.get("owner_label") or "").strip():
                problems.append(_("Commitment %(n)d: say who does it.") % {"n": number})
            due = item.get("due_date")
            if not isinstance(due, date):
                problems.append(_("Commitment %(n)d: give a due date.") % {"n": number})
            elif due < today:
                problems.append(_("Commitment %(n)d: the due date has passed already.") % {"n": number})
        if problems:
            errors["commitments"] = problems
    if action == A.CLOSE and fields["closure_kind"] and fields["closure_kind"] not in Dialogue.ClosureKind.values:
        errors["closure_kind"] = _("Choose why the dialogue is closed.")
    official = fields.get("official")
    if official is not None and "official" in edge.required:
        role = _official_role(official, dialogue.district_id)
        current = {a.official_id: a for a in active_assignments(dialogue)}
        if role is None:
            errors["official"] = _("%(name)s is not an official of %(district)s.") % {
                "name": official.display_name,
                "district": dialogue.district.name,
            }
        elif action == A.ESCALATE and role.job_title != Role.JobTitle.BOARD_MEMBER:
            errors["official"] = _("Choose a district board member.")
        elif action == A.REASSIGN and current.get(official.pk) is not None and current[official.pk].is_lead:
            errors["official"] = _("%(name)s is the lead official already.") % {"name": official.display_name}
        elif action == A.ADD_OFFICIAL and official.pk in current:
            errors["official"] = _("%(name)s is assigned already.") % {"name": official.display_name}
    if errors:
        raise ValidationError(errors)


def _assign(dialogue, official, *, lead, actor, now) -> DialogueAssignment:
    """Assign `official` with the department and job title of their role in the dialogue's district."""
    role = _official_role(official, dialogue.district_id)
    current = next((a for a in active_assignments(dialogue) if a.official_id == official.pk), None)
    if current is not None:
        if not lead or current.is_lead:
            return current
        current.ended_at = now  # a member becomes the lead: one row per spell in a role
        current.save(update_fields=["ended_at"])
    if lead:
        for assignment in active_assignments(dialogue):
            if assignment.is_lead:
                assignment.ended_at = now
                assignment.save(update_fields=["ended_at"])
    assignment = DialogueAssignment.objects.create(
        dialogue=dialogue,
        official=official,
        official_name=official.display_name[:80],
        is_lead=lead,
        department=role.department,
        department_name=role.department.name[:120] if role.department_id else "",
        job_title=role.job_title,
        assigned_at=now,
        assigned_by=actor,
    )
    dialogue._active_assignments = None
    active_assignments(dialogue)
    return assignment


def _pending_outcome(dialogue):
    return dialogue.outcomes.filter(status__in=Outcome.Status.pending()).first()


def _settle(dialogue, outcome, settlement, now, holidays) -> None:
    outcome.status = Outcome.Status.ACCEPTED
    outcome.settlement = settlement
    outcome.settled_at = now
    outcome.save()
    dialogue.outcome_type = outcome.type
    dialogue.concluded_at = now
    # Kept for the statistics: working days from opening to the outcome.
    dialogue.outcome_days = max(working_days_between(dialogue.created_at, now, holidays), 0)


def _record_first_response(dialogue, now, holidays) -> None:
    """Record the first answer: when, how many working days after its turn started, and whether in time."""
    dialogue.first_response_at = now
    if dialogue.turn_started_at is not None:
        dialogue.first_response_days = max(working_days_between(dialogue.turn_started_at, now, holidays), 0)
    if dialogue.deadline_at is not None:
        dialogue.first_response_on_time = now <= dialogue.deadline_at


def dialogue_transition(  # noqa: C901 - to be split with the one workflow engine
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

    Locks the row, refuses a stale form (`expected_version`), checks the transition table and the
    actor's permission, validates the edge's fields, applies the change, appends the event, moves the
    clock and notifies the other side after commit. Anything refused raises and changes nothing.
    """
    now = now or timezone.now()
    fields: dict[str, Any] = {
        "text": (text or "").strip(),
        "reason": (reason or "").strip(),
        "official": official,
        "question": (question or "").strip(),
        "outcome_type": outcome_type or "",
        "summary": (summary or "").strip(),
        "reasoning": (reasoning or "").strip(),
        "closure_kind": closure_kind or "",
        "referral": (referral or "").strip(),
    }
    holidays = load_holidays()
    with transaction.atomic():
        d = (
            Dialogue.objects.select_for_update(of=("self",))
            .select_related("district", "initiative")
            .get(pk=dialogue.pk)
        )
        if expected_version is not None and d.version != expected_version:
            raise DialogueChanged(
                _(
                    "This dialogue changed while you were looking at it. Reload the page to see what is new; "
                    "what you wrote is kept below."
                )
            )
        edge = transition_for(d.state, action)
        if edge is None:
            raise ActionNotAllowed(
                _("This is not possible while the dialogue is “%(state)s”.") % {"state": d.get_state_display()}
            )
        if actor is None:
            if edge.who != "system":
                raise ActionRefused(_("Only a person can do this."))
        elif edge.who == "system" or not rules.has_perm(f"dialogues.{action}", actor, d):
            raise ActionRefused(_("You cannot do this in this dialogue."))
        if action == A.ASSIGN and not fields["question"]:
            fields["question"] = d.question
        _validate(d, action, edge, fields, commitments, now)

        if edge.who == "system" and not (d.deadline_at and d.deadline_at < now):
            raise ActionNotAllowed(_("The deadline has not passed yet."))
        if action == A.REQUEST_REOPEN:
            limit = reopen_deadline(d, holidays)
            if limit is None or now > limit:
                days = d.district.reopen_days
                raise ActionNotAllowed(
                    ngettext(
                        "A dialogue can be reopened within %(days)d working day after it concluded; that time is over.",
                        "A dialogue can be reopened within %(days)d working days after it concluded; "
                        "that time is over.",
                        days,
                    )
                    % {"days": days}
                )

        from_state, old_clock = d.state, d.clock
        params: dict[str, Any] = {}
        message = None
        outcome: Outcome | None
        if action in MESSAGE_KINDS:
            message = Message.objects.create(
                dialogue=d,
                author=actor,
                kind=MESSAGE_KINDS[action],
                text=fields["text"],
                language=content_language(language),
                is_internal=action == A.NOTE,
                clock=old_clock,
                created_at=now,
                **actor_snapshot(actor, d, edge.who),
            )
            params["message_id"] = message.pk
            if action in (A.ANSWER, A.ASK) and d.first_response_at is None:
                _record_first_response(d, now, holidays)

        if action in (A.ASSIGN, A.REASSIGN):
            if action == A.ASSIGN:
                d.question = fields["question"]
            params["official"] = _assign(d, official, lead=True, actor=actor, now=now).official_name
        elif action in (A.ADD_OFFICIAL, A.ESCALATE):
            params["official"] = _assign(d, official, lead=False, actor=actor, now=now).official_name
            if action == A.ESCALATE:
                d.escalated_at = now
        elif action == A.PROPOSE:
            outcome = Outcome.objects.create(
                dialogue=d,
                type=fields["outcome_type"],
                summary=fields["summary"],
                reasoning=fields["reasoning"],
                decided_by=actor,
                decided_at=now,
                **actor_snapshot(actor, d, edge.who),
            )
            for item in commitments:
                owner = item.get("owner")
                Commitment.objects.create(
                    dialogue=d,
                    outcome=outcome,
                    what=item["what"].strip()[:300],
                    owner=owner,
                    owner_label=(
                        (item.get("owner_label") or "").strip() or (owner.display_name if owner is not None else "")
                    )[:120],
                    due_date=item["due_date"],
                    created_at=now,
                )
            params["outcome_id"] = outcome.pk
        elif action in (A.ACCEPT, A.NO_OBJECTION, A.UPHOLD):
            settlements: dict[str, str] = {
                A.ACCEPT: Outcome.Settlement.BY_INITIATIVE,
                A.NO_OBJECTION: Outcome.Settlement.BY_DEADLINE,
                A.UPHOLD: Outcome.Settlement.UPHELD,
            }
            settlement = settlements[action]
            outcome = _pending_outcome(d)
            _settle(d, outcome, settlement, now, holidays)
            params["outcome_id"] = outcome.pk
        elif action == A.CONTEST:
            outcome = _pending_outcome(d)
            outcome.status = Outcome.Status.CONTESTED
            outcome.save()
            params["outcome_id"] = outcome.pk
        elif action == A.RESUME:
            # Its commitments no longer stand (CommitmentQuerySet.live); a new proposal brings its own.
            outcome = _pending_outcome(d)
            outcome.status = Outcome.Status.RETURNED
            outcome.settled_at = now
            outcome.save()
            params["outcome_id"] = outcome.pk
        elif action == A.REOPEN:
            outcome = d.outcomes.filter(status=Outcome.Status.ACCEPTED).first()
            if outcome is not None:
                outcome.status = Outcome.Status.SUPERSEDED
                outcome.save()
                params["outcome_id"] = outcome.pk
            d.outcome_type = ""
            d.concluded_at = None
            d.outcome_days = None
        elif action in (A.WITHDRAW, A.CLOSE):
            d.ended_at = now
            outcome = _pending_outcome(d)
            if outcome is not None:
                outcome.status = Outcome.Status.LAPSED
                outcome.settled_at = now
                outcome.save()
            if action == A.CLOSE:
                d.closure_kind = fields["closure_kind"]
                d.referral = fields["referral"]

        d.state = edge.next_state
        if edge.clock == STOP:
            _stop_clock(d)
        elif edge.clock != KEEP:
            _start_clock(d, edge.waiting_on, edge.clock, now, holidays)
            if edge.clock == FIRST_ANSWER:
                d.first_answer_due_at = d.deadline_at
        d.version += 1
        d.save()
        append_event(
            d,
            action=action,
            from_state=from_state,
            actor=actor,
            who=edge.who,
            now=now,
            reason=fields["reason"],
            internal=edge.reason_is_internal,
            params=params,
        )
        _notify_transition(d, action, actor, params, official)
    return d


def _notify_transition(d, action, actor, params, official) -> None:  # noqa: C901 - to be split with the one workflow engine
    """Tell the people concerned, after commit; the side that acted does not hear about its own act."""
    key = f"dialogue-{d.pk}-v{d.version}"
    author = actor.display_name if actor else ""
    info = {"deadline": deadline_text(d.deadline_at), "author": author, "official": params.get("official", "")}
    if action == A.ASSIGN:
        announce("dialogue_assigned", [official], actor, d, info, key)
        announce("dialogue_assigned_initiative", initiators_of(d), actor, d, info, key)
    elif action == A.REASSIGN:
        announce("dialogue_reassigned", [official], actor, d, info, key)
    elif action == A.ADD_OFFICIAL:
        announce("dialogue_official_added", [official], actor, d, info, key)
    elif action == A.ESCALATE:
        announce("dialogue_escalated", [official], actor, d, info, key)
    elif action == A.ASK:
        announce("dialogue_question", initiators_of(d), actor, d, info, key)
    elif action == A.ANSWER:
        announce("dialogue_message", initiators_of(d), actor, d, info, key)
    elif action == A.REPLY:
        announce("dialogue_message", officials_of(d) or coordinators_of(d), actor, d, info, key)
    elif action == A.RECORD:
        announce("dialogue_agreed_points", initiators_of(d) + officials_of(d), actor, d, info, key)
    elif action == A.PROPOSE:
        outcome = Outcome.objects.get(pk=params["outcome_id"])
        announce("dialogue_outcome_proposed", initiators_of(d), actor, d, {**info, "summary": outcome.summary}, key)
    elif action == A.CONTEST:
        announce("dialogue_contested", coordinators_of(d), actor, d, info, key)
    elif action == A.RESUME:
        announce("dialogue_resumed", initiators_of(d) + officials_of(d), actor, d, info, key)
    elif d.state == S.CONCLUDED and action != A.REFUSE_REOPEN:
        outcome = Outcome.objects.get(pk=params["outcome_id"])
        people = initiators_of(d) + officials_of(d) + followers_of(d)
        announce("dialogue_concluded", people, actor, d, {**info, "summary": outcome.summary}, key)
    elif action == A.INITIATIVE_TIME_UP:
        announce("dialogue_initiative_time_up", initiators_of(d) + officials_of(d), actor, d, info, key)
    elif action == A.REQUEST_REOPEN:
        announce("dialogue_reopen_requested", coordinators_of(d), actor, d, info, key)
    elif action == A.REOPEN:
        announce("dialogue_reopened", initiators_of(d) + officials_of(d), actor, d, info, key)
    elif action == A.REFUSE_REOPEN:
        announce("dialogue_reopen_refused", initiators_of(d), actor, d, info, key)
    elif action == A.WITHDRAW:
        announce("dialogue_withdrawn", officials_of(d) + coordinators_of(d), actor, d, info, key)
    elif action == A.CLOSE:
        announce("dialogue_closed", initiators_of(d) + officials_of(d), actor, d, info, key)
    # Internal notes notify nobody outside the municipality, and no one inside either: staff read them in place.
