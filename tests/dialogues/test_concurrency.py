"""Two people acting on one dialogue at the same moment, on PostgreSQL with real row locks: one wins, the
other is told the dialogue changed, and nothing is lost or done twice."""

from datetime import timedelta
from functools import partial

import pytest

from accounts.models import User
from dialogues.clocks import dialogues_apply_expired_clocks, dialogues_log_overdue
from dialogues.errors import DialogueChanged, DialogueError
from dialogues.models import Dialogue, DialogueEvent, Outcome
from dialogues.services import dialogue_transition
from dialogues.workflow import OVERDUE, Action
from tests.concurrency import run_together as run_together_refusing
from tests.dialogues.factories import dialogue_in, make_cast

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

A = Action
S = Dialogue.State


# Run the jobs at the same moment: each is ("ok", result) or ("refused", a DialogueError); anything else fails.
run_together = partial(run_together_refusing, refusal=DialogueError)


def test_accept_and_contest_at_once_exactly_one_wins():
    cast = make_cast()
    dialogue = dialogue_in(S.OUTCOME_PROPOSED, cast)
    seen = dialogue.version
    owner, co = User.objects.get(pk=cast.owner.pk), User.objects.get(pk=cast.co_initiator.pk)

    results = run_together(
        lambda: dialogue_transition(
            dialogue=Dialogue(pk=dialogue.pk), action=A.ACCEPT, actor=owner, expected_version=seen
        ),
        lambda: dialogue_transition(
            dialogue=Dialogue(pk=dialogue.pk),
            action=A.CONTEST,
            actor=co,
            expected_version=seen,
            reason="Wij zijn het er niet mee eens.",
        ),
    )

    outcomes = [kind for kind, _ in results]
    assert sorted(outcomes) == ["ok", "refused"]
    loser = next(value for kind, value in results if kind == "refused")
    assert isinstance(loser, DialogueChanged) and "reload" in loser.message.lower()
    dialogue.refresh_from_db()
    assert dialogue.version == seen + 1
    assert DialogueEvent.objects.filter(dialogue=dialogue, action__in=[A.ACCEPT, A.CONTEST]).count() == 1
    outcome = dialogue.outcomes.get()
    winner_action = A.ACCEPT if results[0][0] == "ok" else A.CONTEST
    assert dialogue.state == (S.CONCLUDED if winner_action == A.ACCEPT else S.CONTESTED)
    assert outcome.status == (Outcome.Status.ACCEPTED if winner_action == A.ACCEPT else Outcome.Status.CONTESTED)


def test_two_accepts_without_a_version_still_conclude_once():
    cast = make_cast()
    dialogue = dialogue_in(S.OUTCOME_PROPOSED, cast)
    owner, co = User.objects.get(pk=cast.owner.pk), User.objects.get(pk=cast.co_initiator.pk)
    results = run_together(
        *(
            (
                lambda person=person: dialogue_transition(
                    dialogue=Dialogue(pk=dialogue.pk), action=A.ACCEPT, actor=person
                )
            )
            for person in (owner, co)
        )
    )
    assert sorted(kind for kind, _ in results) == ["ok", "refused"]
    assert DialogueEvent.objects.filter(dialogue=dialogue, action=A.ACCEPT).count() == 1


def test_the_clock_running_out_while_the_initiative_answers():
    cast = make_cast()
    dialogue = dialogue_in(S.AWAITING_INITIATIVE, cast)
    late = dialogue.deadline_at + timedelta(minutes=5)
    owner = User.objects.get(pk=cast.owner.pk)
    results = run_together(
        lambda: dialogues_apply_expired_clocks(now=late),
        lambda: dialogue_transition(
            dialogue=Dialogue(pk=dialogue.pk), action=A.REPLY, actor=owner, now=late, text="Hier is ons antwoord."
        ),
    )
    dialogue.refresh_from_db()
    assert dialogue.state == S.IN_DIALOGUE
    moves = DialogueEvent.objects.filter(dialogue=dialogue, from_state=S.AWAITING_INITIATIVE).values_list(
        "action", flat=True
    )
    assert len(moves) == 1
    # Whichever came first, the initiative's answer is kept: as the answer, or as a message right after.
    assert results[1][0] == "ok"
    assert dialogue.messages.filter(kind="reply", text="Hier is ons antwoord.").count() == 1
    if list(moves) == [A.REPLY]:
        assert results[0] == ("ok", 0)


def test_concurrent_overdue_scans_log_once():
    cast = make_cast()
    dialogue = dialogue_in(S.ASSIGNED, cast)
    late = dialogue.deadline_at + timedelta(days=1)
    run_together(*(lambda: dialogues_log_overdue(now=late) for _ in range(4)))
    assert DialogueEvent.objects.filter(dialogue=dialogue, action=OVERDUE).count() == 1
