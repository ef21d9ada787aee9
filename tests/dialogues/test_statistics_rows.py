"""The statistics' copy of each dialogue (dialogues.models.StatisticsRow), kept by PostgreSQL's triggers.

After every kind of change (the workflow's steps, bulk updates, a lead who leaves, an escalation, a deletion, two
changes at once) each dialogue has exactly one row, and it holds what the dialogue, its current lead and its
escalations hold now: the same as reading them afresh.
"""

import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from dashboard import statistics as stats
from dashboard.forms import StatisticsFilters
from dialogues.models import Dialogue, DialogueAssignment, DialogueEvent, StatisticsRow
from dialogues.services import dialogue_transition
from dialogues.workflow import Action
from tests.accounts.factories import DepartmentFactory, district, official
from tests.concurrency import failures, run_at_once
from tests.dashboard.factories import NOW, build_bulk, build_hand_set
from tests.dialogues.factories import dialogue_in, make_cast

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

S = Dialogue.State
COPIED = [
    "district_id",
    "initiative_id",
    "state",
    "waiting_on",
    "outcome_type",
    "created_at",
    "deadline_at",
    "long_overdue_at",
    "first_response_at",
    "first_answer_due_at",
    "concluded_at",
    "ended_at",
    "first_response_days",
    "first_response_on_time",
    "outcome_days",
]


def fresh() -> dict:
    """Return each dialogue's row as read afresh from the dialogues, their current leads and their escalations."""
    leads = {
        a.dialogue_id: (a.department_id, a.department_name)
        for a in DialogueAssignment.objects.filter(is_lead=True, ended_at__isnull=True)
    }
    escalations = Counter(DialogueEvent.objects.filter(action="escalated").values_list("dialogue_id", flat=True))
    return {
        row[0]: (*row[1:], escalations[row[0]], *leads.get(row[0], (None, None)))
        for row in Dialogue.objects.values_list("pk", *COPIED)
    }


def kept() -> dict:
    """Return each dialogue's row as the triggers kept it."""
    rows = StatisticsRow.objects.values_list(
        "dialogue_id", *COPIED, "escalations", "lead_department_id", "lead_department_name"
    )
    return {row[0]: row[1:] for row in rows}


def test_the_workflow_steps_keep_every_dialogue_row():
    hand = build_hand_set()
    build_bulk(40, now=NOW)
    waiting = dialogue_in(S.REQUESTED, make_cast())
    rows = kept()
    assert rows == fresh()
    assert len(rows) == Dialogue.objects.count() > 40
    # Assigned dialogues carry their lead's department; one still waiting to be assigned has none.
    assert rows[hand.dialogues[1].pk][-1] == "Afdeling A"
    assert rows[waiting.pk][-2:] == (None, None)


