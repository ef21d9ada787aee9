"""Who may link initiatives, ask to join, answer requests and network invitations: role × action, by hand."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from initiatives.models import Initiative, JoinRequest, NetworkInvitation, NetworkMembership
from tests.accounts import factories as people
from tests.initiatives.factories import InitiativeFactory, NetworkFactory, co_initiator

pytestmark = pytest.mark.django_db

S = Initiative.Status
ROLES = [
    "visitor",
    "resident",
    "owner",
    "co_initiator",
    "other_initiator",
    "network_admin",
    "network_member",
    "coordinator",
    "coordinator_elsewhere",
    "official",
    "supporter",
    "city_coordinator",
]


def make_people(initiative, network):
    admin, member = people.UserFactory(), people.UserFactory()
    NetworkMembership.objects.create(network=network, user=admin, is_admin=True)
    NetworkMembership.objects.create(network=network, user=member, is_admin=False)
    return {
        "visitor": AnonymousUser(),
        "resident": people.UserFactory(),
        "owner": initiative.initiator_links.get().user,
        "co_initiator": co_initiator(initiative),
        "other_initiator": InitiativeFactory().initiator_links.get().user,
        "network_admin": admin,
        "network_member": member,
        "coordinator": people.coordinator("west"),
        "coordinator_elsewhere": people.coordinator("oost"),
        "official": people.official("west"),
        "supporter": people.supporter("west"),
        "city_coordinator": people.city_coordinator(),
    }


def who_may(permission, obj, everyone):
    return {role for role, user in everyone.items() if user.has_perm(permission, obj)}


# (permission, status of the west initiative, roles that may) — the object is the initiative.
ON_THE_INITIATIVE = [
    ("initiatives.link_initiative", S.ACTIVE, {"coordinator"}),
    ("initiatives.link_initiative", S.DRAFT, {"coordinator"}),
    ("initiatives.link_initiative", S.REALISED, {"coordinator"}),
    (
        "initiatives.ask_to_join",
        S.ACTIVE,
        {
            "resident",
            "other_initiator",
            "network_admin",
            "network_member",
            "coordinator",
            "coordinator_elsewhere",
            "official",
            "supporter",
            "city_coordinator",
        },
    ),
    ("initiatives.ask_to_join", S.DRAFT, set()),
    ("initiatives.ask_to_join", S.SUBMITTED, set()),
    ("initiatives.ask_to_join", S.REALISED, set()),
]


@pytest.mark.parametrize(("permission", "status", "allowed"), ON_THE_INITIATIVE)
def test_role_action_matrix_on_an_initiative(permission, status, allowed):
    initiative = InitiativeFactory(status=status)
    everyone = make_people(initiative, NetworkFactory())
    assert who_may(permission, initiative, everyone) == allowed


def test_a_hidden_initiative_takes_no_requests_to_join():
    initiative = InitiativeFactory(hidden_at=timezone.now(), hidden_reason="Reclame")
    assert who_may("initiatives.ask_to_join", initiative, make_people(initiative, NetworkFactory())) == set()


@pytest.mark.parametrize(
    ("status", "answered", "allowed"),
    [
        (S.ACTIVE, False, {"owner", "co_initiator"}),
        (S.ACTIVE, True, set()),  # already answered
        (S.REALISED, False, set()),  # the initiative has ended
    ],
)
def test_who_answers_a_request_to_join(status, answered, allowed):
    initiative = InitiativeFactory(status=status)
    everyone = make_people(initiative, NetworkFactory())
    request = JoinRequest.objects.create(initiative=initiative, user=everyone["resident"])
    if answered:
        request.status, request.answered_at = JoinRequest.Status.DECLINED, timezone.now()
    assert who_may("initiatives.answer_join_request", request, everyone) == allowed


def test_only_the_networks_administrators_invite_initiatives():
    network = NetworkFactory()
    everyone = make_people(InitiativeFactory(), network)
    assert who_may("initiatives.invite_to_network", network, everyone) == {"network_admin"}
    other_network = NetworkFactory()
    assert who_may("initiatives.invite_to_network", other_network, everyone) == set()


@pytest.mark.parametrize(
    ("status", "answered", "allowed"),
    [
        (S.ACTIVE, False, {"owner", "co_initiator"}),
        (S.ACTIVE, True, set()),
        (S.STRANDED, False, set()),
    ],
)
def test_who_answers_a_network_invitation(status, answered, allowed):
    initiative, network = InitiativeFactory(status=status), NetworkFactory()
    everyone = make_people(initiative, network)
    invitation = NetworkInvitation.objects.create(network=network, initiative=initiative)
    if answered:
        invitation.status, invitation.answered_at = NetworkInvitation.Status.ACCEPTED, timezone.now()
    assert who_may("initiatives.answer_network_invitation", invitation, everyone) == allowed
