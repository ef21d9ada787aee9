"""Dialogues do not stall silently: the reminder ladders of dialogues and commitments, and the morning scan.

The scan (`reminders_scan`, run by beat at 07:00 on working days, or `manage.py scan_deadlines`) first
moves on the clocks that ran out and logs the turns that became overdue, then asks each rung below for
the clocks due today — one query per rung, on the (waiting_on, deadline_at) index, excluding what was
sent already — and records them as `ReminderSent` rows that are sent once after commit (see
notifications/reminders.py). Working days come from the holiday table; on weekends and holidays the
scan does nothing, and what fell due then is sent on the next working day.

Turn of the municipality (the assigned officials):

| rung | when | to |
|---|---|---|
| heads_up | 2 working days before the deadline | the assigned officials |
| overdue | the working day after the deadline | the officials; the initiators hear it is overdue |
| second_reminder | 5 working days after the deadline | the officials, the district coordinators in copy |
| escalation | 10 working days after the deadline | the district coordinators; logged as "escalated" |
| long_overdue | the day after twice the turn's time | the district board members; logged as "long overdue" |

Turn of the coordinator: heads_up 2 working days before and overdue the day after, to the district
coordinators; at 5 working days late, escalation to the city coordinators. Turn of the initiative
(gentler): a friendly reminder 5 working days and 1 working day before the deadline; when the time runs
out the dialogue moves on (`dialogues_apply_expired_clocks`) and the initiators are told. Commitments of
an accepted outcome: heads-up to the owner 2 working days before the due date, overdue the day after (the
owner, and the initiators are told), at 5 working days late the owner again with the coordinators in copy.

Nobody is reminded about a turn after they acted in it (an event or a message after the turn started).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from accounts.models import Role, User
from dialogues.audience import dialogue_title
from dialogues.clocks import dialogues_apply_expired_clocks, dialogues_log_overdue, system_event
from dialogues.deadlines import deadline_text
from dialogues.models import OPEN_STATES, Commitment, Dialogue, DialogueEvent, Message, Outcome, WaitingOn
from dialogues.workflow import ESCALATED, LONG_OVERDUE
from districts.workdays import load_holidays, local_date
from mokum.pagecache import public_data_changed
from notifications.models import ReminderSent
from notifications.reminders import (
    Due,
    IsoDate,
    Reminder,
    Rung,
    ScanDay,
    already_sent,
    clock_text,
    lookups,
    register_ladder,
    register_subject,
    reminders_due,
    reminders_record,
)

S = Dialogue.State
W = WaitingOn

# Who a rung speaks to.
OFFICIALS = "officials"
COORDINATORS = "coordinators"
CITY = "city"
BOARD = "board"
INITIATORS = "initiators"
OWNER = "owner"


@dataclass(frozen=True)
class DialogueRung(Rung):
    """A rung of a dialogue's clock: whose turn it is, and what it logs once per turn (a marker row)."""

    waiting_on: str = ""
    event: str = ""
    long_overdue: bool = False


INITIATIVE_NOTICE = {
    S.AWAITING_INITIATIVE: "reminder_initiative_answer",
    S.OUTCOME_PROPOSED: "reminder_initiative_outcome",
}
INITIATIVE_LAST_NOTICE = {
    S.AWAITING_INITIATIVE: "reminder_initiative_answer_last",
    S.OUTCOME_PROPOSED: "reminder_initiative_outcome_last",
}

