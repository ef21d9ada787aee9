"""Every write to a dialogue. `dialogue_transition` is the one path that changes a dialogue's state."""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

import rules
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import Role, User
from accounts.rules import is_district_coordinator
from dialogues.deadlines import reopen_deadline
from dialogues.models import (
    REASONING_MIN_LENGTH,
    SUMMARY_MAX_LENGTH,
    ActorKind,
    Commitment,
    Dialogue,
    DialogueAssignment,
    DialogueEvent,
    Message,
    Outcome,
    WaitingOn,
)
from dialogues.rules import active_assignments
from dialogues.workflow import (
    COMMITMENT_DONE,
    COMMITMENT_DROPPED,
    FIRST_ANSWER,
    KEEP,
    MESSAGE_KINDS,
    OPENED,
    OVERDUE,
    STOP,
    Action,
    transition_for,
)
from districts.workdays import add_working_days, load_holidays, local_date, working_days_between
from mokum.dates import iso_date
from mokum.pagecache import public_data_changed
from notifications.services import notify

A = Action
S = Dialogue.State
TEXT_MAX_LENGTH = 6000


class DialogueError(Exception):
    """An action that cannot happen, with a message for the person who tried it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ActionNotAllowed(DialogueError):
    """The transition table does not allow the action in the dialogue's current state (or not yet)."""


class ActionRefused(DialogueError):
    """The person is not on the side that may take the action."""


class DialogueChanged(DialogueError):
    """Someone else changed the dialogue since the form was shown."""


# -- small helpers -----------------------------------------------------------------------------------


def deadline_text(moment: datetime | None) -> str:
    """Return a deadline's date for a notification's params (written out in the reader's language when shown)."""
    return iso_date(moment)


def dialogue_title(dialogue) -> str:
    """Return how notifications name a dialogue: its initiative, and its question when the initiative has more."""
    title = dialogue.initiative.title
    if Dialogue.objects.filter(initiative_id=dialogue.initiative_id).exclude(pk=dialogue.pk).exists():
        question = " ".join(dialogue.question.split())
        short = question if len(question) <= 60 else question[:59].rstrip() + "…"
        return f"{title}: {short}"
    return title


def _official_role(user, district_id):
    return (
        Role.objects.filter(user=user, kind=Role.Kind.OFFICIAL, district_id=district_id)
        .select_related("department")
        .first()
    )


def _snapshot(actor, dialogue, who) -> dict[str, str]:
    """Return the actor fields of an event or message: who acted, in which role, as it is now."""
    if actor is None:
        return {"actor_name": "", "actor_kind": ActorKind.SYSTEM}
    base = {"actor_name": actor.display_name[:80]}
    if who == "initiative":
        return {**base, "actor_kind": ActorKind.INITIATOR}
    assignment = next((a for a in active_assignments(dialogue) if a.official_id == actor.pk), None)
    if assignment is not None and who != "coordinator":
        return {
            **base,
            "actor_kind": ActorKind.OFFICIAL,
            "actor_job_title": assignment.job_title,
            "actor_department": assignment.department_name,
        }
    return {**base, "actor_kind": ActorKind.COORDINATOR}


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


def _initiators(dialogue):
    return list(User.objects.filter(initiator_links__initiative_id=dialogue.initiative_id))


def _officials(dialogue):
    ids = [a.official_id for a in active_assignments(dialogue) if a.official_id]
    return list(User.objects.filter(pk__in=ids))


def _coordinators(dialogue):
    return list(User.objects.filter(roles__kind=Role.Kind.COORDINATOR, roles__district_id=dialogue.district_id))


def _followers(dialogue):
    try:
        from initiatives.models import Follow
    except ImportError:  # pragma: no cover - the initiatives app decides whether people can follow
        return []
    return list(User.objects.filter(pk__in=Follow.objects.filter(initiative_id=dialogue.initiative_id).values("user")))


# Demo data and imports replay history through the services; nobody should be e-mailed about that.
_muted = ContextVar("dialogues_notifications_muted", default=False)


