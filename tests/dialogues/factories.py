"""Dialogues for tests.

`dialogue_in` builds one through the real services, so every state is reached the way users reach it: for
tests about the workflow. Tests about something else (pages, inboxes, query budgets) use `dialogue_at`, which
puts a dialogue straight into the state a path of actions leads to, with the turn and clock the transition
table gives (walked by the seed player, so it can only make a state the table can reach), and the rows the
path implies: its lead assignment, its messages and their timeline entries.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

from accounts.models import Role
from dialogues.flow import start_clock, stop_clock
from dialogues.history import actor_snapshot
from dialogues.models import Dialogue, DialogueAssignment, DialogueEvent, Message, Outcome
from dialogues.services import dialogue_open, dialogue_transition
from dialogues.workflow import FIRST_ANSWER, MESSAGE_KINDS, OPENED, STOP, TRANSITIONS, Action
from districts.workdays import load_holidays, working_days_between
from seeding.player import OPENED_TURN, dialogue_turn, next_state
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


# -- straight into a state, for tests that are not about the workflow ------------------------------------------


ANSWER_TEXT = "Dank voor jullie initiatief; we kijken ernaar."
QUESTION_TEXT = "Hoeveel bewoners doen mee?"


def dialogue_at(
    initiative,
    actions=(),
    *,
    coordinator,
    lead=None,
    member=None,
    now=None,
    moments=None,
    question="Vraag",
    holidays=None,
):
    """Return a dialogue of `initiative` in the state `actions` lead to from an opened one.

    Each action is looked up in the transition table (seeding/player.py): the turn, clock and deadlines are
    what the table's edges start. The dialogue is opened at `moments[0]` and each action taken at the next
    moment (all at `now` without `moments`). ASSIGN makes `lead` the lead official, ADD_OFFICIAL adds `member`
    (department and job title from their role), both by `coordinator`; ANSWER and ASK are the lead's messages,
    the first of them the first response. Only these four are supported here: anything else is for
    `dialogue_in`, which plays the services.
    """
    now = now or timezone.now()
    moments = iter(moments or [now] * (len(actions) + 1))
    holidays = load_holidays() if holidays is None else holidays
    opened = next(moments)
    d = Dialogue(
        initiative=initiative,
        district=initiative.district,
        question=question,
        state=S.REQUESTED,
        opened_by=coordinator,
        created_at=opened,
        clock=0,
    )
    start_clock(d, OPENED_TURN[0], OPENED_TURN[1], opened, holidays)
    steps = [(OPENED, "", S.REQUESTED, d.clock, d.waiting_on, d.deadline_at, None, opened)]
    for action in actions:
        if action not in (A.ASSIGN, A.ADD_OFFICIAL, A.ANSWER, A.ASK):
            raise ValueError(f"dialogue_at does not take {action!r}; play it with dialogue_in")
        at = next(moments)
        said_in = d.clock  # a message belongs to the turn it answers (effects run before the clock moves)
        turn, from_state = dialogue_turn(d.state, action), d.state
        if action in MESSAGE_KINDS:
            _first_response(d, at, holidays)
        d.state = next_state(TRANSITIONS, d.state, action)
        d.version += 1
        if turn == STOP:
            stop_clock(d)
        elif turn is not None:
            start_clock(d, turn[0], turn[1], at, holidays)
            if turn[1] == FIRST_ANSWER:
                d.first_answer_due_at = d.deadline_at
        steps.append((action, from_state, d.state, d.clock, d.waiting_on, d.deadline_at, said_in, at))
    d.save()
    officials = {A.ASSIGN: lead, A.ADD_OFFICIAL: member}
    for action, *_, at in steps:
        if action in officials:
            _assignment(d, officials[action], coordinator, at, lead=action == A.ASSIGN)
    events = []
    for action, from_state, to_state, clock, waiting_on, deadline_at, said_in, at in steps:
        if action in MESSAGE_KINDS:
            actor, who = lead, "official"
        else:
            actor, who = coordinator, "coordinator"
        snapshot = actor_snapshot(actor, d, who)
        params = {"official": officials[action].display_name[:80]} if action in officials else {}
        if action in MESSAGE_KINDS:
            text = ANSWER_TEXT if action == A.ANSWER else QUESTION_TEXT
            kind = MESSAGE_KINDS[action]
            message = Message.objects.create(
                dialogue=d, author=lead, kind=kind, text=text, clock=said_in, created_at=at, **snapshot, **_written()
            )
            params = {"message_id": message.pk}
        events.append(
            DialogueEvent(
                dialogue=d,
                action=action,
                from_state=from_state,
                to_state=to_state,
                actor=actor,
                clock=clock,
                waiting_on=waiting_on,
                deadline_at=deadline_at,
                params=params,
                created_at=at,
                **snapshot,
            )
        )
    DialogueEvent.objects.bulk_create(events)
    return d


# The paths of `dialogue_in` that `quick_in` can take without the services.
QUICK_PATHS = {
    S.REQUESTED: [],
    S.ASSIGNED: [A.ASSIGN, A.ADD_OFFICIAL],
    S.IN_DIALOGUE: [A.ASSIGN, A.ADD_OFFICIAL, A.ANSWER],
    S.AWAITING_INITIATIVE: [A.ASSIGN, A.ADD_OFFICIAL, A.ANSWER, A.ASK],
}


def quick_in(state, cast: Cast, *, now=None) -> Dialogue:
    """Return what `dialogue_in(state, cast, now=now)` returns, with the same rows, without playing the services.

    For tests that are not about the workflow; test_traits.py holds the two side by side.
    """
    now = now or timezone.now()
    actions = QUICK_PATHS[state]
    moments = [now - timedelta(minutes=60 - n) for n in range(len(actions) + 1)]
    return dialogue_at(
        cast.initiative,
        actions,
        coordinator=cast.coordinator,
        lead=cast.lead,
        member=cast.member,
        moments=moments,
        question="Mogen wij geveltuinen aanleggen?",
    )


def _written() -> dict:
    """Return the language a message is written in where messages record one: the writer's, as on the site."""
    return {"language": translation.get_language()} if hasattr(Message, "language") else {}


