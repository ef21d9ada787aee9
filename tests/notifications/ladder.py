"""Helpers for reminder tests: a dialogue that stalls on a known day, and the expected ladder around Christmas.

A dialogue assigned on Friday 4 December 2026 at 10:00 has ten working days for its first answer: until the
end of Friday 18 December. Christmas (25 and 26 December) and New Year's Day are holidays, so twice its time
ends on Tuesday 5 January 2027.
"""

from datetime import date, datetime, time, timedelta

from dialogues.services import dialogue_open, dialogue_transition
from dialogues.workflow import Action
from districts.workdays import AMSTERDAM
from notifications.models import Notification

A = Action

ASSIGNED_AT = datetime(2026, 12, 4, 10, tzinfo=AMSTERDAM)
FIRST_DAY = date(2026, 12, 14)
LAST_DAY = date(2027, 1, 7)

# Day → the reminders that day brings, as (notification kind, person in the cast).
LADDER = {
    date(2026, 12, 16): {("reminder_heads_up", "lead"), ("reminder_heads_up", "member")},
    date(2026, 12, 21): {
        ("reminder_overdue", "lead"),
        ("reminder_overdue", "member"),
        ("reminder_overdue_initiative", "owner"),
        ("reminder_overdue_initiative", "co_initiator"),
    },
    date(2026, 12, 28): {
        ("reminder_second", "lead"),
        ("reminder_second", "member"),
        ("reminder_second_copy", "coordinator"),
    },
    date(2027, 1, 5): {("reminder_escalation", "coordinator")},
    date(2027, 1, 6): {("reminder_long_overdue", "board")},
}


def morning(day: date, hour=7) -> datetime:
    """Return `hour` o'clock on `day` in Amsterdam: when beat runs the scan."""
    return datetime.combine(day, time(hour), tzinfo=AMSTERDAM)


def days(first=FIRST_DAY, last=LAST_DAY):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def stalled(cast, assigned_at=ASSIGNED_AT, *, member=True):
    """Open a dialogue and assign the lead (and a second official) at `assigned_at`; nobody answers after."""
    dialogue = dialogue_open(
        initiative=cast.initiative,
        question="Mogen wij geveltuinen aanleggen?",
        actor=cast.coordinator,
        now=assigned_at - timedelta(hours=1),
    )
    dialogue = dialogue_transition(
        dialogue=dialogue, action=A.ASSIGN, actor=cast.coordinator, official=cast.lead, now=assigned_at
    )
    if member:
        dialogue = dialogue_transition(
            dialogue=dialogue, action=A.ADD_OFFICIAL, actor=cast.coordinator, official=cast.member, now=assigned_at
        )
    return dialogue


def reminders_received(cast) -> set[tuple[str, str]]:
    """Return the reminder notifications so far as (kind, role in the cast)."""
    roles = {person.pk: name for name, person in cast.people().items() if getattr(person, "pk", None)}
    return {
        (kind, roles.get(recipient, str(recipient)))
        for kind, recipient in Notification.objects.filter(dedupe_key__startswith="reminder-").values_list(
            "kind", "recipient_id"
        )
    }


def wait_until(condition, timeout=20.0):
    """Poll `condition` until it holds (a real worker delivers in its own thread); False on timeout."""
    import time as clock

    deadline = clock.monotonic() + timeout
    while clock.monotonic() < deadline:
        if condition():
            return True
        clock.sleep(0.05)
    return False
