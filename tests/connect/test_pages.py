"""The sections on the initiative's page, the action pages, the API and the cards: what each person sees."""

import pytest
from django.utils import timezone

from connect.models import Need, Offer, Reaction
from tests.accounts import factories as people
from tests.connect.factories import need_of, offer_on, reaction_on
from tests.initiatives.factories import InitiativeFactory, owner_of

pytestmark = pytest.mark.django_db

HIDDEN_TEXT = "Dit is een scheldpartij"


@pytest.fixture
def initiative():
    initiative = InitiativeFactory(status="active", title="Geveltuinen Tolstraat")
    visible = reaction_on(initiative, body="Goed idee, ik doe mee")
    reaction_on(initiative, parent=visible, body="Ik ook!")
    hidden = reaction_on(initiative, body=HIDDEN_TEXT, hidden_at=timezone.now(), hidden_reason="Beledigend")
    reaction_on(initiative, parent=hidden, body="Antwoord op iets verborgens")
    return initiative


def page(client, initiative, person=None):
    if person is not None:
        client.force_login(person)
    response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["visitor", "resident", "initiator", "coordinator_elsewhere"])
def test_hidden_reactions_and_their_replies_are_never_public(client, initiative, who):
    person = {
        "visitor": None,
        "resident": people.UserFactory(),
        "initiator": owner_of(initiative),
        "coordinator_elsewhere": people.coordinator("oost"),
    }[who]
    html = page(client, initiative, person)
    assert "Goed idee, ik doe mee" in html and "Ik ook!" in html
    assert HIDDEN_TEXT not in html and "Antwoord op iets verborgens" not in html
    assert "(2)" in html  # the count leaves them out too


def test_the_coordinator_of_the_district_sees_a_hidden_reaction_marked_with_its_reason(client, initiative):
    html = page(client, initiative, people.coordinator("west"))
    assert HIDDEN_TEXT in html and "Beledigend" in html


def test_hidden_reactions_are_not_in_the_api_nor_counted_on_the_cards(client, initiative):
    data = client.get("/api/v1/reactions/", {"initiative": initiative.pk}).json()
    texts = {row["text"] for row in data["results"]}
    assert texts == {"Goed idee, ik doe mee", "Ik ook!"}
    hidden = Reaction.objects.get(body=HIDDEN_TEXT)
    assert client.get(f"/api/v1/reactions/{hidden.pk}/").status_code == 404
    listing = client.get("/initiatives/").content.decode()
    assert "2 reactions" in listing


def test_reactions_of_a_hidden_initiative_are_not_in_the_api(client, initiative):
    initiative.hidden_at, initiative.hidden_reason = timezone.now(), "Spam"
    initiative.save()
    assert client.get("/api/v1/reactions/").json()["results"] == []
    assert client.get("/api/v1/needs/").json()["results"] == []


def test_the_needs_api_counts_helpers_but_never_names_them_or_their_message(client, initiative):
    need = need_of(initiative)
    helper = people.UserFactory(display_name="Fatimazahra Bakker")
    offer_on(need, helper=helper, state="accepted", message="Bel me op 0612345678")
    offer_on(need, state="offered")
    response = client.get("/api/v1/needs/")
    body = response.content.decode()
    assert response.json()["results"][0]["helpers"] == 1
    assert "Fatimazahra" not in body and "0612345678" not in body and helper.email not in body


