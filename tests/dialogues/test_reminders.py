"""The reminder ladders of dialogues and commitments, walked by the morning scan with tasks in-process.

The same ladder runs through a real Celery worker and Redis in tests/notifications/test_reminders_with_broker.py.
"""

import io
import time as clock
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dialogues.commitments import commitment_mark_done
from dialogues.models import Commitment, Dialogue, DialogueAssignment, DialogueEvent
from dialogues.reminders import reminders_scan
from dialogues.selectors import dialogue_timeline
from dialogues.services import dialogue_open, dialogue_transition
from dialogues.workflow import ESCALATED, LONG_OVERDUE, Action
from districts.workdays import add_working_days, load_holidays
from notifications.models import Notification, ReminderSent
from tests.accounts.factories import city_coordinator
from tests.dialogues.factories import REASONING, make_cast
from tests.notifications.ladder import ASSIGNED_AT, LADDER, days, morning, reminders_received, stalled

pytestmark = pytest.mark.django_db

A = Action
S = Dialogue.State


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    """Run the scan at 07:00 on a day and let its sends (in-process tasks) run after commit."""

    def run(day, hour=7):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_scan(now=morning(day, hour))

    return run


def english(*people):
    for person in people:
        person.preferred_language = "en"
        person.save()


def test_a_stalled_dialogue_climbs_the_ladder_on_the_right_working_days_once(scan):
    cast = make_cast()
    english(cast.lead, cast.coordinator)
    dialogue = stalled(cast)
    mail.outbox = []
    seen = set()
    for day in days():
        scan(day)
        if day in LADDER:
            scan(day, hour=9)  # a second scan the same day adds nothing
        received = reminders_received(cast)
        assert received - seen == LADDER.get(day, set()), day
        seen = received
    assert ReminderSent.objects.filter(recipient__isnull=False, sent_at__isnull=False).count() == 11
    assert len(mail.outbox) == 11  # default preference: every reminder is e-mailed at once, once
    # Each in the recipient's language: the coordinator reads English, the board member Dutch.
    mails = {message.to[0]: message for message in mail.outbox}
    escalation = mails[cast.coordinator.email]
    assert (
        escalation.subject == f"[Kracht van Mokum] Escalated: the dialogue with “{cast.initiative.title}” has stalled"
    )
    assert escalation.body.startswith(f"Hello {cast.coordinator.display_name},")
    assert mails[cast.board.email].body.startswith(f"Hallo {cast.board.display_name},")
    # The escalation and the long-overdue mark are logged once, in words on the dialogue's public timeline.
    events = list(dialogue.events.filter(action__in=[ESCALATED, LONG_OVERDUE]).values_list("action", flat=True))
    assert events == [ESCALATED, LONG_OVERDUE]
    with translation.override("en"):
        sentences = [e.sentence for e in dialogue_timeline(dialogue, user=cast.visitor, holidays=load_holidays())]
    assert "The next step is ten working days late: the platform escalated the dialogue to the coordinator." in (
        sentences
    )
    assert "Twice the time for this turn has passed: the dialogue is long overdue." in sentences


def test_weekends_and_holidays_send_nothing(scan):
    stalled(make_cast())
    # The deadline (Friday 18 December) has passed, but on weekends and holidays the scan does nothing.
    for day in (date(2026, 12, 19), date(2026, 12, 20), date(2026, 12, 25), date(2026, 12, 26), date(2027, 1, 1)):
        result = scan(day)
        assert result.working_day is False
    assert not ReminderSent.objects.exists()
    assert not DialogueEvent.objects.filter(action="overdue").exists()
    # Monday brings what fell due over the weekend.
    assert scan(date(2026, 12, 21)).reminders == 4


def test_nobody_is_reminded_after_acting_in_the_turn_and_a_moved_clock_gives_up(
    scan, django_capture_on_commit_callbacks
):
    cast = make_cast()
    dialogue = stalled(cast)
    # The second official writes an internal note after the turn started: no reminder for them.
    dialogue_transition(
        dialogue=dialogue, action=A.NOTE, actor=cast.member, text="Ik kijk mee.", now=ASSIGNED_AT + timedelta(days=1)
    )
    scan(date(2026, 12, 16))
    assert reminders_received(cast) == {("reminder_heads_up", "lead")}

    # The overdue reminders are recorded, but the lead answers before they go out: they are given up.
    with django_capture_on_commit_callbacks(execute=False) as sends:
        reminders_scan(now=morning(date(2026, 12, 21)))
    dialogue_transition(
        dialogue=dialogue,
        action=A.ANSWER,
        actor=cast.lead,
        text="Sorry, hier is ons antwoord.",
        now=morning(date(2026, 12, 21), 8),
    )
    mail.outbox = []
    for send in sends:
        send()
    assert ReminderSent.objects.filter(kind="overdue", given_up_at__isnull=False).count() == 1
    assert not Notification.objects.filter(kind__in=["reminder_overdue", "reminder_overdue_initiative"]).exists()
    assert mail.outbox == []


