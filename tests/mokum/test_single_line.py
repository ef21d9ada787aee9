"""Titles, names and summaries stay on one line: line breaks and control characters get a clear form error."""

import pytest
from django.core.exceptions import ValidationError

from accounts.forms import ProfileForm, SignupForm
from dialogues.forms import CommitmentForm, OutcomeForm
from initiatives.forms import InitiativeForm, SupportForm
from mokum.text import email_subject
from support.forms import ArticleForm, EventForm, SchemeForm
from tests.accounts.factories import UserFactory

SINGLE_LINE_FIELDS = [
    (SignupForm, "display_name"),
    (ProfileForm, "display_name"),
    (InitiativeForm, "title"),
    (InitiativeForm, "summary"),
    (InitiativeForm, "image_alt"),
    (SupportForm, "neighbourhood"),
    (OutcomeForm, "summary"),
    (CommitmentForm, "what"),
    (CommitmentForm, "owner_label"),
    (SchemeForm, "name"),
    (SchemeForm, "provider_name"),
    (ArticleForm, "title"),
    (ArticleForm, "summary"),
    (EventForm, "title"),
    (EventForm, "audience"),
    (EventForm, "location"),
]
BAD = ["Two\nlines", "Carriage\rreturn", "A\ttab", "Nul\x00byte", "Escape\x1b[31m", "Line\u2028separator", "Del\x7f"]


@pytest.mark.parametrize(("form_class", "name"), SINGLE_LINE_FIELDS, ids=lambda v: getattr(v, "__name__", v))
def test_every_one_line_field_refuses_line_breaks_and_control_characters(form_class, name):
    field = form_class.base_fields[name]
    for value in BAD:
        with pytest.raises(ValidationError) as refused:
            field.clean(value)
        assert "single_line" in [error.code for error in refused.value.error_list], value
    assert field.clean("  Buurtmoestuin De Pijp — samen “groen”  ") == "Buurtmoestuin De Pijp — samen “groen”"


@pytest.mark.django_db
def test_a_name_with_a_line_break_gets_a_clear_error_in_dutch(client):
    person = UserFactory(display_name="Fatima", preferred_language="nl")
    client.force_login(person)
    response = client.post(
        "/accounts/profile/", {"display_name": "Fatima\nBcc: iedereen@example.org", "preferred_language": "nl"}
    )
    assert response.status_code == 200
    assert "Schrijf dit op één regel, zonder regeleinden of tabs." in response.content.decode()
    person.refresh_from_db()
    assert person.display_name == "Fatima"


def test_an_email_subject_is_one_line_whatever_it_is_built_from():
    assert email_subject("[Kracht van Mokum]", "Tuin\r\nBcc: x@example.org\x00 \u2028 klaar") == (
        "[Kracht van Mokum] Tuin Bcc: x@example.org klaar"
    )