DIALOGUE_RUNGS = [
    # The municipality's turn.
    DialogueRung("heads_up", OFFICIALS, "reminder_heads_up", ahead=(0, 2), waiting_on=W.OFFICIALS),
    DialogueRung("overdue", OFFICIALS, "reminder_overdue", late=(1, 5), waiting_on=W.OFFICIALS),
    DialogueRung(
        "overdue_initiative",
        INITIATORS,
        "reminder_overdue_initiative",
        late=(1, None),
        reminds=False,
        waiting_on=W.OFFICIALS,
    ),
    DialogueRung("second_reminder", OFFICIALS, "reminder_second", late=(5, 10), waiting_on=W.OFFICIALS),
    DialogueRung("second_copy", COORDINATORS, "reminder_second_copy", late=(5, 10), waiting_on=W.OFFICIALS),
    DialogueRung(
        "escalation", COORDINATORS, "reminder_escalation", late=(10, None), waiting_on=W.OFFICIALS, event=ESCALATED
    ),
    DialogueRung(
        "long_overdue",
        BOARD,
        "reminder_long_overdue",
        late=(1, None),
        waiting_on=W.OFFICIALS,
        event=LONG_OVERDUE,
        long_overdue=True,
    ),
    # The coordinator's turn (assign, decide on a contest, decide on reopening).
    DialogueRung(
        "coordinator_heads_up", COORDINATORS, "reminder_coordinator_heads_up", ahead=(0, 2), waiting_on=W.COORDINATOR
    ),
    DialogueRung(
        "coordinator_overdue", COORDINATORS, "reminder_coordinator_overdue", late=(1, 5), waiting_on=W.COORDINATOR
    ),
    DialogueRung(
        "city_escalation", CITY, "reminder_city_escalation", late=(5, None), waiting_on=W.COORDINATOR, event=ESCALATED
    ),
    # The initiative's turn: gentler, and never an escalation.
    DialogueRung("initiative_soon", INITIATORS, INITIATIVE_NOTICE, ahead=(2, 5), waiting_on=W.INITIATIVE),
    DialogueRung("initiative_last", INITIATORS, INITIATIVE_LAST_NOTICE, ahead=(0, 1), waiting_on=W.INITIATIVE),
]

COMMITMENT_RUNGS = [
    Rung("commitment_heads_up", OWNER, "reminder_commitment_heads_up", ahead=(0, 2)),
    Rung("commitment_overdue", OWNER, "reminder_commitment_overdue", late=(1, 5)),
    Rung(
        "commitment_overdue_initiative",
        INITIATORS,
        "reminder_commitment_overdue_initiative",
        late=(1, None),
        reminds=False,
    ),
    Rung("commitment_second", OWNER, "reminder_commitment_second", late=(5, None)),
    Rung("commitment_second_copy", COORDINATORS, "reminder_commitment_second_copy", late=(5, None)),
]

RUNGS = {rung.kind: rung for rung in DIALOGUE_RUNGS + COMMITMENT_RUNGS}


# -- who is told ----------------------------------------------------------------------------------------


def with_recipients(queryset, audience, *, to_dialogue=""):
    """Return `queryset` with one row per person of `audience`, as the annotation `recipient`.

    `to_dialogue` is the path from the queried model to its dialogue ("" for dialogues themselves). The
    filter and the annotation share one join, so each row pairs a subject with one of its people.
    """
    p = to_dialogue
    paths = {
        OFFICIALS: (
            f"{p}assignments__official_id",
            {f"{p}assignments__ended_at__isnull": True, f"{p}assignments__official__is_active": True},
        ),
        COORDINATORS: (
            f"{p}district__roles__user_id",
            {f"{p}district__roles__kind": Role.Kind.COORDINATOR, f"{p}district__roles__user__is_active": True},
        ),
        BOARD: (
            f"{p}district__roles__user_id",
            {
                f"{p}district__roles__kind": Role.Kind.OFFICIAL,
                f"{p}district__roles__job_title": Role.JobTitle.BOARD_MEMBER,
                f"{p}district__roles__user__is_active": True,
            },
        ),
        INITIATORS: (
            f"{p}initiative__initiator_links__user_id",
            {f"{p}initiative__initiator_links__user__is_active": True},
        ),
        OWNER: ("owner_id", {"owner__is_active": True}),
    }
    path, conditions = paths[audience]
    return queryset.filter(**conditions).annotate(recipient=F(path))


def in_audience(dialogue, audience, user_id, *, owner_id=None) -> bool:
    """Tell whether `user_id` still belongs to `audience` of `dialogue` (checked again when sending)."""
    if audience == OWNER:
        return owner_id == user_id
    if audience == OFFICIALS:
        return dialogue.assignments.filter(official_id=user_id, ended_at__isnull=True).exists()
    if audience == INITIATORS:
        return dialogue.initiative.initiator_links.filter(user_id=user_id).exists()
    roles = Role.objects.filter(user_id=user_id)
    if audience == CITY:
        return roles.filter(kind=Role.Kind.CITY_COORDINATOR).exists()
    if audience == BOARD:
        roles = roles.filter(kind=Role.Kind.OFFICIAL, job_title=Role.JobTitle.BOARD_MEMBER)
    else:
        roles = roles.filter(kind=Role.Kind.COORDINATOR)
    return roles.filter(district_id=dialogue.district_id).exists()


