"""Sweeps over every dialogue's clock: time run out, turns overdue, deadlines after a calendar change."""

from datetime import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from dialogues.errors import DialogueError
from dialogues.models import ActorKind, Dialogue, DialogueEvent, WaitingOn
from dialogues.services import dialogue_transition
from dialogues.workflow import OVERDUE, Action
from districts.workdays import add_working_days, load_holidays
from mokum.pagecache import public_data_changed

A = Action
S = Dialogue.State


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