def test_markup_in_a_reaction_is_refused_on_the_page_in_dutch_and_shown_escaped_from_the_database(client, initiative):
    client.force_login(people.UserFactory(preferred_language="nl"))
    response = client.post(f"/connect/initiatives/{initiative.pk}/react/", {"body": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "Schrijf gewone tekst" in response.content.decode()
    client.logout()
    # Text that reached the database another way is escaped, never run.
    reaction_on(initiative, body="<script>alert('x')</script> & <b>vet</b>")
    html = page(client, initiative)
    assert "<script>alert('x')" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;vet&lt;/b&gt;" in html


def test_a_line_break_in_a_need_is_refused_with_a_dutch_reason(client, initiative):
    owner = owner_of(initiative)
    owner.preferred_language = "nl"
    owner.save()
    client.force_login(owner)
    response = client.post(
        f"/connect/initiatives/{initiative.pk}/needs/new/", {"kind": "hands", "text": "Twee\r\nregels"}
    )
    assert response.status_code == 200
    assert "op één regel" in response.content.decode()
    assert not Need.objects.exists()


def test_a_neighbour_reacts_offers_help_and_the_initiator_accepts_and_marks_the_need_met(client, initiative):
    owner = owner_of(initiative)
    client.force_login(owner)
    response = client.post(
        f"/connect/initiatives/{initiative.pk}/needs/new/", {"kind": "skill", "skill": "design", "text": "Een affiche"}
    )
    need = Need.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#need-{need.pk}")

    neighbour = people.UserFactory(display_name="Sanne de Wit")
    client.force_login(neighbour)
    assert client.post(f"/connect/initiatives/{initiative.pk}/react/", {"body": "Leuk!"}).status_code == 302
    response = client.post(f"/connect/needs/{need.pk}/offer/", {"message": "Ik ben ontwerper", "show_name": "on"})
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert client.post(f"/connect/offers/{offer.pk}/accept/").status_code == 403

    client.force_login(owner)
    assert "Ik ben ontwerper" in page(client, initiative)
    assert client.post(f"/connect/offers/{offer.pk}/accept/").status_code == 302
    assert client.post(f"/connect/needs/{need.pk}/met/").status_code == 302
    client.logout()
    html = page(client, initiative)
    assert "Sanne de Wit" in html and "Ik ben ontwerper" not in html
    assert Need.objects.get().met_at is not None


def test_action_pages_ask_for_a_login_and_refuse_who_may_not(client, initiative):
    reaction = Reaction.objects.filter(parent__isnull=True, hidden_at__isnull=True).first()
    need = need_of(initiative)
    assert client.get(f"/connect/reactions/{reaction.pk}/hide/").status_code == 302
    client.force_login(people.UserFactory())
    assert client.get(f"/connect/reactions/{reaction.pk}/hide/").status_code == 403
    assert client.get(f"/connect/initiatives/{initiative.pk}/needs/new/").status_code == 403
    assert client.get(f"/connect/needs/{need.pk}/met/").status_code == 403
    assert client.get("/connect/district/").status_code == 403
    assert client.get("/connect/reactions/999999/reply/").status_code == 404
    assert client.get(f"/connect/needs/{need.pk}/offer/").status_code == 200


def test_the_coordinator_sees_open_needs_and_reported_reactions_of_the_district(client, initiative):
    need_of(initiative, text="Een zaal voor de buurtavond", kind="space")
    need_of(initiative, text="Al geregeld", met_at=timezone.now())
    need_of(InitiativeFactory(district=people.district("oost")), text="Iets in Oost")
    client.force_login(people.coordinator("west"))
    html = client.get("/connect/district/").content.decode()
    assert "Een zaal voor de buurtavond" in html
    assert "Al geregeld" not in html and "Iets in Oost" not in html


def test_a_resident_keeps_a_list_of_skills(client):
    person = people.UserFactory()
    client.force_login(person)
    assert client.get("/connect/skills/").status_code == 200
    response = client.post("/connect/skills/", {"skills": ["design", "translation"], "hear_about_needs": "on"})
    assert "Choose your district" in response.content.decode()
    west = people.district("west")
    response = client.post(
        "/connect/skills/", {"skills": ["design", "translation"], "district": west.pk, "hear_about_needs": "on"}
    )
    assert response.status_code == 302
    assert sorted(person.helper_skills.values_list("skill", flat=True)) == ["design", "translation"]


def test_the_needs_api_filters_open_and_met_needs_and_refuses_anything_else(client, initiative):
    need_of(initiative, text="Open")
    need_of(initiative, text="Klaar", met_at=timezone.now())
    assert [row["text"] for row in client.get("/api/v1/needs/?met=false").json()["results"]] == ["Open"]
    assert [row["text"] for row in client.get("/api/v1/needs/?met=true").json()["results"]] == ["Klaar"]
    assert client.get("/api/v1/needs/?met=AAA").status_code == 400