def acted_in_turn():
    """Return the condition: the row's recipient wrote or did something in the dialogue after its turn began.

    Strictly after: the step that started the turn (an official's answer starts the next answer clock)
    does not count as acting in it.
    """
    since = OuterRef("turn_started_at")
    return Exists(
        DialogueEvent.objects.filter(dialogue=OuterRef("pk"), actor=OuterRef("recipient"), created_at__gt=since)
    ) | Exists(Message.objects.filter(dialogue=OuterRef("pk"), author=OuterRef("recipient"), created_at__gt=since))


def has_acted(dialogue, user_id) -> bool:
    since = dialogue.turn_started_at
    return (
        dialogue.events.filter(actor_id=user_id, created_at__gt=since).exists()
        or dialogue.messages.filter(author_id=user_id, created_at__gt=since).exists()
    )


# -- what is due today --------------------------------------------------------------------------------------


def _dialogue_rung_due(rung: DialogueRung, day: ScanDay, now) -> list[Due]:
    window = day.deadline_window(ahead=rung.ahead, late=rung.late)
    dialogues = Dialogue.objects.filter(
        state__in=OPEN_STATES, waiting_on=rung.waiting_on, **lookups("deadline_at", window)
    ).order_by()
    if rung.long_overdue:
        dialogues = dialogues.filter(long_overdue_at__lt=now)
    due = []
    if rung.event:
        # Logged once per turn whoever is told, also in a district without anyone to tell.
        marked = Exists(
            ReminderSent.objects.filter(
                subject_type="dialogue",
                subject_id=OuterRef("pk"),
                clock=clock_text(),
                kind=rung.event,
                recipient__isnull=True,
            )
        )
        unmarked = list(dialogues.exclude(marked).values_list("pk", "clock"))
        due += [Due("dialogue", pk, str(clock), rung.event, None) for pk, clock in unmarked]
        if rung.audience == CITY:
            # City coordinators belong to no district: everyone of them hears of each new escalation.
            city = User.objects.filter(roles__kind=Role.Kind.CITY_COORDINATOR, is_active=True).values_list(
                "pk", flat=True
            )
            people = list(city) if unmarked else []
            return due + [
                Due("dialogue", pk, str(clock), rung.kind, person) for pk, clock in unmarked for person in people
            ]
    rows = with_recipients(dialogues, rung.audience).exclude(already_sent("dialogue", rung.kind, clock=clock_text()))
    if rung.reminds:
        rows = rows.exclude(acted_in_turn())
    due += [
        Due("dialogue", pk, str(clock), rung.kind, recipient)
        for pk, clock, recipient in rows.values_list("pk", "clock", "recipient")
    ]
    return due


@register_ladder
def dialogue_reminders_due(day: ScanDay, now) -> list[Due]:
    """Return the reminders due today on every dialogue clock (one or two queries per rung)."""
    due = []
    for rung in DIALOGUE_RUNGS:
        due += _dialogue_rung_due(rung, day, now)
    return due


@register_ladder
def commitment_reminders_due(day: ScanDay, now) -> list[Due]:
    """Return the reminders due today about commitments of accepted outcomes (one query per rung)."""
    due = []
    for rung in COMMITMENT_RUNGS:
        window = day.date_window(ahead=rung.ahead, late=rung.late)
        commitments = Commitment.objects.filter(
            status=Commitment.Status.OPEN, outcome__status=Outcome.Status.ACCEPTED, **lookups("due_date", window)
        ).order_by()
        rows = with_recipients(commitments, rung.audience, to_dialogue="dialogue__").exclude(
            already_sent("commitment", rung.kind, clock=IsoDate(OuterRef("due_date")))
        )
        due += [
            Due("commitment", pk, due_date.isoformat(), rung.kind, recipient)
            for pk, due_date, recipient in rows.values_list("pk", "due_date", "recipient")
        ]
    return due


# -- sending: what to say, or give up -------------------------------------------------------------------


