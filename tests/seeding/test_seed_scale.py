"""`manage.py seed_scale`: the city-scale data set, small here, coherent and reproducible."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Max

from accounts.models import Role
from dialogues.models import ENDED_STATES, OPEN_STATES, Dialogue, DialogueEvent, Message, WaitingOn
from dialogues.workflow import OVERDUE
from districts.models import District
from initiatives.models import Initiative, Support
from seeding.scale import counts_for

pytestmark = pytest.mark.django_db


def test_the_command_seeds_every_kind_of_row_and_says_how_long_it_took(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_scale", "--fraction", "0.002", stdout=out)
    text = out.getvalue()
    assert "supports" in text and "messages" in text and "Done in" in text
    counts = counts_for(0.002)
    assert Initiative.objects.count() == counts["initiatives"]
    assert Dialogue.objects.count() == counts["dialogues"]
    assert Support.objects.count() == counts["supports"]
    assert abs(Message.objects.count() - counts["messages"]) <= counts["messages"] * 0.02


def test_it_refuses_without_debug_unless_told_and_on_a_database_with_initiatives(settings, seeded):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--yes-i-know"):
        call_command("seed_scale", "--fraction", "0.001")
    seeded(0.001)
    with pytest.raises(CommandError, match="already holds initiatives"):
        call_command("seed_scale", "--fraction", "0.001", "--yes-i-know", stdout=io.StringIO())


def test_the_data_is_coherent(seeded):
    seeded(0.003)
    # Every state, and a dialogue with exactly 50 messages, all public, for the benchmark's page.
    assert set(Dialogue.objects.values_list("state", flat=True)) == set(Dialogue.State.values)
    fifty = Dialogue.objects.annotate(n=Count("messages")).filter(n=50)
    assert fifty.exists() and not Message.objects.filter(dialogue__in=fifty, is_internal=True).exists()
    # Supporter counts match the supports.
    for initiative in Initiative.objects.annotate(n=Count("supports")):
        assert initiative.supporter_count == initiative.n
    assert not Support.objects.exclude(initiative__in=Initiative.objects.public()).exists()
    # Officials and coordinators in every district.
    for district in District.objects.all():
        assert Role.objects.filter(district=district, kind=Role.Kind.COORDINATOR).exists()
        assert Role.objects.filter(district=district, kind=Role.Kind.OFFICIAL).count() >= 4
    # Each dialogue's state and turn are those its last event left it in; events follow one another in time.
    last_clock = dict(
        DialogueEvent.objects.exclude(action=OVERDUE).values_list("dialogue").annotate(clock=Max("clock"))
    )
    for dialogue in Dialogue.objects.all():
        events = list(
            dialogue.events.exclude(action__in=[OVERDUE, "escalated", "long_overdue"]).order_by("created_at", "pk")
        )
        assert events[0].action == "open" and events[-1].to_state == dialogue.state, dialogue.pk
        assert last_clock[dialogue.pk] == dialogue.clock
        assert all(a.to_state == b.from_state for a, b in zip(events, events[1:], strict=False)), dialogue.pk
        # The first-answer deadline is the one the first assignment set, as the services keep it.
        assigned = next((e for e in events if e.action == "assign"), None)
        assert dialogue.first_answer_due_at == (assigned.deadline_at if assigned else None), dialogue.pk
        if dialogue.state in OPEN_STATES:
            assert dialogue.deadline_at == events[-1].deadline_at or events[-1].action in ("reply", "note", "answer")
        else:
            assert dialogue.waiting_on == WaitingOn.NOBODY and dialogue.state in ENDED_STATES
    # Some open turns are overdue, most are not; the initiative's turns have not run out.
    from django.utils import timezone

    now = timezone.now()
    late = Dialogue.objects.filter(state__in=OPEN_STATES, waiting_on__in=["officials", "coordinator"])
    assert late.filter(deadline_at__lt=now).exists() and late.filter(deadline_at__gte=now).exists()


def test_the_same_seed_gives_the_same_data(seeded):
    def fingerprint():
        return (
            list(Initiative.objects.order_by("pk").values_list("title", "status", "district_id", "supporter_count")),
            list(Dialogue.objects.order_by("pk").values_list("state", "waiting_on", "clock", "initiative_id")),
            Message.objects.count(),
        )

    seeded(0.001, seed=7)
    first = fingerprint()
    seeded(0.001, seed=7)
    assert fingerprint() == first
    seeded(0.001, seed=8)
    assert fingerprint() != first
