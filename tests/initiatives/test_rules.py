"""Who may do what: every role against every permission, in the statuses where it matters."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from initiatives.models import Initiative
from tests.accounts import factories as people
from tests.initiatives.factories import InitiativeFactory, InitiativeUpdateFactory, co_initiator

pytestmark = pytest.mark.django_db

S = Initiative.Status
ROLES = [
    "visitor",
    "resident",
    "owner",
    "co_initiator",
    "other_initiator",
    "coordinator",
    "coordinator_elsewhere",
    "official",
    "supporter",
    "city_coordinator",
]
INITIATORS = {"owner", "co_initiator"}
LOGGED_IN = set(ROLES) - {"visitor"}
EVERYONE = set(ROLES)


def make_people(initiative):
    owner = initiative.initiator_links.get().user
    return {
        "visitor": AnonymousUser(),
        "resident": people.UserFactory(),
        "owner": owner,
        "co_initiator": co_initiator(initiative),
        "other_initiator": InitiativeFactory().initiator_links.get().user,
        "coordinator": people.coordinator("west"),
        "coordinator_elsewhere": people.coordinator("oost"),
        "official": people.official("west"),
        "supporter": people.supporter("west"),
        "city_coordinator": people.city_coordinator(),
    }


MATRIX = [
    # (permission, status of the west initiative, hidden, roles that may)
    ("initiatives.view_initiative", S.DRAFT, False, INITIATORS | {"coordinator"}),
    ("initiatives.view_initiative", S.SUBMITTED, False, INITIATORS | {"coordinator"}),
    ("initiatives.view_initiative", S.INFORMATION_REQUESTED, False, INITIATORS | {"coordinator"}),
    ("initiatives.view_initiative", S.REFUSED, False, INITIATORS | {"coordinator"}),
    ("initiatives.view_initiative", S.ACTIVE, False, EVERYONE),
    ("initiatives.view_initiative", S.REALISED, False, EVERYONE),
    ("initiatives.view_initiative", S.ACTIVE, True, INITIATORS | {"coordinator"}),
    ("initiatives.edit_initiative", S.DRAFT, False, INITIATORS),
    ("initiatives.edit_initiative", S.INFORMATION_REQUESTED, False, INITIATORS),
    ("initiatives.edit_initiative", S.SUBMITTED, False, set()),
    ("initiatives.edit_initiative", S.ACTIVE, False, INITIATORS),
    ("initiatives.edit_initiative", S.REALISED, False, set()),
    ("initiatives.edit_initiative", S.REFUSED, False, set()),
    ("initiatives.submit_initiative", S.DRAFT, False, INITIATORS),
    ("initiatives.withdraw_initiative", S.ACTIVE, False, INITIATORS),
    ("initiatives.intake_initiative", S.SUBMITTED, False, {"coordinator"}),
    ("initiatives.conclude_initiative", S.ACTIVE, False, INITIATORS | {"coordinator"}),
    ("initiatives.invite_initiator", S.DRAFT, False, INITIATORS),
    ("initiatives.invite_initiator", S.REALISED, False, set()),
    ("initiatives.post_update", S.ACTIVE, False, INITIATORS),
    ("initiatives.post_update", S.DRAFT, False, set()),
    ("initiatives.support_initiative", S.ACTIVE, False, LOGGED_IN - INITIATORS),
    ("initiatives.support_initiative", S.REALISED, False, set()),
    ("initiatives.support_initiative", S.DRAFT, False, set()),
    ("initiatives.support_initiative", S.ACTIVE, True, set()),
    ("initiatives.follow_initiative", S.ACTIVE, False, LOGGED_IN),
    ("initiatives.follow_initiative", S.SUBMITTED, False, set()),
    ("initiatives.report_initiative", S.ACTIVE, False, LOGGED_IN - INITIATORS),
    ("initiatives.report_initiative", S.DRAFT, False, set()),
    ("initiatives.moderate_initiative", S.ACTIVE, False, {"coordinator"}),
    ("initiatives.moderate_initiative", S.DRAFT, False, {"coordinator"}),
]


@pytest.mark.parametrize(
    ("permission", "status", "hidden", "allowed"),
    MATRIX,
    ids=[f"{perm.split('.')[1]}-{status}{'-hidden' if hidden else ''}" for perm, status, hidden, _a in MATRIX],
)
def test_role_action_matrix(permission, status, hidden, allowed):
    initiative = InitiativeFactory(
        status=status,
        hidden_at=timezone.now() if hidden else None,
        hidden_reason="Scheldwoorden" if hidden else "",
    )
    everyone = make_people(initiative)
    may = {role for role, user in everyone.items() if user.has_perm(permission, initiative)}
    assert may == allowed


@pytest.mark.parametrize(
    ("permission", "allowed"),
    [
        ("initiatives.view_intake_queue", {"coordinator", "coordinator_elsewhere"}),
        ("initiatives.view_moderation_queue", {"coordinator", "coordinator_elsewhere"}),
        ("initiatives.add_initiative", LOGGED_IN),
    ],
)
def test_pages_without_an_initiative(permission, allowed):
    everyone = make_people(InitiativeFactory())
    assert {role for role, user in everyone.items() if user.has_perm(permission)} == allowed


def test_an_update_can_be_reported_by_others_only_while_it_is_public():
    update = InitiativeUpdateFactory()
    everyone = make_people(update.initiative)
    may = {role for role, user in everyone.items() if user.has_perm("initiatives.report_update", update)}
    assert may == LOGGED_IN - INITIATORS
    update.hidden_at, update.hidden_reason = timezone.now(), "Reclame"
    assert not everyone["resident"].has_perm("initiatives.report_update", update)
