"""The pages: the dialogue's timeline for each kind of reader, the small action forms, opening a dialogue,
commitments, and what never reaches the public."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from dialogues.models import Commitment, Dialogue, Message
from dialogues.workflow import Action
from tests.dialogues.factories import REASONING, dialogue_in, make_cast, step

pytestmark = pytest.mark.django_db

A = Action
S = Dialogue.State
SECRET = "INTERN: de wethouder twijfelt nog"
SECRET_REASON = "INTERN: Jeroen is overspannen"


@pytest.fixture
def cast():
    return make_cast()


def with_secrets(cast, state=S.IN_DIALOGUE):
    dialogue = dialogue_in(state, cast)
    step(dialogue, A.NOTE, cast.lead, None, text=SECRET)
    step(
        Dialogue.objects.get(pk=dialogue.pk),
        A.REASSIGN,
        cast.coordinator,
        None,
        official=cast.member,
        reason=SECRET_REASON,
    )
    return Dialogue.objects.get(pk=dialogue.pk)


def page(client, user, url):
    client.logout()
    if user is not None and user.is_authenticated:
        client.force_login(user)
    return client.get(url)


def act_url(dialogue, action):
    return reverse("dialogues:act", kwargs={"pk": dialogue.pk, "action": action})


def test_visitor_reads_the_public_timeline_without_internal_notes_or_reasons(client, cast):
    dialogue = with_secrets(cast)
    response = client.get(dialogue.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mogen wij geveltuinen aanleggen?" in html
    assert "Dank voor jullie initiatief" in html
    assert SECRET not in html and SECRET_REASON not in html
    assert "internal-note" not in html
    assert str(dialogue.public_label) in html


@pytest.mark.parametrize("role", ["owner", "co_initiator", "resident", "other_initiator", "supporter"])
def test_no_internal_note_for_the_initiative_or_other_residents(client, cast, role):
    dialogue = with_secrets(cast)
    html = page(client, getattr(cast, role), dialogue.get_absolute_url()).content.decode()
    assert SECRET not in html and SECRET_REASON not in html


@pytest.mark.parametrize("role", ["lead", "member", "district_official", "coordinator", "city"])
def test_officials_and_coordinators_see_internal_notes(client, cast, role):
    dialogue = with_secrets(cast)
    html = page(client, getattr(cast, role), dialogue.get_absolute_url()).content.decode()
    assert SECRET in html and SECRET_REASON in html


def test_internal_notes_never_on_the_initiative_page(client, cast):
    dialogue = with_secrets(cast, S.OUTCOME_PROPOSED)
    response = client.get(cast.initiative.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert dialogue.get_absolute_url() in html
    assert "Tegels wippen voor de geveltuinen" in html  # the commitment
    assert SECRET not in html and SECRET_REASON not in html


def test_a_dialogue_of_a_hidden_initiative_is_not_public(client, cast):
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    cast.initiative.hidden_at = dialogue.created_at
    cast.initiative.hidden_reason = "Scheldwoorden in de beschrijving."
    cast.initiative.save()
    assert page(client, None, dialogue.get_absolute_url()).status_code == 404
    assert page(client, cast.resident, dialogue.get_absolute_url()).status_code == 404
    assert page(client, cast.owner, dialogue.get_absolute_url()).status_code == 200
    assert page(client, cast.coordinator, dialogue.get_absolute_url()).status_code == 200
    assert client.get("/dialogues/999999/").status_code == 404


def test_each_side_sees_its_own_forms(client, cast):
    dialogue = dialogue_in(S.AWAITING_INITIATIVE, cast)
    initiator_html = page(client, cast.owner, dialogue.get_absolute_url()).content.decode()
    assert act_url(dialogue, A.REPLY) in initiator_html and act_url(dialogue, A.WITHDRAW) in initiator_html
    assert act_url(dialogue, A.NOTE) not in initiator_html
    official_html = page(client, cast.lead, dialogue.get_absolute_url()).content.decode()
    assert act_url(dialogue, A.ANSWER) in official_html and act_url(dialogue, A.NOTE) in official_html
    assert act_url(dialogue, A.REPLY) not in official_html
    coordinator_html = page(client, cast.coordinator, dialogue.get_absolute_url()).content.decode()
    assert act_url(dialogue, A.CLOSE) in coordinator_html and act_url(dialogue, A.REASSIGN) in coordinator_html
    visitor_html = page(client, None, dialogue.get_absolute_url()).content.decode()
    assert reverse("account_login") in visitor_html and "<textarea" not in visitor_html
    city_html = page(client, cast.city, dialogue.get_absolute_url()).content.decode()
    assert "<textarea" not in city_html


def test_a_confirmation_form_says_what_will_happen_and_posting_does_it(client, cast):
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    client.force_login(cast.lead)
    response = client.get(act_url(dialogue, A.ASK))
    assert response.status_code == 200
    assert "15" in response.content.decode()  # the initiative's working days
    response = client.post(
        act_url(dialogue, A.ASK), {"ask-version": dialogue.version, "ask-text": "Wie doet het onderhoud?"}
    )
    assert response.status_code == 302 and response.url.startswith(dialogue.get_absolute_url())
    dialogue.refresh_from_db()
    assert dialogue.state == S.AWAITING_INITIATIVE


def test_a_stale_form_says_reload_and_keeps_the_text(client, cast):
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    seen = dialogue.version
    step(dialogue, A.REPLY, cast.owner, None, text="Nog iets.")
    client.force_login(cast.lead)
    response = client.post(act_url(dialogue, A.ANSWER), {"answer-version": seen, "answer-text": "Mijn lange antwoord."})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Mijn lange antwoord." in html
    assert "opnieuw" in html or "Reload" in html
    assert not Message.objects.filter(text="Mijn lange antwoord.").exists()
    # The form now carries the new version: sending it again works.
    response = client.post(
        act_url(dialogue, A.ANSWER), {"answer-version": seen + 1, "answer-text": "Mijn lange antwoord."}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("text", "problem"), [("", "required"), ("<script>alert(1)</script>", "markup"), ("x" * 6001, "long")]
)
def test_bad_input_gives_a_form_error_and_saves_nothing(client, cast, text, problem):
    dialogue = dialogue_in(S.AWAITING_INITIATIVE, cast)
    client.force_login(cast.owner)
    response = client.post(act_url(dialogue, A.REPLY), {"reply-version": dialogue.version, "reply-text": text})
    assert response.status_code == 400
    assert response.context["form"].errors["text"]
    assert not Message.objects.filter(kind="reply").exists()


def test_refused_roles_get_403_and_visitors_are_asked_to_log_in(client, cast):
    dialogue = dialogue_in(S.OUTCOME_PROPOSED, cast)
    assert page(client, None, act_url(dialogue, A.ACCEPT)).status_code == 302
    for role in ("lead", "coordinator", "resident", "other_initiator", "city"):
        assert page(client, getattr(cast, role), act_url(dialogue, A.ACCEPT)).status_code == 403, role
        client.force_login(getattr(cast, role))
        assert client.post(act_url(dialogue, A.ACCEPT), {"accept-version": dialogue.version}).status_code == 403
    assert page(client, cast.owner, act_url(dialogue, "explode")).status_code == 404
    assert page(client, cast.owner, act_url(dialogue, A.NO_OBJECTION)).status_code == 404
    # A side's action that the state does not have: back to the page with the reason.
    response = page(client, cast.owner, act_url(dialogue, A.REQUEST_REOPEN))
    assert response.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.state == S.OUTCOME_PROPOSED


def test_proposing_an_outcome_with_commitments_through_the_form(client, cast):
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    client.force_login(cast.lead)
    assert client.get(act_url(dialogue, A.PROPOSE)).status_code == 200
    data = {
        "propose-version": dialogue.version,
        "propose-outcome_type": "partly_agreed",
        "propose-summary": "Geveltuinen mogen, behalve op de hoek.",
        "propose-reasoning": "Te kort.",
        "commitments-TOTAL_FORMS": 3,
        "commitments-INITIAL_FORMS": 0,
        "commitments-0-what": "Tegels wippen",
        "commitments-0-owner": cast.lead.pk,
        "commitments-0-due_date": "2030-05-01",
        "commitments-1-what": "Planten kopen",
        "commitments-1-owner_label": "Bewonersgroep",
        "commitments-1-due_date": "2030-04-01",
    }
    response = client.post(act_url(dialogue, A.PROPOSE), data)
    assert response.status_code == 400
    assert "150" in str(response.context["form"].errors["reasoning"])
    response = client.post(act_url(dialogue, A.PROPOSE), {**data, "propose-reasoning": REASONING})
    assert response.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.state == S.OUTCOME_PROPOSED
    assert sorted(Commitment.objects.values_list("what", "owner_label")) == [
        ("Planten kopen", "Bewonersgroep"),
        ("Tegels wippen", cast.lead.display_name),
    ]


def test_coordinator_opens_a_dialogue_from_an_active_initiative(client, cast):
    url = reverse("dialogues:open", kwargs={"initiative_pk": cast.initiative.pk})
    for role in ("lead", "other_coordinator", "city", "resident"):
        assert page(client, getattr(cast, role), url).status_code == 403, role
    response = page(client, cast.coordinator, url)
    assert response.status_code == 200 and cast.initiative.ask in response.content.decode()
    assert client.post(url, {"question": ""}).status_code == 400
    response = client.post(url, {"question": "Mag de stoep open voor geveltuinen?"})
    dialogue = Dialogue.objects.get()
    assert response.url == dialogue.get_absolute_url()
    assert (dialogue.state, dialogue.question) == (S.REQUESTED, "Mag de stoep open voor geveltuinen?")
    assert client.get(reverse("dialogues:open", kwargs={"initiative_pk": 999999})).status_code == 404


def test_assign_form_lists_the_districts_officials_with_their_roles(client, cast):
    dialogue = dialogue_in(S.REQUESTED, cast)
    client.force_login(cast.coordinator)
    html = client.get(act_url(dialogue, A.ASSIGN)).content.decode()
    assert escape(cast.lead.display_name) in html and "Gebiedsteam West" in html
    assert cast.other_official.display_name not in html
    response = client.post(
        act_url(dialogue, A.ASSIGN),
        {"assign-version": dialogue.version, "assign-official": cast.lead.pk, "assign-question": dialogue.question},
    )
    assert response.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.state == S.ASSIGNED


def test_commitment_owner_marks_done_and_coordinator_drops(client, cast):
    dialogue = dialogue_in(S.CONCLUDED, cast)
    item = Commitment.objects.get(dialogue=dialogue)
    done_url = reverse("dialogues:commitment_done", kwargs={"pk": item.pk})
    drop_url = reverse("dialogues:commitment_drop", kwargs={"pk": item.pk})
    html = page(client, cast.lead, dialogue.get_absolute_url()).content.decode()
    assert done_url in html and drop_url not in html
    assert page(client, cast.owner, done_url).status_code == 403
    assert page(client, cast.lead, drop_url).status_code == 403
    assert page(client, cast.lead, done_url).status_code == 200
    assert client.post(done_url).status_code == 302
    item.refresh_from_db()
    assert item.status == Commitment.Status.DONE
    assert page(client, cast.coordinator, drop_url).status_code == 403  # no longer open


def test_the_initiative_page_offers_the_coordinator_to_open_a_dialogue(client, cast):
    url = reverse("dialogues:open", kwargs={"initiative_pk": cast.initiative.pk})
    assert url in page(client, cast.coordinator, cast.initiative.get_absolute_url()).content.decode()
    assert url not in page(client, cast.resident, cast.initiative.get_absolute_url()).content.decode()


def test_an_initiator_asks_for_a_dialogue_from_the_initiative_page(client, cast):
    url = reverse("dialogues:open", kwargs={"initiative_pk": cast.initiative.pk})
    html = page(client, cast.owner, cast.initiative.get_absolute_url()).content.decode()
    assert url in html
    client.cookies["django_language"] = "en"
    response = client.post(url, {"question": "Kan de gemeente de tegels wippen?"})
    dialogue = Dialogue.objects.get()
    assert response.url == dialogue.get_absolute_url()
    assert (dialogue.state, dialogue.waiting_on) == (S.REQUESTED, "coordinator")
    html = client.get(response.url).content.decode()
    assert "Your request is sent. The coordinator chooses the lead official by " in html


def test_a_message_sent_after_the_dialogue_ended_is_kept_on_screen(client, cast):
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    seen = dialogue.version
    step(dialogue, A.CLOSE, cast.coordinator, None, closure_kind="duplicate", reason="Dubbel.", referral="Zie 12.")
    client.force_login(cast.owner)
    response = client.post(act_url(dialogue, A.REPLY), {"reply-version": seen, "reply-text": "Ons lange verhaal."})
    assert response.status_code == 409
    assert "Ons lange verhaal." in response.content.decode()
    assert not Message.objects.filter(text="Ons lange verhaal.").exists()


def test_each_kind_of_timeline_entry_reads_as_written(client, cast):
    """Messages and events (their markup is written in Python, {% timeline_entry %}): escaped, with their parts."""
    dialogue = dialogue_in(S.IN_DIALOGUE, cast)
    step(dialogue, A.NOTE, cast.lead, None, text="Alleen <b>intern</b>.\n\nTweede alinea.")
    Message.objects.filter(dialogue=dialogue, is_internal=False).update(language="tr")
    step(
        Dialogue.objects.get(pk=dialogue.pk),
        A.CLOSE,
        cast.coordinator,
        None,
        closure_kind="duplicate",
        reason="Dubbel <i>initiatief</i>.",
        referral="Zie 12.\nOf 13.",
    )
    html = page(client, cast.lead, dialogue.get_absolute_url()).content.decode()
    note = Message.objects.get(dialogue=dialogue, is_internal=True)
    assert f'<li class="timeline-message internal-note" id="message-{note.pk}">' in html
    assert "Interne notitie — alleen ambtenaren en coördinatoren zien dit" in html
    assert "<p>Alleen &lt;b&gt;intern&lt;/b&gt;.</p>\n\n<p>Tweede alinea.</p>" in html
    # A message in another language than the page's says so and carries its language.
    assert '<div class="timeline-text" lang="tr" dir="ltr">' in html and "Geschreven in het Turks" in html
    # The closing event: the reason (escaped, staff see it), where to go instead with its line break, the new state.
    reason = "<p>Dubbel &lt;i&gt;initiatief&lt;/i&gt;.</p>"
    assert f'<blockquote class="timeline-reason" dir="auto">{reason}</blockquote>' in html
    assert "<bdi>Zie 12.<br>Of 13.</bdi>" in html
    assert f"Nu: {Dialogue.State.CLOSED.label}." in html
    # The same timeline for a visitor: no internal note, and the moment of every entry in a <time>.
    public = page(client, None, dialogue.get_absolute_url()).content.decode()
    timeline = public.split('class="dialogue-timeline"')[1].split("</ol>")[0]
    assert "internal-note" not in public and "intern" not in timeline
    assert public.count("<time datetime=") >= Message.objects.filter(dialogue=dialogue, is_internal=False).count()


def test_the_initiative_page_shows_each_dialogue_with_its_own_standing_commitments(client, cast):
    agreed = dialogue_in(S.CONCLUDED, cast)
    proposed = dialogue_in(S.OUTCOME_PROPOSED, cast)
    returned = dialogue_in(S.CONTESTED, cast)
    elsewhere = make_cast()
    other = dialogue_in(S.CONCLUDED, elsewhere)
    for dialogue, what in [(agreed, "Tegels wippen"), (proposed, "Bomen planten"), (returned, "Bankjes plaatsen")]:
        Commitment.objects.filter(dialogue=dialogue).update(what=what)
    Commitment.objects.filter(dialogue=other).update(what="Elders iets doen")
    # Sent back to the dialogue: its outcome no longer stands, and neither do its commitments.
    step(returned, A.RESUME, cast.coordinator, None, reason="Er is meer overleg nodig.")

    html = page(client, cast.visitor, cast.initiative.get_absolute_url()).content.decode()
    cards = {}
    for card in html.split('<li class="card">')[1:]:
        for dialogue in (agreed, proposed, returned):
            if f'href="{dialogue.get_absolute_url()}"' in card:
                cards[dialogue.pk] = card
    assert len(cards) == 3
    assert "Tegels wippen" in cards[agreed.pk] and "Bomen planten" not in cards[agreed.pk]
    assert "Bomen planten" in cards[proposed.pk] and "Tegels wippen" not in cards[proposed.pk]
    assert "<table" not in cards[returned.pk]
    assert "Bankjes plaatsen" not in html and "Elders iets doen" not in html
