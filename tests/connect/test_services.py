"""Reactions, needs and offers through their services: rate limit, hostile text, moderation, notifications."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from connect import services
from connect.models import Need, Offer, Reaction, ReactionReport
from connect.services import ConnectError, NotPermitted
from notifications.models import Notification
from tests.accounts import factories as people
from tests.connect.factories import need_of, reaction_on
from tests.initiatives.factories import InitiativeFactory, co_initiator, owner_of

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def initiative():
    return InitiativeFactory(status="active")


def kinds_for(person):
    return sorted(Notification.objects.filter(recipient=person).values_list("kind", flat=True))


# -- reactions ---------------------------------------------------------------------------------------------


def test_a_reaction_reaches_the_initiators_and_the_coordinator_and_a_reply_its_author(initiative):
    coordinator = people.coordinator("west")
    elsewhere = people.coordinator("oost")
    neighbour, other = people.UserFactory(), people.UserFactory()
    co = co_initiator(initiative)
    first = services.reaction_post(initiative=initiative, author=neighbour, body="Mooi plan!", now=NOW)
    services.reaction_post(initiative=initiative, author=other, body="Eens.", parent=first, now=NOW)
    assert kinds_for(owner_of(initiative)) == ["reaction_posted", "reaction_posted"]
    assert kinds_for(co) == ["reaction_posted", "reaction_posted"]
    assert kinds_for(coordinator) == ["reaction_posted_coordinator", "reaction_posted_coordinator"]
    assert kinds_for(neighbour) == ["reaction_reply"]
    assert kinds_for(other) == []
    assert kinds_for(elsewhere) == []


def test_a_reply_to_a_reply_is_refused(initiative):
    first = reaction_on(initiative)
    reply = reaction_on(initiative, parent=first)
    with pytest.raises(NotPermitted):
        services.reaction_post(initiative=initiative, author=people.UserFactory(), body="En nog iets", parent=reply)
    assert Reaction.objects.count() == 2


def test_the_rate_limit_stops_a_flood_and_lets_the_person_react_again_later(initiative, settings):
    settings.CONNECT_REACTIONS_PER_WINDOW = 3
    settings.CONNECT_REACTION_WINDOW_MINUTES = 10
    neighbour = people.UserFactory()
    for minute in range(3):
        services.reaction_post(
            initiative=initiative, author=neighbour, body=f"Punt {minute}", now=NOW + timedelta(minutes=minute)
        )
    with pytest.raises(ConnectError, match="a lot in a short time"):
        services.reaction_post(initiative=initiative, author=neighbour, body="Nog één", now=NOW + timedelta(minutes=3))
    # Someone else is not held back by it, and the person may react again once the window has passed.
    services.reaction_post(initiative=initiative, author=people.UserFactory(), body="Ik ook", now=NOW)
    services.reaction_post(initiative=initiative, author=neighbour, body="Later", now=NOW + timedelta(minutes=11))
    assert Reaction.objects.filter(author=neighbour).count() == 4


@pytest.mark.parametrize(
    "body",
    ["<script>alert(1)</script>", "Kijk <b>hier</b>", '<img src=x onerror="alert(1)">'],
)
def test_markup_in_a_reaction_is_refused_with_a_reason(initiative, body):
    with pytest.raises(ConnectError, match="plain text"):
        services.reaction_post(initiative=initiative, author=people.UserFactory(), body=body)
    assert not Reaction.objects.exists()


def test_a_reaction_keeps_single_paragraph_breaks_and_refuses_control_characters(initiative):
    author = people.UserFactory()
    reaction = services.reaction_post(initiative=initiative, author=author, body="Eén\r\n\r\n\r\n\r\nTwee\nDrie  ")
    assert reaction.body == "Eén\n\nTwee\nDrie"
    with pytest.raises(ConnectError):
        services.reaction_post(initiative=initiative, author=author, body="Tab\there")
    with pytest.raises(ConnectError, match="write your reaction"):
        services.reaction_post(initiative=initiative, author=author, body="   \n ")
    with pytest.raises(ConnectError, match="1500"):
        services.reaction_post(initiative=initiative, author=author, body="x" * 1501)


def test_a_reported_reaction_is_hidden_by_the_coordinator_with_a_reason_the_author_gets(initiative):
    coordinator = people.coordinator("west")
    reaction = reaction_on(initiative)
    reporter = people.UserFactory()
    services.reaction_report(reaction=reaction, reporter=reporter, reason="Scheldwoorden")
    assert kinds_for(coordinator) == ["reaction_reported"]
    with pytest.raises(ConnectError, match="already reported"):
        services.reaction_report(reaction=reaction, reporter=reporter, reason="Nog eens")
    with pytest.raises(NotPermitted):
        services.reaction_hide(reaction=reaction, actor=people.coordinator("oost"), reason="Nee")
    with pytest.raises(ConnectError, match="reason"):
        services.reaction_hide(reaction=reaction, actor=coordinator, reason=" ")
    services.reaction_hide(reaction=reaction, actor=coordinator, reason="Beledigend", now=NOW)
    reaction.refresh_from_db()
    assert reaction.hidden_at == NOW and reaction.hidden_by == coordinator and reaction.hidden_reason == "Beledigend"
    assert ReactionReport.objects.get().outcome == ReactionReport.Outcome.HIDDEN
    assert kinds_for(reaction.author) == ["reaction_hidden"]
    assert reaction.history.first().history_user == coordinator


def test_closed_reactions_take_no_new_ones_until_opened_again(initiative):
    owner = owner_of(initiative)
    services.reactions_close(initiative=initiative, actor=owner)
    with pytest.raises(NotPermitted):
        services.reaction_post(initiative=initiative, author=people.UserFactory(), body="Hallo")
    services.reactions_open(initiative=initiative, actor=owner)
    services.reaction_post(initiative=initiative, author=people.UserFactory(), body="Hallo")
    with pytest.raises(NotPermitted):
        services.reactions_close(initiative=initiative, actor=people.UserFactory())


# -- needs and offers --------------------------------------------------------------------------------------


def test_a_need_is_one_line_of_plain_text_with_a_skill_only_for_skills(initiative):
    owner = owner_of(initiative)
    with pytest.raises(ConnectError, match="one line"):
        services.need_post(initiative=initiative, actor=owner, kind="hands", text="Twee\nregels")
    with pytest.raises(ConnectError, match="plain text"):
        services.need_post(initiative=initiative, actor=owner, kind="hands", text="<script>x</script>")
    with pytest.raises(ConnectError, match="skill"):
        services.need_post(initiative=initiative, actor=owner, kind="skill", text="Iemand die kan boekhouden")
    need = services.need_post(
        initiative=initiative, actor=owner, kind="money", skill="design", text="Verf", needed_on=date(2026, 12, 5)
    )
    assert (need.kind, need.skill, need.needed_on) == ("money", "", date(2026, 12, 5))
    with pytest.raises(NotPermitted):
        services.need_post(initiative=initiative, actor=people.UserFactory(), kind="hands", text="Handen")


def test_residents_with_the_skill_in_the_district_who_opted_in_hear_of_a_new_need(initiative):
    west, oost = people.district("west"), people.district("oost")
    wants = people.UserFactory()
    services.helper_profile_save(user=wants, skills=["design", "translation"], district=west, hear_about_needs=True)
    quiet = people.UserFactory()
    services.helper_profile_save(user=quiet, skills=["design"], district=west, hear_about_needs=False)
    elsewhere = people.UserFactory()
    services.helper_profile_save(user=elsewhere, skills=["design"], district=oost, hear_about_needs=True)
    other_skill = people.UserFactory()
    services.helper_profile_save(user=other_skill, skills=["bookkeeping"], district=west, hear_about_needs=True)
    owner = owner_of(initiative)
    services.need_post(initiative=initiative, actor=owner, kind="skill", skill="design", text="Een affiche ontwerpen")
    services.need_post(initiative=initiative, actor=owner, kind="hands", text="Handen om te sjouwen")
    assert kinds_for(wants) == ["need_matches_skill"]
    assert kinds_for(quiet) == kinds_for(elsewhere) == kinds_for(other_skill) == []
    with pytest.raises(ConnectError, match="district"):
        services.helper_profile_save(user=quiet, skills=["design"], district=None, hear_about_needs=True)


def test_an_offer_is_accepted_or_declined_by_the_initiators_and_the_helper_hears_it(initiative):
    need = need_of(initiative)
    owner = owner_of(initiative)
    helper, second = people.UserFactory(), people.UserFactory()
    offer = services.offer_make(need=need, helper=helper, message="Ik kom helpen", show_name=False)
    assert kinds_for(owner) == ["offer_made"]
    with pytest.raises(ConnectError, match="already offered"):
        services.offer_make(need=need, helper=helper, message="Nog een keer")
    with pytest.raises(NotPermitted):
        services.offer_transition(offer=offer, action="accept", actor=helper)
    services.offer_transition(offer=offer, action="accept", actor=owner)
    assert Offer.objects.get(pk=offer.pk).state == Offer.State.ACCEPTED
    with pytest.raises(ConnectError, match="not possible now"):
        services.offer_transition(offer=offer, action="accept", actor=owner)
    other = services.offer_make(need=need, helper=second, message="Ik ook")
    services.offer_transition(offer=other, action="decline", actor=owner)
    assert kinds_for(helper) == ["offer_accepted"]
    assert kinds_for(second) == ["offer_declined"]
    services.need_mark_met(need=need, actor=owner, now=NOW)
    assert Need.objects.get(pk=need.pk).met_at == NOW
    with pytest.raises(NotPermitted):
        services.offer_make(need=need, helper=people.UserFactory(), message="Te laat")
