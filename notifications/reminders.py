"""Reminders sent exactly once: the generic machinery under every ladder.

A ladder (each app's `reminders.py`, registered with `register_ladder`) says which reminders are due on a
working day: one query per rung, returning `Due` rows. The scan inserts them all as `ReminderSent` rows in
its transaction (`reminders_record`): the unique constraint drops what an earlier or concurrent scan
inserted already. After commit the rows this scan inserted go to the broker; `reminder_deliver` then
sends each one, at most once in every normal case:

- a second scan, a repeated scan or two scans at once insert nothing new (unique constraint);
- a retried or duplicated task finds the row sent, or waits for the row lock and then finds it sent;
- a row whose clock moved on (the person answered, the due date changed) is given up, not sent.

What remains is the one window no database can close: the mail server accepted the e-mail and the
worker died before its COMMIT. The row is then still unsent and the retry sends the e-mail again — at
least once, never lost. The window is kept to the UPDATE and COMMIT right after the send, and the repeat
carries the same Message-ID, so mail clients that de-duplicate show it once. The in-app notification is
written in the same transaction, so it exists once whatever happens.
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import timezone

from districts.workdays import AMSTERDAM, is_working_day, nth_working_day_after
from notifications.signals import reminders_recorded

logger = logging.getLogger(__name__)

CHUNK = 200


@dataclass(frozen=True)
class Due:
    """A reminder a ladder found due; `recipient_id` None marks something done once per clock."""

    subject_type: str
    subject_id: int
    clock: str
    kind: str
    recipient_id: int | None


@dataclass(frozen=True)
class Reminder:
    """What to tell the recipient of a reminder, decided when it is sent."""

    kind: str
    params: dict = field(default_factory=dict)
    url: str = ""


@dataclass(frozen=True)
class Rung:
    """One step of a ladder: who is told what, on which working days around a deadline or due date.

    `ahead=(a, b)`: due while the deadline day is a to b working days away; `late=(a, b)`: due from the
    ath working day after the deadline until before the bth (b None: no end). `reminds`: the person is
    asked to act, so nobody who acted since the turn started gets it.
    """

    kind: str
    audience: str
    notice: str | dict
    ahead: tuple[int, int] | None = None
    late: tuple[int, int | None] | None = None
    reminds: bool = True

    def notice_for(self, state: str = "") -> str | None:
        """Return the notification kind of this rung (per state when it depends on one)."""
        return self.notice if isinstance(self.notice, str) else self.notice.get(state)


@dataclass(frozen=True)
class Subject:
    """How to send reminders about one type of subject.

    `resolve(row, now)` returns the `Reminder` to send, or None when the clock moved on or the recipient
    no longer concerns it; `deliver(row, now)`, when given, does the whole sending itself (the digest)
    and returns False when there was nothing to send.
    """

    name: str
    resolve: Callable | None = None
    deliver: Callable | None = None


SUBJECTS: dict[str, Subject] = {}
LADDERS: list[Callable] = []


def register_subject(name, *, resolve=None, deliver=None) -> Subject:
    """Declare how reminders about subjects of type `name` are sent (once per name)."""
    if name in SUBJECTS:
        raise ValueError(f"Reminder subject {name!r} is registered twice.")
    SUBJECTS[name] = Subject(name=name, resolve=resolve, deliver=deliver)
    return SUBJECTS[name]


def register_ladder(collect: Callable) -> Callable:
    """Add a ladder: `collect(day, now)` returns the `Due` reminders of its rungs (a decorator)."""
    if collect not in LADDERS:
        LADDERS.append(collect)
    return collect


# -- the calendar of a scan -----------------------------------------------------------------------------


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=AMSTERDAM)


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=AMSTERDAM)


class ScanDay:
    """The working day a scan runs on, and the deadline windows of the rungs around it.

    Deadlines fall on working days. `ahead(k)` is the kth working day after today (`ahead(0)` is today);
    `late_since(k)` is the first day of which a deadline is fewer than k working days late: a deadline day
    before it is at least k working days late today (today counts as the first).
    """

    def __init__(self, today: date, holidays):
        self.today = today
        self.holidays = holidays
        self._ahead: dict[int, date] = {}
        self._back: dict[int, date] = {}

    @property
    def is_working_day(self) -> bool:
        return is_working_day(self.today, self.holidays)

    def ahead(self, k: int) -> date:
        if k not in self._ahead:
            self._ahead[k] = nth_working_day_after(self.today, k, self.holidays)
        return self._ahead[k]

    def late_since(self, k: int) -> date:
        if k <= 0:
            raise ValueError("A deadline is late by one working day or more.")
        if k not in self._back:
            day, counted = self.today, 0
            while True:
                if is_working_day(day, self.holidays):
                    counted += 1
                    if counted == k:
                        break
                day -= timedelta(days=1)
            self._back[k] = day
        return self._back[k]

    def deadline_window(self, *, ahead=None, late=None) -> dict:
        """Return lookups on a deadline (an aware datetime at the end of its day) for a rung's window.

        `ahead=(a, b)`: the deadline day is a to b working days from today. `late=(a, b)`: the deadline
        passed at least a and fewer than b working days ago (b None: no upper limit).
        """
        if ahead is not None:
            return {"gte": start_of_day(self.ahead(ahead[0])), "lte": end_of_day(self.ahead(ahead[1]))}
        low, high = late
        window = {"lt": start_of_day(self.late_since(low))}
        if high is not None:
            window["gte"] = start_of_day(self.late_since(high))
        return window

    def date_window(self, *, ahead=None, late=None) -> dict:
        """Return lookups on a due date for a rung's window (the same meaning as `deadline_window`)."""
        if ahead is not None:
            return {"gte": self.ahead(ahead[0]), "lte": self.ahead(ahead[1])}
        low, high = late
        window = {"lt": self.late_since(low)}
        if high is not None:
            window["gte"] = self.late_since(high)
        return window


