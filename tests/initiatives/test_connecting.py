"""Links between initiatives, requests to join, network invitations: services, pages and the API."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from initiatives import connecting
from initiatives.models import Initiative, InitiativeLink, Initiator, JoinRequest, NetworkInvitation, NetworkMembership
from initiatives.services import InitiativeError, NotPermitted
from notifications.models import Notification
from tests.accounts.factories import UserFactory, coordinator, district
from tests.connect.factories import need_of
from tests.initiatives.factories import InitiativeFactory, NetworkFactory, owner_of

pytestmark = pytest.mark.django_db


def kinds_for(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# Links


def test_a_coordinator_links_two_initiatives_once_and_both_pages_show_it(client):
    here = InitiativeFactory(title="Moestuin in de Kinkerbuurt")
    there = InitiativeFactory(title="Buurtmoestuin Oost", district=district("oost"))
    west = coordinator("west")
    link = connecting.initiative_link(initiative=here, other=there, kind="duplicate", actor=west)
    again = connecting.initiative_link(initiative=here, other=there, kind="related", actor=west)
    assert InitiativeLink.objects.count() == 1
    assert again.pk == link.pk and again.kind == "related"
    assert (link.first_id, link.second_id) == tuple(sorted((here.pk, there.pk)))
    assert [record.history_user for record in link.history.all()] == [west, west]
    for page, other in ((here, there), (there, here)):
        html = client.get(page.get_absolute_url()).content.decode()
        assert "Related to:" in html or "Verwant aan:" in html
        assert other.title in html


def test_a_coordinator_of_another_district_may_not_link_and_nobody_links_an_initiative_to_itself():
    here, there = InitiativeFactory(), InitiativeFactory(district=district("oost"))
    with pytest.raises(NotPermitted):
        connecting.initiative_link(initiative=here, other=there, kind="related", actor=coordinator("oost"))
    with pytest.raises(InitiativeError):
        connecting.initiative_link(initiative=here, other=here, kind="related", actor=coordinator("west"))
    with pytest.raises(InitiativeError):
        connecting.initiative_link(initiative=here, other=there, kind="twin", actor=coordinator("west"))
    assert not InitiativeLink.objects.exists()


def test_the_link_page_refuses_an_unknown_number_with_a_reason_and_removes_a_link(client):
    here, there = InitiativeFactory(), InitiativeFactory()
    client.force_login(coordinator("west"))
    url = reverse("initiatives:link", kwargs={"pk": here.pk})
    response = client.post(url, {"other": "999999", "kind": "related"})
    assert response.status_code == 200 and not InitiativeLink.objects.exists()
    assert client.post(url, {"other": "abc", "kind": "related"}).status_code == 200
    assert client.post(url, {"other": str(there.pk), "kind": "related"}).status_code == 302
    link = InitiativeLink.objects.get()
    remove = reverse("initiatives:unlink", kwargs={"pk": there.pk, "link_pk": link.pk})
    assert client.post(remove).status_code == 302
    assert not InitiativeLink.objects.exists()


def test_a_resident_may_not_open_the_link_page(client):
    client.force_login(UserFactory())
    assert client.get(reverse("initiatives:link", kwargs={"pk": InitiativeFactory().pk})).status_code == 403


# Requests to join


def test_a_neighbour_asks_to_join_the_initiators_hear_it_and_one_accepts():
    initiative = InitiativeFactory()
    owner, neighbour = owner_of(initiative), UserFactory()
    request = connecting.join_request_create(initiative=initiative, user=neighbour, message="Ik kan tekenen.")
    assert kinds_for(owner) == ["initiative_join_request"]
    with pytest.raises(InitiativeError):
        connecting.join_request_create(initiative=initiative, user=neighbour)
    with pytest.raises(NotPermitted):
        connecting.join_request_answer(request=request, actor=neighbour, accept=True)
    connecting.join_request_answer(request=request, actor=owner, accept=True)
    assert Initiator.objects.get(initiative=initiative, user=neighbour).role == Initiator.Role.CO_INITIATOR
    assert kinds_for(neighbour) == ["initiative_join_accepted"]
    with pytest.raises(InitiativeError):
        connecting.join_request_answer(request=request, actor=owner, accept=False)


def test_a_declined_request_leaves_the_initiators_as_they_were(client):
    initiative = InitiativeFactory()
    neighbour = UserFactory()
    request = connecting.join_request_create(initiative=initiative, user=neighbour)
    client.force_login(owner_of(initiative))
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert escape(neighbour.display_name) in html
    assert client.post(reverse("initiatives:join_decline", kwargs={"pk": request.pk})).status_code == 302
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.DECLINED
    assert not Initiator.objects.filter(user=neighbour).exists()
    assert kinds_for(neighbour) == ["initiative_join_declined"]


def test_an_initiator_cannot_ask_to_join_their_own_initiative(client):
    initiative = InitiativeFactory()
    client.force_login(owner_of(initiative))
    assert client.post(reverse("initiatives:join", kwargs={"pk": initiative.pk})).status_code == 403


# Networks


def test_a_network_admin_invites_and_the_initiators_accept_in_the_history(client):
    network, initiative = NetworkFactory(), InitiativeFactory()
    admin = UserFactory()
    NetworkMembership.objects.create(network=network, user=admin, is_admin=True)
    client.force_login(admin)
    invite = reverse("initiatives:network_invite", kwargs={"slug": network.slug})
    assert client.post(invite, {"initiative": "0"}).status_code == 200  # refused by the form, with a reason
    assert client.post(invite, {"initiative": str(initiative.pk)}).status_code == 302
    assert client.post(invite, {"initiative": str(initiative.pk)}).status_code == 200  # already invited
    owner = owner_of(initiative)
    assert kinds_for(owner) == ["network_invitation"]
    invitation = NetworkInvitation.objects.get()
    client.force_login(owner)
    accept = reverse("initiatives:network_invitation_accept", kwargs={"pk": invitation.pk})
    assert client.post(accept).status_code == 302
    initiative.refresh_from_db()
    assert initiative.network == network
    assert initiative.history.first().history_user == owner
    html = client.get(network.get_absolute_url()).content.decode()
    assert initiative.title in html


def test_a_network_member_who_is_not_an_admin_cannot_invite(client):
    network = NetworkFactory()
    member = UserFactory()
    NetworkMembership.objects.create(network=network, user=member, is_admin=False)
    client.force_login(member)
    assert client.get(reverse("initiatives:network_invite", kwargs={"slug": network.slug})).status_code == 403
    with pytest.raises(NotPermitted):
        connecting.network_invite(network=network, initiative=InitiativeFactory(), actor=member)


def test_the_network_page_shows_themes_shared_across_districts_and_the_district_page_its_networks(client):
    network = NetworkFactory(districts=["west", "oost"])
    InitiativeFactory(network=network, themes=["greenery"])
    InitiativeFactory(network=network, themes=["greenery", "youth"], district=district("oost"))
    InitiativeFactory(network=network, themes=["energy"], status=Initiative.Status.DRAFT)
    html = client.get(network.get_absolute_url()).content.decode()
    themes = html[html.index('id="shared-themes-title"') :]
    assert "Oost, West" in themes
    assert "?theme=energy" not in themes  # a draft's theme is not public
    district_page = client.get(district("oost").get_absolute_url()).content.decode()
    assert network.name in district_page


def test_the_network_page_lists_the_open_needs_of_its_active_public_initiatives(client):
    network = NetworkFactory(districts=["west", "oost"])
    garden = InitiativeFactory(network=network, title="Geveltuinen", district=district("oost"))
    draft = InitiativeFactory(network=network, status=Initiative.Status.DRAFT)
    elsewhere = InitiativeFactory()
    need_of(garden, text="Handen om geveltegels te wippen")
    need_of(garden, text="Potgrond, tien zakken", kind="materials", met_at=timezone.now())
    need_of(draft, text="Iemand voor de boekhouding", kind="skill", skill="bookkeeping")
    need_of(elsewhere, text="Een zaal voor veertig mensen", kind="space")
    html = client.get(network.get_absolute_url()).content.decode()
    needs = html[html.index('id="network-needs-title"') : html.index('id="members-title"')]
    assert "Handen om geveltegels te wippen" in needs and "Geveltuinen" in needs and "Oost" in needs
    # Met, not public, or of another network's initiative: not listed.
    for text in ("Potgrond", "boekhouding", "veertig mensen"):
        assert text not in needs


# Registering and the API


def test_looking_for_similar_initiatives_while_registering_saves_nothing(client):
    InitiativeFactory(title="Moestuinen in Oost", district=district("oost"))
    client.force_login(UserFactory())
    before = Initiative.objects.count()
    response = client.post(
        reverse("initiatives:create"),
        {"title": "Een moestuin voor de buurt", "district": str(district("west").pk), "check_similar": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Moestuinen in Oost" in html
    assert 'value="Een moestuin voor de buurt"' in html  # what they typed stays
    assert Initiative.objects.count() == before


def test_the_api_gives_an_initiatives_similar_ones(client):
    initiative = InitiativeFactory(title="Moestuin op het dak")
    similar = InitiativeFactory(title="Moestuinen in Oost", district=district("oost"))
    InitiativeFactory(title="Moestuinen overal", status=Initiative.Status.DRAFT)
    data = client.get(f"/api/v1/initiatives/{initiative.pk}/").json()
    assert [(item["id"], item["title"], item["district"], item["status"]) for item in data["similar"]] == [
        (similar.pk, similar.title, "oost", "active")
    ]
    assert "similar" not in client.get("/api/v1/initiatives/").json()["results"][0]


def test_a_request_or_invitation_is_answered_once_and_only_by_its_initiators():
    initiative = InitiativeFactory()
    network = NetworkFactory(districts=["west"])
    request = connecting.join_request_create(initiative=initiative, user=UserFactory())
    invitation = NetworkInvitation.objects.create(network=network, initiative=initiative)
    owner = owner_of(initiative)
    for answer, row in (
        (connecting.join_request_answer, {"request": request}),
        (connecting.network_invitation_answer, {"invitation": invitation}),
    ):
        with pytest.raises(NotPermitted):
            answer(**row, actor=UserFactory(), accept=True)
        answer(**row, actor=owner, accept=False)
        with pytest.raises(InitiativeError, match="already been answered"):
            answer(**row, actor=owner, accept=True)
    request.refresh_from_db()
    invitation.refresh_from_db()
    assert (request.status, invitation.status) == ("declined", "declined")
    assert request.answered_by == owner and invitation.answered_by == owner
    assert not Initiator.objects.filter(initiative=initiative, user=request.user).exists()
    initiative.refresh_from_db()
    assert initiative.network_id != network.pk
