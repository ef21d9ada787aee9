"""Who may do what: role × action matrices for support requests, the catalogue and events."""

import pytest

from support.models import SupportRequest
from tests.accounts.factories import supporter
from tests.initiatives.factories import InitiativeFactory
from tests.support.factories import EventFactory, SupportRequestFactory

pytestmark = pytest.mark.django_db

S = SupportRequest.Status

ROLES = [
    "visitor",
    "resident",
    "initiator",
    "co_initiator",
    "initiator_elsewhere",
    "coordinator",
    "coordinator_elsewhere",
    "official",
    "assigned_supporter",
    "other_supporter",
    "city_coordinator",
]


def allowed(roles):
    return {role: role in roles for role in ROLES}


# permission, state of the request → the roles that may
REQUEST_MATRIX = [
    # Before assignment the district's supporters do not see the request yet.
    ("support.view_request", S.NEW, {"initiator", "co_initiator", "coordinator"}),
    ("support.view_request", S.IN_PROGRESS, {"initiator", "co_initiator", "coordinator", "assigned_supporter"}),
    ("support.view_request", S.DONE, {"initiator", "co_initiator", "coordinator", "assigned_supporter"}),
    ("support.assign_request", S.NEW, {"coordinator"}),
    ("support.assign_request", S.ASSIGNED, {"coordinator"}),
    ("support.assign_request", S.IN_PROGRESS, {"coordinator"}),
    ("support.assign_request", S.DONE, set()),
    ("support.decline_new_request", S.NEW, {"coordinator"}),
    ("support.decline_new_request", S.ASSIGNED, set()),
    ("support.start_request", S.ASSIGNED, {"assigned_supporter"}),
    ("support.start_request", S.IN_PROGRESS, set()),
    ("support.close_request", S.ASSIGNED, {"assigned_supporter", "coordinator"}),
    ("support.close_request", S.IN_PROGRESS, {"assigned_supporter", "coordinator"}),
    ("support.close_request", S.NEW, set()),
    ("support.close_request", S.DECLINED, set()),
]


@pytest.mark.parametrize(("permission", "state", "roles"), REQUEST_MATRIX)
def test_support_request_permissions(people, permission, state, roles):
    assigned = supporter("west")
    initiative = InitiativeFactory()
    request = SupportRequestFactory(
        initiative=initiative,
        status=state,
        supporter=None if state == S.NEW else assigned,
        closing_note="Klaar." if state in SupportRequest.Status.closed() else "",
    )
    everyone = people(initiative, assigned)
    answers = {role: everyone[role].has_perm(permission, request) for role in ROLES}
    assert answers == allowed(roles)


def test_only_initiators_ask_for_help_and_not_for_a_withdrawn_initiative(people):
    initiative = InitiativeFactory()
    everyone = people(initiative, supporter("west"))
    answers = {role: everyone[role].has_perm("support.add_request", initiative) for role in ROLES}
    assert answers == allowed({"initiator", "co_initiator"})
    initiative.status = "withdrawn"
    assert not everyone["initiator"].has_perm("support.add_request", initiative)


@pytest.mark.parametrize(
    ("permission", "roles"),
    [
        ("support.manage_catalogue", {"coordinator", "coordinator_elsewhere", "city_coordinator"}),
        ("support.add_event", {"coordinator", "coordinator_elsewhere", "city_coordinator"}),
        ("support.use_inbox", {"coordinator", "coordinator_elsewhere", "assigned_supporter", "other_supporter"}),
    ],
)
def test_catalogue_event_and_inbox_permissions(people, permission, roles):
    everyone = people(InitiativeFactory(), supporter("west"))
    answers = {role: everyone[role].has_perm(permission) for role in ROLES}
    assert answers == allowed(roles)


@pytest.mark.parametrize("permission", ["support.change_event", "support.view_attendees"])
def test_the_organiser_and_the_districts_coordinators_manage_an_event(people, permission):
    everyone = people(InitiativeFactory(), supporter("west"))
    organiser = everyone["coordinator_elsewhere"]
    event = EventFactory(organiser=organiser)  # in West, organised by Zuid's coordinator
    answers = {role: everyone[role].has_perm(permission, event) for role in ROLES}
    assert answers == allowed({"coordinator", "coordinator_elsewhere", "city_coordinator"})


def test_an_unpublished_event_is_seen_only_by_those_who_manage_it(people):
    everyone = people(InitiativeFactory(), supporter("west"))
    event = EventFactory(published=False, organiser=everyone["coordinator"])
    answers = {role: everyone[role].has_perm("support.view_event", event) for role in ROLES}
    assert answers == allowed({"coordinator", "city_coordinator"})
    assert not everyone["resident"].has_perm("support.register_event", event)


def test_events_are_organised_in_ones_own_district_and_city_wide_by_the_city(people):
    from districts.models import District

    everyone = people(InitiativeFactory(), supporter("west"))
    west = District.objects.get(slug="west")
    assert everyone["coordinator"].has_perm("support.organise_event_in", west)
    assert not everyone["coordinator_elsewhere"].has_perm("support.organise_event_in", west)
    assert not everyone["coordinator"].has_perm("support.organise_event_in", None)
    assert everyone["city_coordinator"].has_perm("support.organise_event_in", None)
    assert everyone["city_coordinator"].has_perm("support.organise_event_in", west)