def row_version(dialogue) -> str:
    """Return where the dialogue's row is stored (PostgreSQL's `ctid`): every rewrite stores a new version."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT ctid::text FROM dialogues_statisticsrow WHERE dialogue_id = %s", [dialogue.pk])
        return cursor.fetchone()[0]


def test_a_step_that_changes_nothing_the_row_copies_leaves_the_row_alone():
    cast = make_cast()
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    stored = row_version(dialogue)
    # An internal note raises the dialogue's version and keeps its state and clock: nothing the figures read.
    dialogue_transition(dialogue=dialogue, action=Action.NOTE, actor=cast.lead, text="Even bellen.")
    assert Dialogue.objects.get(pk=dialogue.pk).version == dialogue.version + 1
    assert row_version(dialogue) == stored
    # A question to the initiative moves the turn: the row follows.
    dialogue.refresh_from_db()
    dialogue_transition(dialogue=dialogue, action=Action.ASK, actor=cast.lead, text="Welke gevels?")
    assert row_version(dialogue) != stored
    assert kept()[dialogue.pk][COPIED.index("waiting_on")] == "initiative"
    assert kept() == fresh()


def test_bulk_updates_a_lead_who_leaves_escalations_and_deletions_reach_the_rows():
    hand = build_hand_set()
    d1, d5 = hand.dialogues[1], hand.dialogues[5]
    # A bulk update (the clocks' jobs and data fixes write this way): no model's save() runs.
    assert Dialogue.objects.filter(pk=d1.pk).update(outcome_days=F("outcome_days") + 3) == 1
    assert kept()[d1.pk][COPIED.index("outcome_days")] == d1.outcome_days + 3
    # The lead leaves and nobody takes over: the dialogue counts in no department.
    DialogueAssignment.objects.filter(dialogue=d5, is_lead=True).update(ended_at=NOW)
    assert kept()[d5.pk][-2:] == (None, None)
    # A new lead from another department: the department filter finds the dialogue there.
    other = DepartmentFactory(name="Afdeling C", district=district("west"))
    lead_c = official("west", department=other)
    dialogue_transition(
        dialogue=d5, action=Action.REASSIGN, actor=hand.coordinator, official=lead_c, reason="Andere afdeling.", now=NOW
    )
    assert kept()[d5.pk][-2:] == (other.pk, "Afdeling C")
    in_c = stats.statistics_rows(district_ids=[d5.district_id], filters=StatisticsFilters(department=other))
    assert list(in_c.values_list("dialogue_id", flat=True)) == [d5.pk]
    assert kept() == fresh()
    # An escalation, and one a scan logged ahead of time: counted in the row, in the figures once its moment comes.
    for moment in (NOW - timedelta(days=1), NOW + timedelta(days=5)):
        DialogueEvent.objects.create(
            dialogue=d5,
            action="escalated",
            to_state=d5.state,
            clock=d5.clock,
            waiting_on=d5.waiting_on,
            created_at=moment,
        )
    assert kept() == fresh()
    west = stats.filtered_dialogues(district_ids=[d5.district_id], filters=StatisticsFilters())
    for now in (NOW, NOW + timedelta(days=6)):
        grouped = stats.grouped_figures_of(
            district_ids=[d5.district_id], filters=StatisticsFilters(), now=now, minimum=1, by_district=True
        )
        assert grouped.overall == stats.figures_overall(west, StatisticsFilters(), now=now)
    assert (
        grouped.overall.escalations
        == stats.figures_grouped(west, StatisticsFilters(), now=NOW, minimum=1, by_district=False).overall.escalations
        + 1
    )
    # A deleted dialogue takes its row along.
    Dialogue.objects.filter(pk=d1.pk).delete()
    assert d1.pk not in kept()
    assert kept() == fresh()


@pytest.mark.django_db(transaction=True)
def test_a_new_lead_and_a_change_to_the_dialogue_at_once_both_reach_the_row():
    """A lead changed in one transaction while another changes the dialogue: the row ends with both changes.

    The second change waits for the first (the assignment's trigger locks the dialogue's row), then reads the new
    lead. Without that lock it would write the lead it saw when it began, over the new one.
    """
    cast = make_cast()
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    other = DepartmentFactory(name="Stadsloket", district=district("west"))
    new_lead = official("west", department=other)
    assigned = threading.Event()
    now = timezone.now()

    def change_the_lead():
        with transaction.atomic():
            DialogueAssignment.objects.filter(dialogue=dialogue, is_lead=True, ended_at__isnull=True).update(
                ended_at=now
            )
            DialogueAssignment.objects.create(
                dialogue=dialogue,
                official=new_lead,
                official_name="Nieuwe trekker",
                is_lead=True,
                department=other,
                department_name=other.name,
                job_title=new_lead.roles.get().job_title,
                assigned_at=now,
            )
            assigned.set()
            time.sleep(0.5)  # the other change starts meanwhile
        return "assigned"

    def change_the_dialogue():
        assert assigned.wait(timeout=10)
        Dialogue.objects.filter(pk=dialogue.pk).update(deadline_at=now + timedelta(days=9))
        return "changed"

    results = run_at_once([change_the_lead, change_the_dialogue])
    assert not failures(results), results
    connection.close()
    row = kept()[dialogue.pk]
    assert row[-2:] == (other.pk, "Stadsloket")
    assert row[COPIED.index("deadline_at")] == now + timedelta(days=9)
    assert kept() == fresh()


def test_the_generated_columns_answer_the_figures_conditions_as_the_dialogues_do_at_every_moment():
    """Open now, an answer missing, late, long overdue: read from a row's generated columns, as from the dialogue."""
    build_hand_set()
    build_bulk(60, now=NOW)
    moved = set()
    for days in (-60, -10, -1, 0, 2, 7, 20, 60, 400):
        now = NOW + timedelta(days=days)
        by_dialogue, by_row = stats.row_flags(Q(), now), stats.statistics_row_flags(Q(), now)
        for name in ("is_open", "missing", "due", "late", "long_late"):
            expected = set(Dialogue.objects.filter(by_dialogue[name]).values_list("pk", flat=True))
            assert set(StatisticsRow.objects.filter(by_row[name]).values_list("dialogue_id", flat=True)) == expected, (
                name,
                days,
            )
            moved.add((name, len(expected)))
    # The moments make a difference: each condition holds for some dialogues and for a different number over time.
    for name in ("missing", "due", "late", "long_late"):
        assert len({count for flag, count in moved if flag == name}) > 1, name