def test_a_replaced_lead_is_not_reminded_and_the_new_lead_is(scan):
    cast = make_cast()
    dialogue = stalled(cast, member=False)
    dialogue_transition(
        dialogue=dialogue,
        action=A.REASSIGN,
        actor=cast.coordinator,
        official=cast.district_official,
        reason="Andere afdeling.",
        now=ASSIGNED_AT,
    )
    scan(date(2026, 12, 16))
    assert reminders_received(cast) == {("reminder_heads_up", "district_official")}


def test_the_coordinator_is_reminded_and_the_city_hears_of_a_stalled_assignment(scan):
    cast = make_cast()
    second_city = city_coordinator()
    opened = dialogue_open(
        initiative=cast.initiative, question="Mag het?", actor=cast.coordinator, now=morning(date(2026, 12, 1), 10)
    )
    # Triage: five working days, until the end of Tuesday 8 December.
    assert opened.deadline_at == add_working_days(morning(date(2026, 12, 1), 10), 5)
    # The coordinator who opened it acted at the start of the turn, which does not count as acting in it.
    for day in (date(2026, 12, 4), date(2026, 12, 7), date(2026, 12, 9), date(2026, 12, 15), date(2026, 12, 16)):
        scan(day)
    received = reminders_received(cast)
    assert received >= {
        ("reminder_coordinator_heads_up", "coordinator"),
        ("reminder_coordinator_overdue", "coordinator"),
        ("reminder_city_escalation", "city"),
    }
    assert ("reminder_city_escalation", str(second_city.pk)) in received
    event = opened.events.get(action=ESCALATED)
    assert event.params == {"level": "city"}
    assert Notification.objects.filter(kind="reminder_city_escalation").count() == 2


def test_the_initiative_gets_a_gentle_reminder_then_the_dialogue_moves_on(scan):
    cast = make_cast()
    dialogue = stalled(cast, member=False)
    asked_at = morning(date(2026, 12, 7), 11)
    dialogue = dialogue_transition(
        dialogue=dialogue, action=A.ASK, actor=cast.lead, text="Hoeveel buren?", now=asked_at
    )
    # Fifteen working days for the initiative: until the end of Tuesday 29 December.
    assert dialogue.deadline_at == add_working_days(asked_at, 15)
    for day in days(date(2026, 12, 21), date(2026, 12, 30)):
        scan(day)
    kinds = [
        kind
        for kind in Notification.objects.filter(recipient=cast.owner).order_by("pk").values_list("kind", flat=True)
        if kind.startswith("reminder_") or kind == "dialogue_initiative_time_up"
    ]
    assert kinds == ["reminder_initiative_answer", "reminder_initiative_answer_last", "dialogue_initiative_time_up"]
    dialogue.refresh_from_db()
    assert dialogue.state == S.IN_DIALOGUE
    # Nothing escalates on the initiative's side, and the officials' new clock starts fresh.
    assert not dialogue.events.filter(action=ESCALATED).exists()


def test_a_proposed_outcome_reminds_the_initiative_that_silence_counts_as_accepting(scan):
    cast = make_cast()
    dialogue = stalled(cast, member=False)
    dialogue_transition(
        dialogue=dialogue,
        action=A.ANSWER,
        actor=cast.lead,
        text="We kijken ernaar.",
        now=morning(date(2026, 12, 7), 10),
    )
    dialogue_transition(
        dialogue=dialogue,
        action=A.PROPOSE,
        actor=cast.lead,
        outcome_type="agreed",
        summary="De gemeente wipt de tegels.",
        reasoning=REASONING,
        now=morning(date(2026, 12, 7), 11),
    )
    scan(date(2026, 12, 14))  # the reaction deadline is Monday 21 December: five working days ahead
    assert ("reminder_initiative_outcome", "owner") in reminders_received(cast)
    assert Notification.objects.get(kind="reminder_initiative_outcome", recipient=cast.owner).kind_spec.decides