def lookups(field_name: str, window: dict) -> dict:
    """Turn a window into filter() keyword arguments on `field_name`."""
    return {f"{field_name}__{op}": value for op, value in window.items()}


class IsoDate(models.Func):
    """A date column as 'YYYY-MM-DD' text, the way `ReminderSent.clock` stores a due date."""

    output_field = models.CharField()

    def as_sql(self, compiler, connection, **extra):
        return compiler.compile(Cast(self.source_expressions[0], models.CharField()))

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, function="TO_CHAR", template="%(function)s(%(expressions)s, 'YYYY-MM-DD')"
        )


def already_sent(subject_type: str, kind: str, *, subject="pk", clock, recipient="recipient"):
    """Return the NOT EXISTS condition of a rung's query: no row yet for this subject, clock, kind, person."""
    from notifications.models import ReminderSent

    return models.Exists(
        ReminderSent.objects.filter(
            subject_type=subject_type,
            subject_id=models.OuterRef(subject),
            clock=clock,
            kind=kind,
            recipient_id=models.OuterRef(recipient),
        )
    )


def clock_text(name="clock"):
    """Return a turn-number column as text, to compare with `ReminderSent.clock`."""
    return Cast(models.OuterRef(name), models.CharField())


# -- recording and sending ------------------------------------------------------------------------------


@dataclass
class Recorded:
    """What one scan inserted: the reminders it hands to the broker and the markers it set."""

    reminder_ids: list[int] = field(default_factory=list)
    markers: list[tuple[str, int, str, str]] = field(default_factory=list)  # (subject type, id, clock, kind)


def reminders_record(due, *, now) -> Recorded:
    """Insert the due reminders (what exists already is skipped) and send this scan's rows after commit.

    Call it inside the scan's transaction: if the scan rolls back, nothing is recorded or sent.
    """
    from notifications.models import ReminderSent

    scan = uuid.uuid4()
    rows = [
        ReminderSent(
            subject_type=d.subject_type,
            subject_id=d.subject_id,
            clock=d.clock,
            kind=d.kind,
            recipient_id=d.recipient_id,
            scan=scan,
            # A marker has nobody to send to: it is done when it is inserted.
            sent_at=now if d.recipient_id is None else None,
        )
        # One order for every scan, so two scans inserting at once wait for each other instead of deadlocking.
        for d in sorted(set(due), key=lambda d: (d.subject_type, d.subject_id, d.clock, d.kind, d.recipient_id or 0))
    ]
    recorded = Recorded()
    if not rows:
        return recorded
    ReminderSent.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    for pk, subject_type, subject_id, clock, kind, recipient_id in (
        ReminderSent.objects.filter(scan=scan)
        .order_by("pk")
        .values_list("pk", "subject_type", "subject_id", "clock", "kind", "recipient_id")
    ):
        if recipient_id is None:
            recorded.markers.append((subject_type, subject_id, clock, kind))
        else:
            recorded.reminder_ids.append(pk)
    if recorded.reminder_ids:
        ids = list(recorded.reminder_ids)
        transaction.on_commit(lambda: reminders_recorded.send(sender=None, ids=ids))
    return recorded


def reminder_deliver(*, reminder_id: int, now=None) -> str:
    """Send one recorded reminder, or give it up when its clock moved on; return what happened.

    Returns "sent", "given_up", or "" when the row was sent or given up before (a retried task). The row
    stays locked from the check to the COMMIT: a second worker waits, then finds it done.
    """
    from notifications.models import Notification, ReminderSent
    from notifications.services import email_now_or_later

    now = now or timezone.now()
    with transaction.atomic():
        row = (
            ReminderSent.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(
                pk=reminder_id,
                sent_at__isnull=True,
                given_up_at__isnull=True,
                failed_at__isnull=True,
                recipient__isnull=False,
            )
            .first()
        )
        if row is None:
            return ""
        subject = SUBJECTS.get(row.subject_type)
        if subject is None:
            raise ValueError(f"Unknown reminder subject {row.subject_type!r}; register it with register_subject.")
        if subject.deliver is not None:
            done = subject.deliver(row, now)
        else:
            reminder = subject.resolve(row, now) if row.recipient.is_active else None
            done = reminder is not None
            if done:
                notification = Notification.objects.create(
                    recipient=row.recipient,
                    kind=reminder.kind,
                    params=reminder.params,
                    url=reminder.url,
                    dedupe_key=f"reminder-{row.pk}",
                )
                # The e-mail goes out last; the two UPDATEs and the COMMIT follow it at once.
                email_now_or_later(notification, now=now, key=f"reminder-{row.pk}")
                notification.save(update_fields=["email_status", "emailed_at"])
        if done:
            row.sent_at = now
        else:
            row.given_up_at = now
        row.save(update_fields=["sent_at", "given_up_at"])
    return "sent" if done else "given_up"


def reminder_fail(*, reminder_id: int, reason: str, now=None) -> bool:
    """Mark an unsent reminder as failed for good, with the reason; False when it was sent or settled before.

    The sweep and every retry leave it alone from then on; admins find it under "could not be sent".
    """
    from notifications.models import ReminderSent

    return bool(
        ReminderSent.objects.filter(
            pk=reminder_id, sent_at__isnull=True, given_up_at__isnull=True, failed_at__isnull=True
        ).update(failed_at=now or timezone.now(), failure=reason[:2000])
    )


def reminders_due(day: ScanDay, now) -> list[Due]:
    """Return every due reminder of every registered ladder (one query per rung)."""
    due: list[Due] = []
    for collect in LADDERS:
        due.extend(collect(day, now))
    return due
