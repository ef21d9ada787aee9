"""Whose turn, what next: one sentence per state, and what it means for each side that reads it.

The expectations are written out by hand, not derived from the table they check.
"""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from dialogues.models import Dialogue
from dialogues.selectors import next_step, viewer_side
from dialogues.views import DONE
from dialogues.workflow import AUTOMATIC, Action
from districts.workdays import AMSTERDAM
from mokum.dates import long_date
from tests.dialogues.factories import dialogue_in, make_cast, step

pytestmark = pytest.mark.django_db

A = Action
S = Dialogue.State
# A Friday: ten working days later is Friday 11 December 2026 (no holiday in between).
FRIDAY = datetime(2026, 11, 27, 12, tzinfo=AMSTERDAM)

YOUR_TURN = "It is your turn."
NOT_YOURS = "No reply is expected from you now. You may still add something to the conversation."
ANSWER_EXPECTED = "A reply from you is expected: answer the question on this page."
REACTION_EXPECTED = "A reaction from you is expected: accept the outcome, or say that you disagree with it."

# (state, escalated) → (the sentence, or its beginning before the date; what each viewer reads for themselves)
EXPECTED = {
    (S.REQUESTED, False): (
        "The coordinator chooses the lead official by",
        {"owner": NOT_YOURS, "lead": "", "coordinator": YOUR_TURN, "board": "", "resident": ""},
    ),
    (S.ASSIGNED, False): (
        "The municipality gives its first answer by",
        {"owner": NOT_YOURS, "lead": YOUR_TURN, "coordinator": "", "board": "", "resident": ""},
    ),
    (S.IN_DIALOGUE, False): (
        "The municipality answers by",
        {"owner": NOT_YOURS, "lead": YOUR_TURN, "coordinator": "", "board": "", "resident": ""},
    ),
    (S.AWAITING_INITIATIVE, False): (
        "The initiative answers the municipality’s question by",
        {"owner": ANSWER_EXPECTED, "lead": "", "coordinator": "", "board": "", "resident": ""},
    ),
    (S.OUTCOME_PROPOSED, False): (
        "The initiative accepts the proposed outcome or says it disagrees, by",
        {"owner": REACTION_EXPECTED, "lead": "", "coordinator": "", "board": "", "resident": ""},
    ),
    (S.CONTESTED, False): (
        "The initiative disagrees with the outcome. The coordinator decides by",
        {"owner": NOT_YOURS, "lead": "", "coordinator": YOUR_TURN, "board": "", "resident": ""},
    ),
    # The coordinator asked the board member: only the board member is expected to act, not the lead.
    (S.CONTESTED, True): (
        "The district board member decides on the outcome by",
        {"owner": NOT_YOURS, "lead": "", "coordinator": "", "board": YOUR_TURN, "resident": ""},
    ),
    (S.REOPENED, False): (
        "The coordinator decides by",
        {"owner": NOT_YOURS, "lead": "", "coordinator": YOUR_TURN, "board": "", "resident": ""},
    ),
    (S.CONCLUDED, False): (
        "The dialogue is concluded with a reasoned outcome (agreed). Nobody has a next step.",
        dict.fromkeys(("owner", "lead", "coordinator", "board", "resident"), ""),
    ),
    (S.CLOSED, False): (
        "The coordinator closed the dialogue (duplicate of another dialogue). It ends here; below is where to go "
        "instead.",
        dict.fromkeys(("owner", "lead", "coordinator", "board", "resident"), ""),
    ),
    (S.WITHDRAWN, False): (
        "The initiative withdrew from the dialogue. It ends here; everyone can still read it.",
        dict.fromkeys(("owner", "lead", "coordinator", "board", "resident"), ""),
    ),
}


def test_every_state_is_covered():
    assert {state for state, _escalated in EXPECTED} == set(S.values)