def _first_response(dialogue, now, holidays):
    """Record the first answer as the engine does, against the turn it answers (before the clock moves)."""
    if dialogue.first_response_at is None:
        dialogue.first_response_at = now
        dialogue.first_response_days = max(working_days_between(dialogue.turn_started_at, now, holidays), 0)
        dialogue.first_response_on_time = now <= dialogue.deadline_at


def _assignment(dialogue, official, coordinator, now, *, lead):
    role = official.roles.select_related("department").get(kind=Role.Kind.OFFICIAL, district_id=dialogue.district_id)
    DialogueAssignment.objects.create(
        dialogue=dialogue,
        official=official,
        official_name=official.display_name[:80],
        is_lead=lead,
        department=role.department,
        department_name=role.department.name[:120] if role.department_id else "",
        job_title=role.job_title,
        assigned_at=now,
        assigned_by=coordinator,
    )
    dialogue._active_assignments = None


def say(dialogue, speakers, count, *, now=None):
    """Add `count` messages to an open dialogue in turn from `speakers` [(action, person, side)], as the engine
    records them: one message and one timeline entry each, the turn moving where the table's edge moves it.
    """
    now = now or timezone.now()
    holidays = load_holidays()
    messages, events = [], []
    for n in range(count):
        action, person, side = speakers[n % len(speakers)]
        at = now + timedelta(seconds=n)
        turn, from_state = dialogue_turn(dialogue.state, action), dialogue.state
        if action in (A.ANSWER, A.ASK):
            _first_response(dialogue, at, holidays)
        snapshot = actor_snapshot(person, dialogue, side)
        # The message belongs to the turn it answers: the engine runs effects before the edge moves the clock.
        messages.append(
            Message(
                dialogue=dialogue,
                author=person,
                kind=MESSAGE_KINDS[action],
                text=f"Bericht {n}",
                is_internal=action == A.NOTE,
                clock=dialogue.clock,
                created_at=at,
                **snapshot,
                **_written(),
            )
        )
        dialogue.state = next_state(TRANSITIONS, dialogue.state, action)
        if turn == STOP:
            raise ValueError(f"{action!r} ends the dialogue; play it with dialogue_in")
        if turn is not None:
            start_clock(dialogue, turn[0], turn[1], at, holidays)
        events.append(
            DialogueEvent(
                dialogue=dialogue,
                action=action,
                from_state=from_state,
                to_state=dialogue.state,
                actor=person,
                clock=dialogue.clock,
                waiting_on=dialogue.waiting_on,
                deadline_at=dialogue.deadline_at,
                created_at=at,
                **snapshot,
            )
        )
        dialogue.version += 1
    for message, event in zip(Message.objects.bulk_create(messages), events, strict=True):
        event.params = {"message_id": message.pk}
    DialogueEvent.objects.bulk_create(events)
    dialogue.save()
    return dialogue
