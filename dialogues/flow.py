"""How a dialogue goes through the workflow engine: the named checks, guards, effects and audiences its
table (dialogues/workflow.py) refers to, and the clock every edge moves."""

from datetime import date
from typing import Any

import rules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import Role
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
from dialogues.workflow import FIRST_ANSWER, MESSAGE_KINDS, TRANSITIONS, Action
from districts.workdays import add_working_days, local_date, working_days_between
from mokum.languages import content_language
from mokum.workflow import KEEP, STOP, Flow, Notice, Step

A = Action
TEXT_MAX_LENGTH = 6000
LONG_FIELDS = ("text", "reason", "reasoning", "referral", "question")

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

SETTLEMENTS: dict[str, str] = {
    A.ACCEPT: Outcome.Settlement.BY_INITIATIVE,
    A.NO_OBJECTION: Outcome.Settlement.BY_DEADLINE,
    A.UPHOLD: Outcome.Settlement.UPHELD,
}


# -- clocks ------------------------------------------------------------------------------------------


def start_clock(dialogue, waiting_on, setting, now, holidays) -> None:
    """Give the turn to `waiting_on`, with the district's working days of `setting` from `now`."""
    days = getattr(dialogue.district, setting)
    dialogue.waiting_on = waiting_on
    dialogue.clock += 1
    dialogue.turn_started_at = now
    dialogue.turn_days = days
    dialogue.deadline_at = add_working_days(now, days, holidays)
    dialogue.long_overdue_at = add_working_days(now, 2 * days, holidays)


def stop_clock(dialogue) -> None:
    """Wait on nobody any more."""
    dialogue.waiting_on = WaitingOn.NOBODY
    dialogue.turn_started_at = None
    dialogue.turn_days = None
    dialogue.deadline_at = None
    dialogue.long_overdue_at = None


def official_role(user, district_id):
    """Return `user`'s official role in the district (with its department), or None."""
    return (
        Role.objects.filter(user=user, kind=Role.Kind.OFFICIAL, district_id=district_id)
        .select_related("department")
        .first()
    )


def _assign(dialogue, official, *, lead, actor, now) -> DialogueAssignment:
    """Assign `official` with the department and job title of their role in the dialogue's district."""
    role = official_role(official, dialogue.district_id)
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


def _commitment_problems(commitments, today) -> list[str]:
    problems = []
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
    return problems