def resolve_dialogue_reminder(row, now) -> Reminder | None:
    """Return the reminder `row` stands for, or None when its turn is over or its person no longer concerned."""
    rung = RUNGS.get(row.kind)
    dialogue = Dialogue.objects.select_related("initiative", "district").filter(pk=row.subject_id).first()
    if (
        rung is None
        or dialogue is None
        or dialogue.state not in OPEN_STATES
        or str(dialogue.clock) != row.clock
        or dialogue.waiting_on != rung.waiting_on
    ):
        return None
    notice = rung.notice_for(dialogue.state)
    if notice is None or not in_audience(dialogue, rung.audience, row.recipient_id):
        return None
    if rung.reminds and has_acted(dialogue, row.recipient_id):
        return None
    params = {
        "title": dialogue_title(dialogue),
        "district": dialogue.district.name,
        "deadline": deadline_text(dialogue.deadline_at),
    }
    return Reminder(notice, params, dialogue.get_absolute_url())


def resolve_commitment_reminder(row, now) -> Reminder | None:
    """Return the reminder about a commitment, or None when it is done, dropped or has a new due date."""
    rung = RUNGS.get(row.kind)
    commitment = (
        Commitment.objects.select_related("dialogue__initiative", "dialogue__district", "outcome")
        .filter(pk=row.subject_id)
        .first()
    )
    if (
        rung is None
        or commitment is None
        or commitment.status != Commitment.Status.OPEN
        or commitment.outcome.status != Outcome.Status.ACCEPTED
        or commitment.due_date.isoformat() != row.clock
    ):
        return None
    dialogue = commitment.dialogue
    if not in_audience(dialogue, rung.audience, row.recipient_id, owner_id=commitment.owner_id):
        return None
    params = {
        "title": dialogue_title(dialogue),
        "district": dialogue.district.name,
        "what": commitment.what,
        "who": commitment.owner_label,
        "due": commitment.due_date.isoformat(),
    }
    return Reminder(rung.notice_for(), params, dialogue.get_absolute_url())


register_subject("dialogue", resolve=resolve_dialogue_reminder)
register_subject("commitment", resolve=resolve_commitment_reminder)


# -- the scan ---------------------------------------------------------------------------------------------


@dataclass
class ScanResult:
    """What one scan did, for the command's output and the task's result."""

    working_day: bool
    moved_on: int = 0
    newly_overdue: int = 0
    reminders: int = 0
    escalated: int = 0
    long_overdue: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def escalation_params(waiting_on: str) -> dict[str, str]:
    """Return the params of the "escalated" event of a stalled turn: the coordinator's goes to the city."""
    return {"level": "city" if waiting_on == W.COORDINATOR else "district"}


def _log_once_per_turn(markers, now) -> dict[str, int]:
    """Append the "escalated" and "long overdue" events this scan is the first to mark (two queries)."""
    wanted = {(int(pk), int(clock), kind) for subject_type, pk, clock, kind in markers if subject_type == "dialogue"}
    counts = {ESCALATED: 0, LONG_OVERDUE: 0}
    if not wanted:
        return counts
    dialogues = Dialogue.objects.in_bulk({pk for pk, _clock, _kind in wanted})
    events = []
    for pk, clock, kind in sorted(wanted):
        d = dialogues.get(pk)
        if d is None or d.clock != clock or d.state not in OPEN_STATES:
            continue  # the turn ended while the scan ran: nothing to log about it
        params = escalation_params(d.waiting_on) if kind == ESCALATED else {}
        events.append(system_event(d, action=kind, params=params, at=now))
        counts[kind] += 1
    DialogueEvent.objects.bulk_create(events)
    if events:
        public_data_changed()  # a bulk insert sends no signals: the timelines in the page cache are out of date
    return counts


def reminders_scan(*, now=None) -> ScanResult:
    """Walk every reminder ladder for the working day of `now`; on weekends and holidays do nothing.

    Moves on the clocks that ran out, logs newly overdue turns, then records every due reminder in one
    transaction (each at most once, whatever other scans run) and sends them after commit.
    """
    now = now or timezone.now()
    holidays = load_holidays()
    day = ScanDay(local_date(now), holidays)
    if not day.is_working_day:
        return ScanResult(working_day=False)
    moved_on = dialogues_apply_expired_clocks(now=now)
    newly_overdue = dialogues_log_overdue(now=now)
    with transaction.atomic():
        recorded = reminders_record(reminders_due(day, now), now=now)
        logged = _log_once_per_turn(recorded.markers, now)
    return ScanResult(
        working_day=True,
        moved_on=moved_on,
        newly_overdue=newly_overdue,
        reminders=len(recorded.reminder_ids),
        escalated=logged[ESCALATED],
        long_overdue=logged[LONG_OVERDUE],
    )
