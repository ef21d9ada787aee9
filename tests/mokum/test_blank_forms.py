"""A blank form marked `same_for_everyone` is rendered once per process and language; a filled-in one every time."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from connect.forms import ReactionForm
from dialogues.forms import MessageForm
from dialogues.workflow import Action
from initiatives.forms import InitiativeForm, SupportForm
from mokum.templatetags.form_tags import _BLANK_FORMS, form_fields


def include(form):
    return render_to_string("includes/form_fields.html", {"form": form})


@pytest.fixture(autouse=True)
def _empty():
    _BLANK_FORMS.clear()


def test_a_blank_form_is_kept_and_looks_exactly_as_when_rendered():
    with translation.override("nl"):
        first = form_fields(SupportForm())
        assert first == include(SupportForm())
        assert form_fields(SupportForm()) is first, "the second time comes from the process's memory"
    with translation.override("en"):
        english = form_fields(SupportForm())
    assert "Show my name in the list of supporters" in english and english != first


def test_a_filled_in_form_its_errors_and_an_unmarked_form_are_never_kept(db):
    bound = ReactionForm({"body": "", "language": "nl"}, auto_id="reaction_%s")
    assert bound.errors
    html = form_fields(bound)
    assert "error" in html and html == include(bound)
    assert form_fields(InitiativeForm()) == include(InitiativeForm())  # choices from the database: not marked
    assert not _BLANK_FORMS


def test_the_initial_values_are_part_of_the_key(db):
    from dialogues.models import Dialogue
    from tests.dialogues.factories import dialogue_in, make_cast

    dialogue = dialogue_in(Dialogue.State.IN_DIALOGUE, make_cast())
    before = form_fields(MessageForm(dialogue=dialogue, action=Action.REPLY, prefix=Action.REPLY))
    dialogue.version += 1
    after = form_fields(MessageForm(dialogue=dialogue, action=Action.REPLY, prefix=Action.REPLY))
    assert f'value="{dialogue.version}"' in after and before != after, "a stale version is never shown"