class DialogueFlow(Flow):
    """The dialogue's side of the engine. Handlers are `_<name>`, audiences `_to_<name>`."""

    table = TRANSITIONS
    model = Dialogue
    state_field = "state"
    version_field = "version"
    related = ("district", "initiative")
    not_allowed_error = ActionNotAllowed
    refused_error = ActionRefused
    stale_error = DialogueChanged
    field_messages = FIELD_MESSAGES

    def not_allowed_message(self, obj) -> str:
        return _("This is not possible while the dialogue is “%(state)s”.") % {"state": obj.get_state_display()}

    def stale_message(self, obj) -> str:
        return _(
            "This dialogue changed while you were looking at it. Reload the page to see what is new; "
            "what you wrote is kept below."
        )

    def refusal(self, step: Step) -> str:
        # The platform takes only its own edges, and people never take those.
        if step.actor is None:
            return "" if step.edge.who == "system" else _("Only a person can do this.")
        if step.edge.who == "system" or not rules.has_perm(f"dialogues.{step.action}", step.actor, step.obj):
            return _("You cannot do this in this dialogue.")
        return ""

    def prepare(self, step: Step) -> None:
        if step.action == A.ASSIGN and not step.fields["question"]:
            step.fields["question"] = step.obj.question

    def field_problems(self, step: Step) -> dict[str, Any]:
        return {
            name: _("Keep this under %(max)d characters.") % {"max": TEXT_MAX_LENGTH}
            for name in LONG_FIELDS
            if len(step.fields.get(name) or "") > TEXT_MAX_LENGTH
        }

    def save_with_history(self, step: Step) -> None:
        d, edge = step.obj, step.edge
        if edge.clock == STOP:
            stop_clock(d)
        elif edge.clock != KEEP:
            start_clock(d, edge.waiting_on, edge.clock, step.now, step.context["holidays"])
            if edge.clock == FIRST_ANSWER:
                d.first_answer_due_at = d.deadline_at
        d.save()
        append_event(
            d,
            action=step.action,
            from_state=step.from_state,
            actor=step.actor,
            who=edge.who,
            now=step.now,
            reason=step.fields["reason"],
            internal=edge.reason_is_internal,
            params=step.params,
        )

    def announce(self, step: Step, notice: Notice, people: list) -> None:
        d, actor = step.obj, step.actor
        info = {
            "deadline": deadline_text(d.deadline_at),
            "author": actor.display_name if actor else "",
            "official": step.params.get("official", ""),
        }
        if "summary" in notice.extra:
            info["summary"] = Outcome.objects.get(pk=step.params["outcome_id"]).summary
        announce(notice.kind, people, actor, d, info, f"dialogue-{d.pk}-v{d.version}")

    # -- checks: field → problem ---------------------------------------------------------------------

    def chosen_role(self, step: Step):
        """Return the chosen official's role in the district, looked up once per step."""
        if "role" not in step.context:
            official = step.fields.get("official")
            step.context["role"] = official and official_role(official, step.obj.district_id)
        return step.context["role"]

    def _official_of_district(self, step: Step) -> dict[str, str]:
        official = step.fields.get("official")
        if official is not None and self.chosen_role(step) is None:
            return {
                "official": _("%(name)s is not an official of %(district)s.")
                % {"name": official.display_name, "district": step.obj.district.name}
            }
        return {}

    def _board_member(self, step: Step) -> dict[str, str]:
        role = self.chosen_role(step)
        if role and role.job_title != Role.JobTitle.BOARD_MEMBER:
            return {"official": _("Choose a district board member.")}
        return {}

    def _not_lead_yet(self, step: Step) -> dict[str, str]:
        official = step.fields.get("official")
        current = {a.official_id: a for a in active_assignments(step.obj)}
        if official is not None and official.pk in current and current[official.pk].is_lead:
            return {"official": _("%(name)s is the lead official already.") % {"name": official.display_name}}
        return {}

    def _not_assigned_yet(self, step: Step) -> dict[str, str]:
        official = step.fields.get("official")
        if official is not None and official.pk in {a.official_id for a in active_assignments(step.obj)}:
            return {"official": _("%(name)s is assigned already.") % {"name": official.display_name}}
        return {}

    def _proposal(self, step: Step) -> dict[str, Any]:
        reasoning, summary, kind = step.fields["reasoning"], step.fields["summary"], step.fields["outcome_type"]
        problems: dict[str, Any] = {}
        if reasoning and len(reasoning) < REASONING_MIN_LENGTH:
            problems["reasoning"] = _(
                "Explain the outcome in at least %(min)d characters (now %(count)d), so the initiative and "
                "everyone reading along can follow the reasoning."
            ) % {"min": REASONING_MIN_LENGTH, "count": len(reasoning)}
        if len(summary) > SUMMARY_MAX_LENGTH:
            problems["summary"] = _("Keep the summary to %(max)d characters (now %(count)d).") % {
                "max": SUMMARY_MAX_LENGTH,
                "count": len(summary),
            }
        if kind and kind not in Outcome.Type.values:
            problems["outcome_type"] = _("Choose one of the kinds of outcome.")
        commitments = _commitment_problems(step.context["commitments"], local_date(step.now))
        if commitments:
            problems["commitments"] = commitments
        return problems

    def _closure_kind(self, step: Step) -> dict[str, str]:
        kind = step.fields["closure_kind"]
        if kind and kind not in Dialogue.ClosureKind.values:
            return {"closure_kind": _("Choose why the dialogue is closed.")}
        return {}

    # -- guards --------------------------------------------------------------------------------------

    def _deadline_passed(self, step: Step) -> None:
        if not (step.obj.deadline_at and step.obj.deadline_at < step.now):
            raise ActionNotAllowed(_("The deadline has not passed yet."))

    def _within_reopen_window(self, step: Step) -> None:
        limit = reopen_deadline(step.obj, step.context["holidays"])
        if limit is None or step.now > limit:
            days = step.obj.district.reopen_days
            raise ActionNotAllowed(
                ngettext(
                    "A dialogue can be reopened within %(days)d working day after it concluded; that time is over.",
                    "A dialogue can be reopened within %(days)d working days after it concluded; that time is over.",
                    days,
                )
                % {"days": days}
            )

    # -- effects -------------------------------------------------------------------------------------

    def _set_question(self, step: Step) -> None:
        step.obj.question = step.fields["question"]

    def _assign_lead(self, step: Step) -> None:
        assignment = _assign(step.obj, step.fields["official"], lead=True, actor=step.actor, now=step.now)
        step.params["official"] = assignment.official_name

    def _add_official(self, step: Step) -> None:
        assignment = _assign(step.obj, step.fields["official"], lead=False, actor=step.actor, now=step.now)
        step.params["official"] = assignment.official_name

    def _mark_escalated(self, step: Step) -> None:
        step.obj.escalated_at = step.now

    def _post_message(self, step: Step) -> None:
        message = Message.objects.create(
            dialogue=step.obj,
            author=step.actor,
            kind=MESSAGE_KINDS[step.action],
            text=step.fields["text"],
            language=step.fields.get("language") or content_language(""),
            is_internal=step.action == A.NOTE,
            clock=step.obj.clock,
            created_at=step.now,
            **actor_snapshot(step.actor, step.obj, step.edge.who),
        )
        step.params["message_id"] = message.pk

    def _first_response(self, step: Step) -> None:
        """Record the first answer: when, how many working days after its turn started, and whether in time."""
        d, now = step.obj, step.now
        if d.first_response_at is not None:
            return
        d.first_response_at = now
        if d.turn_started_at is not None:
            d.first_response_days = max(working_days_between(d.turn_started_at, now, step.context["holidays"]), 0)
        if d.deadline_at is not None:
            d.first_response_on_time = now <= d.deadline_at

    def _propose_outcome(self, step: Step) -> None:
        fields = step.fields
        outcome = Outcome.objects.create(
            dialogue=step.obj,
            type=fields["outcome_type"],
            summary=fields["summary"],
            reasoning=fields["reasoning"],
            decided_by=step.actor,
            decided_at=step.now,
            **actor_snapshot(step.actor, step.obj, step.edge.who),
        )
        for item in step.context["commitments"]:
            owner = item.get("owner")
            label = (item.get("owner_label") or "").strip() or (owner.display_name if owner is not None else "")
            Commitment.objects.create(
                dialogue=step.obj,
                outcome=outcome,
                what=item["what"].strip()[:300],
                owner=owner,
                owner_label=label[:120],
                due_date=item["due_date"],
                created_at=step.now,
            )
        step.params["outcome_id"] = outcome.pk

    def _settle_outcome(self, step: Step) -> None:
        d, now = step.obj, step.now
        outcome = _pending_outcome(d)
        outcome.status = Outcome.Status.ACCEPTED
        outcome.settlement = SETTLEMENTS[step.action]
        outcome.settled_at = now
        outcome.save()
        d.outcome_type = outcome.type
        d.concluded_at = now
        # Kept for the statistics: working days from opening to the outcome.
        d.outcome_days = max(working_days_between(d.created_at, now, step.context["holidays"]), 0)
        step.params["outcome_id"] = outcome.pk

    def _contest_outcome(self, step: Step) -> None:
        outcome = _pending_outcome(step.obj)
        outcome.status = Outcome.Status.CONTESTED
        outcome.save()
        step.params["outcome_id"] = outcome.pk

    def _return_outcome(self, step: Step) -> None:
        # Its commitments no longer stand (CommitmentQuerySet.live); a new proposal brings its own.
        outcome = _pending_outcome(step.obj)
        outcome.status = Outcome.Status.RETURNED
        outcome.settled_at = step.now
        outcome.save()
        step.params["outcome_id"] = outcome.pk

    def _supersede_outcome(self, step: Step) -> None:
        d = step.obj
        outcome = d.outcomes.filter(status=Outcome.Status.ACCEPTED).first()
        if outcome is not None:
            outcome.status = Outcome.Status.SUPERSEDED
            outcome.save()
            step.params["outcome_id"] = outcome.pk
        d.outcome_type = ""
        d.concluded_at = None
        d.outcome_days = None

    def _end(self, step: Step) -> None:
        step.obj.ended_at = step.now

    def _lapse_outcome(self, step: Step) -> None:
        outcome = _pending_outcome(step.obj)
        if outcome is not None:
            outcome.status = Outcome.Status.LAPSED
            outcome.settled_at = step.now
            outcome.save()

    def _record_closure(self, step: Step) -> None:
        step.obj.closure_kind = step.fields["closure_kind"]
        step.obj.referral = step.fields["referral"]

    # -- audiences -----------------------------------------------------------------------------------

    def _to_official(self, step: Step) -> list:
        return [step.fields["official"]]

    def _to_initiators(self, step: Step) -> list:
        return initiators_of(step.obj)

    def _to_officials(self, step: Step) -> list:
        return officials_of(step.obj)

    def _to_coordinators(self, step: Step) -> list:
        return coordinators_of(step.obj)

    def _to_officials_or_coordinators(self, step: Step) -> list:
        return officials_of(step.obj) or coordinators_of(step.obj)

    def _to_followers(self, step: Step) -> list:
        return followers_of(step.obj)


DIALOGUE_FLOW = DialogueFlow()
