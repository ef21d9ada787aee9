"""Dialogues for tests, built through the real services so every state is reached the way users reach it."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.models import Role
from dialogues.models import Dialogue, Outcome
from dialogues.services import dialogue_open, dialogue_transition
from dialogues.workflow import Action
from tests.accounts.factories import DepartmentFactory, UserFactory, coordinator, district, make_role, official
from tests.initiatives.factories import InitiativeFactory, co_initiator

A = Action
S = Dialogue.State

REASONING = (
    "We hebben de vraag van het initiatief besproken met de afdeling Openbare Ruimte. De stoep is breed genoeg "
    "voor geveltuinen van dertig centimeter, en de bewoners zorgen zelf voor het onderhoud van de planten."
)


@dataclass
class Cast:
    """Everyone who might try something on one dialogue, one person per role."""

    initiative: object
    owner: object
    co_initiator: object
    other_initiator: object
    lead: object
    member: object
    board: object
    district_official: object
    other_official: object
    coordinator: object
    other_coordinator: object
    supporter: object
    city: object
    resident: object
    visitor: object

    def people(self):
        return {name: getattr(self, name) for name in ROLES}


ROLES = [
    "owner",
    "co_initiator",
    "other_initiator",
    "lead",
    "member",
    "board",
    "district_official",
    "other_official",
    "coordinator",
    "other_coordinator",
    "supporter",
    "city",
    "resident",
    "visitor",
]


def board_member(district_slug="west"):
    return make_role(
        Role.Kind.OFFICIAL,
        district_slug,
        department=DepartmentFactory(name=f"Stadsdeelbestuur {district_slug}"),
        job_title=Role.JobTitle.BOARD_MEMBER,
    )


def make_cast(district_slug="west") -> Cast:
    initiative = InitiativeFactory(district=district(district_slug))
    other = InitiativeFactory(district=district(district_slug))
    from tests.accounts.factories import city_coordinator, supporter

    return Cast(
        initiative=initiative,
        owner=initiative.initiator_links.get(role="owner").user,
        co_initiator=co_initiator(initiative),
        other_initiator=other.initiator_links.get(role="owner").user,
        lead=official(
            district_slug,
            department=DepartmentFactory(name="Gebiedsteam West", district=district(district_slug)),
            job_title=Role.JobTitle.AREA_MANAGER,
        ),
        member=official(district_slug),
        board=board_member(district_slug),
        district_official=official(district_slug),
        other_official=official("oost"),
        coordinator=coordinator(district_slug),
        other_coordinator=coordinator("oost"),
        supporter=supporter(district_slug),
        city=city_coordinator(),
        resident=UserFactory(),
        visitor=AnonymousUser(),
    )


def commitment(days=20, owner=None, label="", now=None):
    due = timezone.localdate(now or timezone.now()) + timedelta(days=days)
    return {"what": "Tegels wippen voor de geveltuinen", "owner": owner, "owner_label": label, "due_date": due}


def step(dialogue, action, actor, now, **fields):
    return dialogue_transition(dialogue=dialogue, action=action, actor=actor, now=now, **fields)


def dialogue_in(state, cast: Cast, *, now=None, escalated=False) -> Dialogue:
    """Return a dialogue of `cast.initiative` brought to `state` through the services, ending at about `now`."""
    now = now or timezone.now()
    moments = iter(now - timedelta(minutes=60 - n) for n in range(60))
    d = dialogue_open(
        initiative=cast.initiative,
        question="Mogen wij geveltuinen aanleggen?",
        actor=cast.coordinator,
        now=next(moments),
    )
    if state == S.REQUESTED:
        return d
    if state in (S.WITHDRAWN, S.CLOSED):
        if state == S.WITHDRAWN:
            return step(d, A.WITHDRAW, cast.owner, next(moments), reason="We stoppen ermee.")
        return step(
            d,
            A.CLOSE,
            cast.coordinator,
            next(moments),
            closure_kind="duplicate",
            reason="Dezelfde vraag loopt al in een andere dialoog.",
            referral="Zie de dialoog over de Jan Evertsenstraat.",
        )
    d = step(d, A.ASSIGN, cast.coordinator, next(moments), official=cast.lead)
    d = step(d, A.ADD_OFFICIAL, cast.coordinator, next(moments), official=cast.member)
    if state == S.ASSIGNED:
        return d
    d = step(d, A.ANSWER, cast.lead, next(moments), text="Dank voor jullie initiatief; we kijken ernaar.")
    if state == S.IN_DIALOGUE:
        return d
    if state == S.AWAITING_INITIATIVE:
        return step(d, A.ASK, cast.lead, next(moments), text="Hoeveel bewoners doen mee?")
    d = step(
        d,
        A.PROPOSE,
        cast.lead,
        next(moments),
        outcome_type=Outcome.Type.AGREED,
        summary="De gemeente wipt de tegels; de bewoners onderhouden de tuinen.",
        reasoning=REASONING,
        commitments=[commitment(owner=cast.lead, now=now)],
    )
    if state == S.OUTCOME_PROPOSED:
        return d
    if state == S.CONTESTED:
        d = step(d, A.CONTEST, cast.owner, next(moments), reason="De planning is te laat voor het voorjaar.")
        if escalated:
            d = step(d, A.ESCALATE, cast.coordinator, next(moments), official=cast.board, reason="Graag een besluit.")
        return d
    d = step(d, A.ACCEPT, cast.owner, next(moments))
    if state == S.CONCLUDED:
        return d
    if state == S.REOPENED:
        return step(d, A.REQUEST_REOPEN, cast.owner, next(moments), reason="De tegels zijn nooit gewipt.")
    raise ValueError(state)