@pytest.mark.parametrize(("state", "escalated"), list(EXPECTED))
def test_the_next_step_for_every_state_and_every_side(state, escalated):
    cast = make_cast()
    dialogue = Dialogue.objects.get(pk=dialogue_in(state, cast, now=FRIDAY, escalated=escalated).pk)
    sentence, for_each = EXPECTED[(state, escalated)]
    for name, expected in for_each.items():
        user = getattr(cast, name)
        shown = next_step(dialogue, now=FRIDAY, side=viewer_side(user, dialogue), user=user)
        if dialogue.is_open:
            assert shown.sentence.startswith(sentence + " " + long_date(dialogue.deadline_at)), shown.sentence
        else:
            assert shown.sentence == sentence
        assert shown.for_you == expected, (name, shown.for_you)
        assert shown.yours == (expected in (YOUR_TURN, ANSWER_EXPECTED, REACTION_EXPECTED)), name


def test_the_sentence_in_dutch_names_the_day():
    cast = make_cast()
    dialogue = dialogue_in(S.IN_DIALOGUE, cast, now=FRIDAY)
    with translation.override("nl"):
        assert next_step(dialogue, now=FRIDAY).sentence == "De gemeente antwoordt uiterlijk vrijdag 11 december 2026."
        owner = next_step(dialogue, now=FRIDAY, side=viewer_side(cast.owner, dialogue), user=cast.owner)
        assert owner.for_you == "Je hoeft nu niet te reageren. Je mag wel altijd iets toevoegen aan de dialoog."


def test_a_late_step_is_called_late_not_announced():
    cast = make_cast()
    dialogue = dialogue_in(S.IN_DIALOGUE, cast, now=FRIDAY)
    later = FRIDAY + timedelta(days=20)
    assert next_step(dialogue, now=later).sentence == (
        "The municipality should have taken the next step by Friday 11 December 2026. It is late."
    )


def test_the_dialogue_page_tells_the_initiative_whether_a_reply_is_expected(client):
    cast = make_cast()
    dialogue = dialogue_in(S.AWAITING_INITIATIVE, cast)
    client.force_login(cast.owner)
    html = client.get(dialogue.get_absolute_url()).content.decode()
    assert "The initiative answers the municipality’s question by " + long_date(dialogue.deadline_at) in html
    assert ANSWER_EXPECTED in html

    step(dialogue, A.REPLY, cast.owner, None, text="Twaalf bewoners doen mee.")
    html = client.get(dialogue.get_absolute_url()).content.decode()
    assert NOT_YOURS in html
    assert "The municipality answers by " in html


def test_every_action_a_person_takes_has_a_message_that_says_what_happened():
    assert set(DONE) == set(Action.values) - AUTOMATIC


def test_the_message_after_an_action_says_what_happened_and_who_is_next(client):
    cast = make_cast()
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    client.force_login(cast.lead)
    url = reverse("dialogues:act", kwargs={"pk": dialogue.pk, "action": A.ASK})
    response = client.post(
        url, {"ask-version": dialogue.version, "ask-text": "Hoeveel bewoners doen mee?"}, follow=True
    )
    dialogue.refresh_from_db()
    assert (
        "Your question is in the dialogue. The initiative has been told. The initiative answers the municipality’s "
        f"question by {long_date(dialogue.deadline_at)}." in response.content.decode()
    )


def test_the_message_after_an_action_in_dutch(client):
    cast = make_cast()
    dialogue = dialogue_in(S.AWAITING_INITIATIVE, cast)
    client.cookies["django_language"] = "nl"
    cast.owner.preferred_language = "nl"
    cast.owner.save()
    client.force_login(cast.owner)
    url = reverse("dialogues:act", kwargs={"pk": dialogue.pk, "action": A.REPLY})
    response = client.post(url, {"reply-version": dialogue.version, "reply-text": "Twaalf."}, follow=True)
    dialogue.refresh_from_db()
    with translation.override("nl"):
        date = long_date(dialogue.deadline_at)
    assert f"Je antwoord staat in de dialoog. De gemeente antwoordt uiterlijk {date}." in response.content.decode()