@contextmanager
def notifications_muted():
    """Run dialogue services without writing or sending notifications (for demo data)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def _send(kind, people, actor, dialogue, params, key):
    if _muted.get():
        return
    recipients = [person for person in people if actor is None or person.pk != actor.pk]
    if recipients:
        notify(
            recipients=recipients,
            kind=kind,
            params={"title": dialogue_title(dialogue), "district": dialogue.district.name, **params},
            url=dialogue.get_absolute_url(),
            dedupe_key=key,
        )


def _append_event(dialogue, *, action, from_state, actor, who, now, reason="", internal=False, params=None):
    return DialogueEvent.objects.create(
        dialogue=dialogue,
        action=action,
        from_state=from_state,
        to_state=dialogue.state,
        actor=actor,
        reason=reason,
        reason_is_internal=internal,
        clock=dialogue.clock,
        waiting_on=dialogue.waiting_on,
        deadline_at=dialogue.deadline_at,
        params=params or {},
        created_at=now,
        **_snapshot(actor, dialogue, who),
    )


# -- opening -----------------------------------------------------------------------------------------


def dialogue_open(*, initiative, question: str, actor, now: datetime | None = None) -> Dialogue:
    """Open a dialogue for an active initiative (a coordinator, or its initiators asking for one).

    Either way it waits on the district's coordinator to assign the lead official.
    """
    from initiatives.models import Initiative

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
        _append_event(dialogue, action=OPENED, from_state="", actor=actor, who=who, now=now)
        key = f"dialogue-{dialogue.pk}-opened"
        _send("dialogue_opened", _initiators(dialogue) + _followers(dialogue), actor, dialogue, {}, key)
        if who == "initiative":
            deadline = {"deadline": deadline_text(dialogue.deadline_at)}
            _send("dialogue_requested", _coordinators(dialogue), actor, dialogue, deadline, f"{key}-request")
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
    return dialogue.outcomes.filter(status__in=[Outcome.Status.PROPOSED, Outcome.Status.CONTESTED]).first()


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
                is_internal=action == A.NOTE,
                clock=old_clock,
                created_at=now,
                **_snapshot(actor, d, edge.who),
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
                **_snapshot(actor, d, edge.who),
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
        _append_event(
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
        _send("dialogue_assigned", [official], actor, d, info, key)
        _send("dialogue_assigned_initiative", _initiators(d), actor, d, info, key)
    elif action == A.REASSIGN:
        _send("dialogue_reassigned", [official], actor, d, info, key)
    elif action == A.ADD_OFFICIAL:
        _send("dialogue_official_added", [official], actor, d, info, key)
    elif action == A.ESCALATE:
        _send("dialogue_escalated", [official], actor, d, info, key)
    elif action == A.ASK:
        _send("dialogue_question", _initiators(d), actor, d, info, key)
    elif action == A.ANSWER:
        _send("dialogue_message", _initiators(d), actor, d, info, key)
    elif action == A.REPLY:
        _send("dialogue_message", _officials(d) or _coordinators(d), actor, d, info, key)
    elif action == A.RECORD:
        _send("dialogue_agreed_points", _initiators(d) + _officials(d), actor, d, info, key)
    elif action == A.PROPOSE:
        outcome = Outcome.objects.get(pk=params["outcome_id"])
        _send("dialogue_outcome_proposed", _initiators(d), actor, d, {**info, "summary": outcome.summary}, key)
    elif action == A.CONTEST:
        _send("dialogue_contested", _coordinators(d), actor, d, info, key)
    elif action == A.RESUME:
        _send("dialogue_resumed", _initiators(d) + _officials(d), actor, d, info, key)
    elif d.state == S.CONCLUDED and action != A.REFUSE_REOPEN:
        outcome = Outcome.objects.get(pk=params["outcome_id"])
        people = _initiators(d) + _officials(d) + _followers(d)
        _send("dialogue_concluded", people, actor, d, {**info, "summary": outcome.summary}, key)
    elif action == A.INITIATIVE_TIME_UP:
        _send("dialogue_initiative_time_up", _initiators(d) + _officials(d), actor, d, info, key)
    elif action == A.REQUEST_REOPEN:
        _send("dialogue_reopen_requested", _coordinators(d), actor, d, info, key)
    elif action == A.REOPEN:
        _send("dialogue_reopened", _initiators(d) + _officials(d), actor, d, info, key)
    elif action == A.REFUSE_REOPEN:
        _send("dialogue_reopen_refused", _initiators(d), actor, d, info, key)
    elif action == A.WITHDRAW:
        _send("dialogue_withdrawn", _officials(d) + _coordinators(d), actor, d, info, key)
    elif action == A.CLOSE:
        _send("dialogue_closed", _initiators(d) + _officials(d), actor, d, info, key)
    # Internal notes notify nobody outside the municipality, and no one inside either: staff read them in place.


# -- commitments --------------------------------------------------------------------------------------


def _commitment_actor_who(commitment, actor):
    dialogue = commitment.dialogue
    if actor.pk in {a.official_id for a in active_assignments(dialogue)}:
        return "official"
    if dialogue.district_id in _coordinator_districts(actor):
        return "coordinator"
    return "initiative"


def _coordinator_districts(user):
    from accounts.selectors import user_roles

    return user_roles(user).coordinator_of


def _lock_open_commitment(commitment, actor, permission, refusal) -> Commitment:
    """Return the commitment locked for this transaction, refusing when it is no longer open or not `actor`'s."""
    c = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("dialogue__district", "dialogue__initiative", "outcome")
        .get(pk=commitment.pk)
    )
    if c.status != Commitment.Status.OPEN:
        raise ActionNotAllowed(_("This commitment is %(status)s already.") % {"status": c.get_status_display()})
    if not rules.has_perm(permission, actor, c):
        raise ActionRefused(refusal)
    return c


