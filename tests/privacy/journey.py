"""One resident's full journey through the platform, made through the real services, for the privacy tests."""

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from dialogues.models import Dialogue
from dialogues.services import dialogue_open
from initiatives.models import NetworkMembership
from initiatives.services import (
    follow_add,
    initiative_update_post,
    invitation_accept,
    invitation_create,
    report_create,
    support_add,
)
from notifications.services import notification_preference_set
from support.services import event_register, support_request_create
from tests.accounts.factories import UserFactory
from tests.dialogues.factories import dialogue_in, make_cast, step
from tests.initiatives.factories import InitiativeFactory, NetworkFactory
from tests.support.factories import EventFactory

NAME = "Zwaantje Quirijnsdochter"
EMAIL = "zwaantje.quirijnsdochter@example.org"


@dataclass
class Journey:
    person: object
    cast: object
    shared: object  # owned by the person, with a co-initiator, and a dialogue the person answered in
    dialogue: object
    lone: object  # the person's own active initiative, with a follower and a requested dialogue
    lone_dialogue: object
    joined: object  # someone else's initiative the person joined as co-initiator by invitation
    supported: object  # supported with the name shown
    supported_anonymously: object
    event: object
    support_request: object
    follower: object


def full_journey() -> Journey:
    now = timezone.now()
    cast = make_cast()
    person = cast.owner
    person.display_name, person.email = NAME, EMAIL
    person.save()
    EmailAddress.objects.filter(user=person).update(email=EMAIL)
    follower = cast.resident

    shared = cast.initiative
    follow_add(initiative=shared, user=follower)
    dialogue = dialogue_in(Dialogue.State.AWAITING_INITIATIVE, cast, now=now - timedelta(minutes=5))
    dialogue = step(dialogue, "reply", person, now - timedelta(minutes=4), text="Wij doen met twaalf bewoners mee.")
    initiative_update_post(initiative=shared, author=person, text="De eerste tuin is aangelegd!")

    lone = InitiativeFactory(owner=person, title="Buurtmoestuin Zaandammerplein")
    follow_add(initiative=lone, user=follower)
    lone_dialogue = dialogue_open(
        initiative=lone, question="Mag de moestuin op het plein?", actor=cast.coordinator, now=now
    )

    joined = InitiativeFactory(title="Speeltuin Spaarndammerbuurt")
    joined_owner = joined.initiator_links.get(role="owner").user
    invitation = invitation_create(initiative=joined, email=EMAIL, invited_by=joined_owner)
    invitation_accept(invitation=invitation, user=person)

    supported = InitiativeFactory(title="Bankjes op de Zoutkeetsgracht")
    support_add(initiative=supported, user=person, neighbourhood="Zeeheldenbuurt")
    supported_anonymously = InitiativeFactory(title="Minder auto's in de Houtrijkstraat")
    support_add(initiative=supported_anonymously, user=person, listed_publicly=False)
    support_add(initiative=supported, user=UserFactory())
    follow_add(initiative=supported, user=person)
    report_create(initiative=supported_anonymously, reporter=person, reason="Er staat een telefoonnummer in.")

    event = EventFactory(title="Subsidie schrijven voor beginners")
    event_register(event=event, user=person)
    support_request = support_request_create(
        initiative=shared, actor=person, need="subsidy", description="Welke subsidie past bij de tuinen?"
    )
    notification_preference_set(user=person, email="daily")
    NetworkMembership.objects.create(network=NetworkFactory(name="Buurtplatform Zeeheldenbuurt"), user=person)
    return Journey(
        person=person,
        cast=cast,
        shared=shared,
        dialogue=dialogue,
        lone=lone,
        lone_dialogue=lone_dialogue,
        joined=joined,
        supported=supported,
        supported_anonymously=supported_anonymously,
        event=event,
        support_request=support_request,
        follower=follower,
    )
