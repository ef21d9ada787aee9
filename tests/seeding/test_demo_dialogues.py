"""The demo dialogues: every state, overdue and long overdue, reasoned outcomes and commitments; idempotent."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from dialogues.models import Commitment, Dialogue, DialogueEvent, Message
from districts.workdays import local_date
from seeding.demo import accounts as accounts_demo
from seeding.demo import dialogues as demo

pytestmark = pytest.mark.django_db


def check_demo():
    now = timezone.now()
    dialogues = list(Dialogue.objects.all())
    assert {d.state for d in dialogues} == set(Dialogue.State.values)
    assert any(d.is_overdue(now) and not d.is_long_overdue(now) for d in dialogues)
    assert any(d.is_long_overdue(now) for d in dialogues)
    assert {"concluded_agreed", "concluded_not_agreed"} <= {d.public_status for d in dialogues}
    today = local_date(now)
    commitments = list(Commitment.objects.live())
    assert {c.status for c in commitments} >= {"open", "done"}
    assert any(c.is_overdue(today) for c in commitments)
    assert Message.objects.filter(is_internal=True).exists() and Message.objects.filter(kind="question").exists()
    assert DialogueEvent.objects.filter(action="overdue").exists()


def test_demo_dialogues_on_the_initiatives_demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--quiet-accounts", stdout=io.StringIO())
    check_demo()
    counts = (Dialogue.objects.count(), DialogueEvent.objects.count(), Message.objects.count())
    call_command("seed_demo", "--quiet-accounts", stdout=io.StringIO())
    assert (Dialogue.objects.count(), DialogueEvent.objects.count(), Message.objects.count()) == counts


def test_demo_dialogues_bring_their_own_initiatives_when_there_are_too_few():
    accounts_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    check_demo()
    demo.seed(io.StringIO())
    assert Dialogue.objects.count() == len(demo.SCENARIOS)
