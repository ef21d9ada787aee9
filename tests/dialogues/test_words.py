"""The dialogue's words: who decided an outcome and in which role, who sent a proposal back, the board member's
title, contesting that is not a formal objection, dates written one way, notifications that name the dialogue."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from dialogues.models import Dialogue
from dialogues.services import dialogue_open
from dialogues.workflow import Action
from mokum.dates import long_date
from notifications.models import Notification
from notifications.services import render_notification_email
from tests.dialogues.factories import dialogue_in, make_cast, step

pytestmark = pytest.mark.django_db

A = Action
S = Dialogue.State


@pytest.fixture
def cast():
    return make_cast()


def html_of(client, user, dialogue):
    client.force_login(user)
    return client.get(dialogue.get_absolute_url()).content.decode()


def test_an_earlier_proposal_credits_who_disagreed_and_who_sent_it_back_in_their_role(client, cast):
    contested = dialogue_in(S.CONTESTED, cast, escalated=True)
    step(contested, A.RESUME, cast.board, None, reason="Praat verder over de planning.")
    html = html_of(client, cast.resident, contested)
    earlier = html[html.index("Earlier proposals") :]
    # The name is isolated (<bdi>), so a Dutch name keeps its place inside an Arabic sentence.
    lead = escape(cast.lead.display_name)
    assert f"Proposed by <bdi>{lead}</bdi> (official (area manager, Gebiedsteam West))" in earlier
    assert f"{escape(cast.owner.display_name)} (initiator) said on " in earlier
    assert "that the initiative does not agree with it." in earlier
    assert f"{escape(cast.board.display_name)} (district board member) sent it back to the dialogue on " in earlier


def test_an_upheld_outcome_says_who_decided_in_which_role(client, cast):
    contested = dialogue_in(S.CONTESTED, cast, escalated=True)
    step(contested, A.UPHOLD, cast.board, None, reason="De uitkomst is redelijk.")
    html = html_of(client, cast.resident, contested)
    outcome = html[html.index('id="outcome-title"') : html.index('id="timeline-title"')]
    assert f"{escape(cast.board.display_name)} (district board member) decided on " in outcome
    assert "that the outcome stands." in outcome


def test_the_board_member_is_named_by_office_not_by_a_department(client, cast):
    contested = dialogue_in(S.CONTESTED, cast, escalated=True)
    html = html_of(client, cast.coordinator, contested)
    officials = html[html.index("<dt>Officials</dt>") : html.index("<dt>District</dt>")]
    assert f"{escape(cast.board.display_name)} — district board member" in officials
    assert "Stadsdeelbestuur" not in officials
    with translation.override("nl"):
        client.cookies["django_language"] = "nl"
        cast.coordinator.preferred_language = "nl"
        cast.coordinator.save()
        html = html_of(client, cast.coordinator, contested)
    assert f"{escape(cast.board.display_name)} — stadsdeelbestuurder" in html


def test_contesting_says_it_is_not_a_formal_objection_in_dutch(client, cast):
    dialogue = dialogue_in(S.OUTCOME_PROPOSED, cast)
    cast.owner.preferred_language = "nl"
    cast.owner.save()
    client.cookies["django_language"] = "nl"
    client.force_login(cast.owner)
    page = client.get(dialogue.get_absolute_url()).content.decode()
    assert "Niet eens met de uitkomst" in page
    assert "Bezwaar maken" not in page
    form = client.get(reverse("dialogues:act", kwargs={"pk": dialogue.pk, "action": A.CONTEST})).content.decode()
    assert "Geen formeel bezwaar" in form
    assert "Waarom ben je het niet eens met de uitkomst?" in form
    assert "bezwaar maken bij de gemeente zelf" in form


def test_no_leftover_words_on_the_dialogue_page_in_dutch(client, cast):
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    client.cookies["django_language"] = "nl"
    cast.coordinator.preferred_language = "nl"
    cast.coordinator.save()
    html = html_of(client, cast.coordinator, dialogue)
    for old in ("Op dezelfde werkdag", "Gelukt.", "eerstverantwoordelijk", "Eerstverantwoordelijk", "aantal werkdagen"):
        assert old not in html
    assert "verantwoordelijke ambtenaar" in html


def test_a_deadline_reads_the_same_in_the_mail_and_on_the_page(client, cast):
    cast.lead.preferred_language = "nl"
    cast.lead.save()
    dialogue = dialogue_in(S.ASSIGNED, cast)
    notification = Notification.objects.get(recipient=cast.lead, kind="dialogue_assigned")
    mail = render_notification_email(notification)
    with translation.override("nl"):
        date = long_date(dialogue.deadline_at)
    assert date.split()[0] in ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag")
    assert f"uiterlijk {date}" in mail.body
    client.cookies["django_language"] = "nl"
    assert date in html_of(client, cast.lead, dialogue)


def test_notifications_name_the_dialogue_when_the_initiative_has_more_than_one(cast):
    first = dialogue_in(S.REQUESTED, cast)
    step(first, A.ASSIGN, cast.coordinator, None, official=cast.lead)
    assigned = Notification.objects.filter(recipient=cast.lead, kind="dialogue_assigned").latest("pk")
    assert assigned.subject == f"You are the lead official for “{cast.initiative.title}”"

    second = dialogue_open(
        initiative=cast.initiative, question="Mag er een bankje bij de boom?", actor=cast.coordinator
    )
    step(second, A.ASSIGN, cast.coordinator, None, official=cast.member)
    assigned = Notification.objects.filter(recipient=cast.member, kind="dialogue_assigned").latest("pk")
    assert assigned.subject == (
        f"You are the lead official for “{cast.initiative.title}: Mag er een bankje bij de boom?”"
    )


def test_the_initiative_page_says_what_happens_next_in_each_dialogue(client, cast):
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    html = client.get(cast.initiative.get_absolute_url()).content.decode()
    assert f"The municipality answers by {long_date(dialogue.deadline_at)}." in html