def test_commitments_are_reminded_around_their_due_date_until_done(scan):
    cast = make_cast()
    dialogue = stalled(cast, member=False)
    now = morning(date(2026, 12, 7), 10)
    dialogue = dialogue_transition(dialogue=dialogue, action=A.ANSWER, actor=cast.lead, text="Goed plan.", now=now)
    commitments = [
        {"what": "Tegels wippen", "owner": cast.lead, "owner_label": "", "due_date": date(2026, 12, 18)},
        {"what": "Plantgrond leveren", "owner": cast.lead, "owner_label": "", "due_date": date(2026, 12, 18)},
    ]
    dialogue = dialogue_transition(
        dialogue=dialogue,
        action=A.PROPOSE,
        actor=cast.lead,
        outcome_type="agreed",
        summary="De gemeente wipt de tegels.",
        reasoning=REASONING,
        commitments=commitments,
        now=now + timedelta(hours=1),
    )
    dialogue_transition(dialogue=dialogue, action=A.ACCEPT, actor=cast.owner, now=now + timedelta(hours=2))
    done = Commitment.objects.get(what="Plantgrond leveren")
    commitment_mark_done(commitment=done, actor=cast.lead, now=now + timedelta(days=3))

    for day in days(date(2026, 12, 14), date(2026, 12, 29)):
        scan(day)
    open_one = Commitment.objects.get(what="Tegels wippen")
    rows = ReminderSent.objects.filter(subject_type="commitment").order_by("created_at", "pk")
    assert {row.subject_id for row in rows} == {open_one.pk}
    assert {(row.kind, row.recipient_id) for row in rows} == {
        ("commitment_heads_up", cast.lead.pk),
        ("commitment_overdue", cast.lead.pk),
        ("commitment_overdue_initiative", cast.owner.pk),
        ("commitment_overdue_initiative", cast.co_initiator.pk),
        ("commitment_second", cast.lead.pk),
        ("commitment_second_copy", cast.coordinator.pk),
    }
    assert {row.clock for row in rows} == {"2026-12-18"}


def test_the_command_runs_a_scan_and_says_so_also_on_a_weekend(capsys):
    stalled(make_cast())
    call_command("scan_deadlines", now="2026-12-19T07:00+01:00")
    assert "2026-12-19 is not a working day: no reminders are sent." in capsys.readouterr().out
    call_command("scan_deadlines", now="2026-12-20T07:00+01:00", last_working_day=True)
    out = capsys.readouterr().out
    assert out.startswith("Scan of 2026-12-18:")
    assert "2 new reminder(s)" in out  # the heads-up, caught up on the Friday before


def test_after_the_demo_data_a_scan_shows_reminders(settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    call_command("seed_demo", "--quiet-accounts", stdout=io.StringIO())
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("scan_deadlines", last_working_day=True, stdout=out)  # what `make run` does
    kinds = set(Notification.objects.filter(dedupe_key__startswith="reminder-").values_list("kind", flat=True))
    assert {"reminder_escalation", "reminder_long_overdue", "reminder_overdue_initiative"} <= kinds
    assert DialogueEvent.objects.filter(action=ESCALATED).exists()
    assert "escalated" in out.getvalue()


def fill(cast, count, now):
    """Add `count` open dialogues that are not due for anything (bulk, without history or events)."""
    deadline = add_working_days(now, 30)
    dialogues = Dialogue.objects.bulk_create(
        Dialogue(
            initiative=cast.initiative,
            district=cast.initiative.district,
            question="Vulling",
            state=S.IN_DIALOGUE if n % 2 else S.AWAITING_INITIATIVE,
            waiting_on="officials" if n % 2 else "initiative",
            clock=2,
            turn_started_at=now,
            turn_days=30,
            deadline_at=deadline,
            long_overdue_at=deadline + timedelta(days=42),
            created_at=now,
        )
        for n in range(count)
    )
    DialogueAssignment.objects.bulk_create(
        DialogueAssignment(
            dialogue=dialogue,
            official=cast.lead,
            official_name="Vulling",
            is_lead=True,
            job_title="civil_servant",
            assigned_at=now,
        )
        for dialogue in dialogues
    )


def measure_scan(now):
    """Return (queries, seconds) of one scan, rolled back so it can be measured again."""
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        started = clock.perf_counter()
        result = reminders_scan(now=now)
        seconds = clock.perf_counter() - started
        transaction.set_rollback(True)
    assert result.reminders == 9  # the same due clocks both times
    return len(queries), seconds


def test_the_scan_costs_the_same_with_10_and_1000_open_dialogues(settings):
    cast = make_cast()
    # Three due clocks: a heads-up, an overdue one and one to escalate (and long overdue).
    stalled(cast, morning(date(2026, 12, 4), 10))
    stalled(cast, morning(date(2026, 11, 30), 10), member=False)
    stalled(cast, morning(date(2026, 11, 10), 10), member=False)
    now = morning(date(2026, 12, 16))
    fill(cast, 7, now)
    small, small_seconds = measure_scan(now)
    fill(cast, 990, now)
    assert Dialogue.objects.open().count() == 1000
    large, large_seconds = measure_scan(now)
    print(
        f"\nscan: {small} queries in {small_seconds:.3f}s (10 open dialogues), {large} in {large_seconds:.3f}s (1000)"
    )
    assert small == large
    assert large <= 40