def commitment_mark_done(*, commitment: Commitment, actor: User, now: datetime | None = None) -> Commitment:
    """Record that a commitment was kept; its owner or a coordinator of the district does this."""
    now = now or timezone.now()
    with transaction.atomic():
        c = _lock_open_commitment(
            commitment,
            actor,
            "dialogues.complete_commitment",
            _("Only the owner of the commitment or a coordinator can mark it done."),
        )
        c.status = Commitment.Status.DONE
        c.done_at = now
        c.done_by = actor
        c.save()
        d = c.dialogue
        _append_event(
            d,
            action=COMMITMENT_DONE,
            from_state=d.state,
            actor=actor,
            who=_commitment_actor_who(c, actor),
            now=now,
            params={"commitment_id": c.pk, "what": c.what},
        )
        people = _initiators(d) + _officials(d)
        _send("commitment_done", people, actor, d, {"what": c.what}, f"commitment-{c.pk}-done")
    return c


def commitment_drop(*, commitment: Commitment, actor: User, reason: str, now: datetime | None = None) -> Commitment:
    """Drop a commitment that will not be kept, with a public reason; only a coordinator does this."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    with transaction.atomic():
        refusal = _("Only a coordinator of the district can drop a commitment.")
        c = _lock_open_commitment(commitment, actor, "dialogues.drop_commitment", refusal)
        if not reason:
            raise ValidationError({"reason": _("Give a reason.")})
        if len(reason) > 2000:
            raise ValidationError({"reason": _("Keep this under %(max)d characters.") % {"max": 2000}})
        c.status = Commitment.Status.DROPPED
        c.dropped_reason = reason
        c.dropped_at = now
        c.save()
        d = c.dialogue
        _append_event(
            d,
            action=COMMITMENT_DROPPED,
            from_state=d.state,
            actor=actor,
            who="coordinator",
            now=now,
            reason=reason,
            params={"commitment_id": c.pk, "what": c.what},
        )
    return c


# -- clocks: expiry, overdue, holidays -----------------------------------------------------------------


def dialogues_apply_expired_clocks(*, now: datetime | None = None) -> int:
    """Move on every dialogue whose initiative's time ran out; return how many moved.

    Waiting for the initiative's answer → back to the officials; a proposed outcome nobody contested →
    concluded. Each goes through `dialogue_transition`, so a dialogue someone just acted on is left alone.
    """
    now = now or timezone.now()
    automatic: dict[str, str] = {S.AWAITING_INITIATIVE: A.INITIATIVE_TIME_UP, S.OUTCOME_PROPOSED: A.NO_OBJECTION}
    due = Dialogue.objects.filter(state__in=list(automatic), deadline_at__lt=now).order_by("deadline_at")
    moved = 0
    for pk, state in due.values_list("pk", "state"):
        try:
            dialogue_transition(dialogue=Dialogue(pk=pk), action=automatic[state], actor=None, now=now)
        except DialogueError:
            continue  # someone acted in the meantime
        moved += 1
    return moved


def system_event(dialogue, *, action, params, at) -> DialogueEvent:
    """Return (unsaved) the event the platform itself appends to the current turn: overdue, escalated, …"""
    return DialogueEvent(
        dialogue=dialogue,
        action=action,
        from_state=dialogue.state,
        to_state=dialogue.state,
        actor_kind=ActorKind.SYSTEM,
        clock=dialogue.clock,
        waiting_on=dialogue.waiting_on,
        deadline_at=dialogue.deadline_at,
        params=params,
        created_at=at,
    )


def dialogues_log_overdue(*, now: datetime | None = None) -> int:
    """Log, once per turn, that a dialogue waiting on the municipality or the coordinator became overdue.

    The event carries the moment the deadline passed; a unique constraint makes a second one impossible,
    so concurrent or repeated scans add nothing. Return how many were logged.
    """
    now = now or timezone.now()
    already = DialogueEvent.objects.filter(dialogue=OuterRef("pk"), action=OVERDUE, clock=OuterRef("clock"))
    late = (
        Dialogue.objects.open()
        .filter(waiting_on__in=[WaitingOn.OFFICIALS, WaitingOn.COORDINATOR], deadline_at__lt=now)
        .exclude(Exists(already))
    )
    events = [system_event(d, action=OVERDUE, params={"logged_at": now.isoformat()}, at=d.deadline_at) for d in late]
    DialogueEvent.objects.bulk_create(events, ignore_conflicts=True)
    if events:
        public_data_changed()  # a bulk insert sends no signals: the timelines in the page cache are out of date
    return len(events)


def dialogues_recompute_deadlines(*, holidays=None) -> int:
    """Recompute every open turn's deadline from its start and working days; return how many moved.

    Called when the calendar changes (a holiday or closure day added, changed or removed).
    """
    holidays = load_holidays() if holidays is None else holidays
    changed = []
    with transaction.atomic():
        for d in Dialogue.objects.open().filter(turn_started_at__isnull=False).select_for_update().order_by("pk"):
            deadline = add_working_days(d.turn_started_at, d.turn_days, holidays)
            long_overdue = add_working_days(d.turn_started_at, 2 * d.turn_days, holidays)
            # Still in the first-answer turn (nobody answered yet): its deadline is the first answer's too.
            first_due = deadline if d.state == S.ASSIGNED and d.first_response_at is None else d.first_answer_due_at
            if (deadline, long_overdue, first_due) != (d.deadline_at, d.long_overdue_at, d.first_answer_due_at):
                d.deadline_at, d.long_overdue_at, d.first_answer_due_at = deadline, long_overdue, first_due
                changed.append(d)
        # Only the derived deadline fields change; they are not part of the dialogue's history.
        Dialogue.objects.bulk_update(changed, ["deadline_at", "long_overdue_at", "first_answer_due_at"], batch_size=500)
        if changed:
            public_data_changed()  # no signals from a bulk update: cached pages show the old deadlines
    return len(changed)
