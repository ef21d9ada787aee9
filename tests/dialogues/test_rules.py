"""Who may read a dialogue, its internal notes, open one, use the inbox and keep commitments."""

import pytest
import rules

from dialogues.models import Commitment, Dialogue
from tests.dialogues.factories import ROLES, dialogue_in, make_cast

pytestmark = pytest.mark.django_db

S = Dialogue.State
STAFF = {"lead", "member", "board", "district_official", "coordinator", "city"}
INITIATIVE = {"owner", "co_initiator"}


def matrix(cast, permission, obj):
    return {role for role in ROLES if rules.has_perm(permission, getattr(cast, role), obj)}


def test_reading_a_public_dialogue_and_its_internal_notes():
    cast = make_cast()
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    assert matrix(cast, "dialogues.view_dialogue", dialogue) == set(ROLES)
    # Officials of another district and their coordinators are outsiders here.
    assert matrix(cast, "dialogues.view_internal", dialogue) == STAFF


def test_reading_the_dialogue_of_a_hidden_initiative():
    cast = make_cast()
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    cast.initiative.hidden_at = dialogue.created_at
    cast.initiative.hidden_reason = "Gemeld."
    cast.initiative.save()
    dialogue = Dialogue.objects.select_related("initiative").get(pk=dialogue.pk)
    assert matrix(cast, "dialogues.view_dialogue", dialogue) == STAFF | INITIATIVE


def test_opening_a_dialogue_and_using_the_inbox():
    cast = make_cast()
    # The district's coordinator opens one; the initiators ask for one (it then waits on the coordinator).
    assert matrix(cast, "dialogues.open_dialogue", cast.initiative) == {"coordinator", "owner", "co_initiator"}
    cast.initiative.status = "realised"
    assert matrix(cast, "dialogues.open_dialogue", cast.initiative) == set()
    assert {role for role in ROLES if rules.has_perm("dialogues.view_inbox", getattr(cast, role))} == {
        "lead",
        "member",
        "board",
        "district_official",
        "other_official",
        "coordinator",
        "other_coordinator",
    }


def test_keeping_and_dropping_commitments():
    cast = make_cast()
    dialogue = dialogue_in(S.CONCLUDED, cast)
    commitment = Commitment.objects.select_related("dialogue", "outcome").get(dialogue=dialogue)
    assert commitment.owner == cast.lead
    assert matrix(cast, "dialogues.complete_commitment", commitment) == {"lead", "coordinator"}
    assert matrix(cast, "dialogues.drop_commitment", commitment) == {"coordinator"}
