"""Who may react, hide, close, post needs, offer help and decide: every role against every action.

The expectations are written out by hand per action, not derived from rules.py or the workflow table.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from connect.models import ReactionsClosed
from tests.accounts import factories as people
from tests.connect.factories import need_of, offer_on, reaction_on
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "visitor",
    "resident",
    "initiator",
    "other_initiator",
    "official",
    "coordinator",
    "coordinator_elsewhere",
    "admin",
]


def make_people(initiative):
    admin = people.UserFactory(is_superuser=True, is_staff=True)
    return {
        "visitor": AnonymousUser(),
        "resident": people.UserFactory(),
        "initiator": initiative.initiator_links.get().user,
        "other_initiator": InitiativeFactory().initiator_links.get().user,
        "official": people.official("west"),
        "coordinator": people.coordinator("west"),
        "coordinator_elsewhere": people.coordinator("oost"),
        "admin": admin,
    }


# On an active, public initiative in West, with open reactions and an open need.
# Action: (permission, object, roles that may).
EXPECTED = {
    "read reactions": {
        "visitor",
        "resident",
        "initiator",
        "other_initiator",
        "official",
        "coordinator",
        "coordinator_elsewhere",
        "admin",
    },
    "react": {"resident", "initiator", "other_initiator", "official", "coordinator", "coordinator_elsewhere", "admin"},
    "reply": {"resident", "initiator", "other_initiator", "official", "coordinator", "coordinator_elsewhere", "admin"},
    # The author of the reaction is someone else; nobody reports their own.
    "report": {"resident", "initiator", "other_initiator", "official", "coordinator", "coordinator_elsewhere", "admin"},
    "hide": {"coordinator", "admin"},
    "close reactions": {"initiator", "coordinator", "admin"},
    "post need": {"initiator", "admin"},
    "offer help": {"resident", "other_initiator", "official", "coordinator", "coordinator_elsewhere", "admin"},
    "accept": {"initiator", "admin"},
    "decline": {"initiator", "admin"},
    "mark met": {"initiator", "coordinator", "admin"},
}

PERMISSIONS = {
    "read reactions": ("connect.view_reactions", "initiative"),
    "react": ("connect.add_reaction", "initiative"),
    "reply": ("connect.reply_reaction", "reaction"),
    "report": ("connect.report_reaction", "reaction"),
    "hide": ("connect.hide_reaction", "reaction"),
    "close reactions": ("connect.close_reactions", "initiative"),
    "post need": ("connect.post_need", "initiative"),
    "offer help": ("connect.offer_help", "need"),
    # An offer is decided on its need (the workflow table's permission is asked about offer.need).
    "accept": ("connect.decide_offer", "need"),
    "decline": ("connect.decide_offer", "need"),
    "mark met": ("connect.mark_need_met", "need"),
}


@pytest.fixture
def world():
    initiative = InitiativeFactory(status="active")
    reaction = reaction_on(initiative)
    need = need_of(initiative)
    offer_on(need)
    return {"initiative": initiative, "reaction": reaction, "need": need, "people": make_people(initiative)}


@pytest.mark.parametrize("action", list(EXPECTED))
def test_who_may_do_what_on_an_active_initiative(world, action):
    permission, target = PERMISSIONS[action]
    allowed = {role for role, person in world["people"].items() if person.has_perm(permission, world[target])}
    assert allowed == EXPECTED[action]


def test_nobody_reacts_or_replies_once_the_reactions_are_closed_except_an_administrator(world):
    ReactionsClosed.objects.create(initiative=world["initiative"])
    initiative = type(world["initiative"]).objects.get(pk=world["initiative"].pk)
    reaction = type(world["reaction"]).objects.select_related("initiative").get(pk=world["reaction"].pk)
    for role, person in world["people"].items():
        assert person.has_perm("connect.add_reaction", initiative) == (role == "admin"), role
        assert person.has_perm("connect.reply_reaction", reaction) == (role == "admin"), role
        # What was said stays readable.
        assert person.has_perm("connect.view_reactions", initiative), role


def test_a_reply_takes_no_reply_and_a_hidden_reaction_takes_neither_reply_nor_report(world):
    resident = world["people"]["resident"]
    reply = reaction_on(world["initiative"], parent=world["reaction"])
    assert not resident.has_perm("connect.reply_reaction", reply)
    assert resident.has_perm("connect.report_reaction", reply)
    hidden = reaction_on(world["initiative"], hidden_reason="Scheldwoorden", hidden_at=world["reaction"].created_at)
    assert not resident.has_perm("connect.reply_reaction", hidden)
    assert not resident.has_perm("connect.report_reaction", hidden)


def test_nobody_reports_their_own_reaction(world):
    author = world["reaction"].author
    assert not author.has_perm("connect.report_reaction", world["reaction"])


def test_a_met_need_takes_no_offers_and_cannot_be_met_twice(world):
    need = world["need"]
    need.met_at = need.created_at
    need.save()
    for role, person in world["people"].items():
        assert person.has_perm("connect.offer_help", need) == (role == "admin"), role
        assert person.has_perm("connect.mark_need_met", need) == (role == "admin"), role


@pytest.mark.parametrize("status", ["submitted", "realised", "withdrawn"])
def test_needs_and_help_belong_to_an_active_initiative(status):
    initiative = InitiativeFactory(status=status)
    need = need_of(initiative)
    initiator = initiative.initiator_links.get().user
    resident = people.UserFactory()
    assert not initiator.has_perm("connect.post_need", initiative)
    assert not initiator.has_perm("connect.decide_offer", need)
    assert not resident.has_perm("connect.offer_help", need)


def test_nobody_but_its_initiators_and_coordinator_reads_reactions_of_a_draft():
    draft = InitiativeFactory(status="draft")
    assert not AnonymousUser().has_perm("connect.view_reactions", draft)
    assert not people.UserFactory().has_perm("connect.view_reactions", draft)
    assert not people.UserFactory().has_perm("connect.add_reaction", draft)
    assert draft.initiator_links.get().user.has_perm("connect.view_reactions", draft)
    assert people.coordinator("west").has_perm("connect.view_reactions", draft)


def test_only_coordinators_see_the_district_overview():
    assert people.coordinator("west").has_perm("connect.view_district_needs")
    assert not people.UserFactory().has_perm("connect.view_district_needs")
    assert not people.official("west").has_perm("connect.view_district_needs")
