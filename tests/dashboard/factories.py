"""Data for the statistics tests: a small set played through the real services, whose every figure is worked
out by hand in test_statistics.py, and a bulk set of any size for the query budgets.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from accounts.models import Role
from dialogues.models import (
    ActorKind,
    Commitment,
    Dialogue,
    DialogueAssignment,
    DialogueEvent,
    Message,
    Outcome,
    WaitingOn,
)
from dialogues.services import dialogue_open, dialogue_transition
from dialogues.workflow import Action
from districts.models import Department, District
from districts.workdays import AMSTERDAM, add_working_days
from initiatives.models import Initiative, Initiator, Theme
from seeding.paths import DIALOGUE_PATHS
from seeding.player import dialogue_walk
from tests.accounts.factories import DepartmentFactory, UserFactory, coordinator, district, official
from tests.dialogues.factories import REASONING
from tests.initiatives.factories import InitiativeFactory

A = Action
S = Dialogue.State

INTERNAL_NOTE = "Interne notitie: eerst het budget van Groen navragen, niets beloven."
INTERNAL_REASON = "Interne reden: de vorige ambtenaar is met ziekteverlof."


def at(day: int, month: int, hour: int = 10, year: int = 2026) -> datetime:
    """Return a moment in Amsterdam time."""
    return datetime(year, month, day, hour, tzinfo=AMSTERDAM)


# The moment the figures are computed: Wednesday 15 April 2026, noon (after Good Friday and Easter Monday).
NOW = at(15, 4, 12)
MARCH = {"start": "2026-03-01", "end": "2026-03-31"}


@dataclass
class HandSet:
    coordinator: object
    lead_a: object
    lead_b: object
    dialogues: dict = field(default_factory=dict)


def _commitment(owner, now):
    return {"what": "Tegels wippen", "owner": owner, "owner_label": "", "due_date": (now + timedelta(days=30)).date()}


def build_hand_set() -> HandSet:
    """Play eight dialogues of West through the services (see test_statistics.py for every figure by hand).

    D1–D7 are opened on Monday 2 March 2026 and assigned half an hour later (the first answer is due by
    the end of Monday 16 March); D8 is opened on Monday 12 January. Department A leads D1–D4 and D8,
    department B D5–D7. The initiative of D1 and D2 is about greenery, the others about housing.
    """
    west = district("west")
    people = HandSet(
        coordinator=coordinator("west"),
        lead_a=official("west", department=DepartmentFactory(name="Afdeling A", district=west)),
        lead_b=official("west", department=DepartmentFactory(name="Afdeling B", district=west)),
    )
    green = InitiativeFactory(district=west, themes=["greenery"], title="Groene straat")
    housing = InitiativeFactory(district=west, themes=["housing"], title="Woongroep")
    owner_green = green.initiator_links.get().user
    owner_housing = housing.initiator_links.get().user

    def start(initiative, lead, opened):
        d = dialogue_open(initiative=initiative, question="Mag het?", actor=people.coordinator, now=opened)
        return dialogue_transition(
            dialogue=d, action=A.ASSIGN, actor=people.coordinator, official=lead, now=opened + timedelta(minutes=30)
        )

    def answer(d, lead, moment):
        return dialogue_transition(dialogue=d, action=A.ANSWER, actor=lead, text="Een antwoord.", now=moment)

    def conclude(d, lead, owner, kind, proposed, accepted):
        d = dialogue_transition(
            dialogue=d,
            action=A.PROPOSE,
            actor=lead,
            outcome_type=kind,
            summary="De uitkomst.",
            reasoning=REASONING,
            commitments=[_commitment(lead, proposed)],
            now=proposed,
        )
        return dialogue_transition(dialogue=d, action=A.ACCEPT, actor=owner, now=accepted)

    a, b = people.lead_a, people.lead_b
    d = {}
    # D1: first answer after 2 working days; agreed, 9 working days after opening.
    d[1] = conclude(
        answer(start(green, a, at(2, 3, 9)), a, at(4, 3)), a, owner_green, Outcome.Type.AGREED, at(5, 3), at(13, 3)
    )
    # D2: 4 working days; partly agreed after 14.
    d[2] = conclude(
        answer(start(green, a, at(2, 3, 9)), a, at(6, 3)),
        a,
        owner_green,
        Outcome.Type.PARTLY_AGREED,
        at(9, 3),
        at(20, 3),
    )
    # D3: 12 working days, too late; declined after 24 (Good Friday and Easter Monday do not count).
    d[3] = conclude(
        answer(start(housing, a, at(2, 3, 9)), a, at(18, 3)),
        a,
        owner_housing,
        Outcome.Type.DECLINED,
        at(26, 3),
        at(7, 4),
    )
    # D4: exactly 10 working days, on the deadline's last day: in time. Its next answer is late since 30 March.
    d[4] = answer(start(housing, a, at(2, 3, 9)), a, at(16, 3, 15))
    # D5: never answered; escalated by the morning scan.
    d[5] = start(housing, b, at(2, 3, 9))
    DialogueEvent.objects.create(
        dialogue=d[5],
        action="escalated",
        from_state=d[5].state,
        to_state=d[5].state,
        actor_kind=ActorKind.SYSTEM,
        clock=d[5].clock,
        waiting_on=d[5].waiting_on,
        deadline_at=d[5].deadline_at,
        created_at=at(31, 3, 7),
    )
    # D6: closed by the coordinator; D7: withdrawn by the initiative.
    d[6] = dialogue_transition(
        dialogue=start(housing, b, at(2, 3, 9)),
        action=A.CLOSE,
        actor=people.coordinator,
        closure_kind="duplicate",
        reason="Dezelfde vraag loopt al.",
        referral="Zie de andere dialoog.",
        now=at(4, 3),
    )
    d[7] = dialogue_transition(
        dialogue=start(housing, b, at(2, 3, 9)),
        action=A.WITHDRAW,
        actor=owner_housing,
        reason="We stoppen.",
        now=at(5, 3),
    )
    # D8: opened in January, answered after 1 working day; its next answer is long overdue.
    d[8] = answer(start(housing, a, at(12, 1, 9)), a, at(13, 1))
    # Staff-only words that must never reach the public.
    dialogue_transition(dialogue=d[4], action=A.NOTE, actor=a, text=INTERNAL_NOTE, now=at(17, 3))
    people.dialogues = {n: Dialogue.objects.get(pk=dialogue.pk) for n, dialogue in d.items()}
    return people


# -- many dialogues, fast ------------------------------------------------------------------------------------


def build_bulk(size: int, *, now, seed: int = 7) -> dict:
    """Create `size` dialogues (one initiative per ten) in every state across all districts with bulk inserts.

    Rows satisfy every database constraint; figures are not checked on them, only what pages cost.
    """
    rng = random.Random(seed)
    districts = list(District.objects.order_by("pk"))
    themes = list(Theme.objects.all())
    owner = UserFactory()
    officials = [official(d.slug) for d in districts[:2]]
    departments = [
        Department.objects.get_or_create(name=f"Bulkafdeling {n}", district=districts[n % len(districts)])[0]
        for n in range(6)
    ]
    initiatives = Initiative.objects.bulk_create(
        Initiative(
            title=f"Initiatief {n}",
            summary="Samen met de buren.",
            description="Een plan van de buurt.",
            district=districts[n % len(districts)],
            status=Initiative.Status.ACTIVE,
            submitted_at=now - timedelta(days=200),
            accepted_at=now - timedelta(days=190),
        )
        for n in range(max(size // 10, 1))
    )
    Initiator.objects.bulk_create(Initiator(initiative=i, user=owner, role=Initiator.Role.OWNER) for i in initiatives)
    Through = Initiative.themes.through
    Through.objects.bulk_create(
        Through(initiative_id=i.pk, theme_id=themes[n % len(themes)].pk) for n, i in enumerate(initiatives)
    )
    # Each state is where its path leads through the transition table, with whose turn it is then (the seed player).
    states = [S.ASSIGNED, S.IN_DIALOGUE, S.AWAITING_INITIATIVE, S.OUTCOME_PROPOSED, S.CONCLUDED, S.CLOSED, S.WITHDRAWN]
    walks = [(dialogue_walk(DIALOGUE_PATHS[state]), A.ANSWER in DIALOGUE_PATHS[state]) for state in states]
    dialogues = []
    for n in range(size):
        initiative = initiatives[n % len(initiatives)]
        (state, waiting), answered = walks[n % len(walks)]
        created = now - timedelta(days=rng.randint(1, 400), hours=rng.randint(0, 8))
        ended = waiting == WaitingOn.NOBODY
        deadline = None if ended else add_working_days(created, rng.randint(5, 60), frozenset())
        dialogues.append(
            Dialogue(
                initiative=initiative,
                district_id=initiative.district_id,
                question=f"Vraag {n}",
                state=state,
                waiting_on=waiting,
                clock=3,
                turn_started_at=None if ended else created,
                turn_days=None if ended else 10,
                deadline_at=deadline,
                long_overdue_at=None if ended else deadline + timedelta(days=14),
                first_response_at=created + timedelta(days=3) if answered else None,
                first_answer_due_at=add_working_days(created, 10, frozenset()),
                first_response_days=rng.randint(0, 25) if answered else None,
                first_response_on_time=rng.random() < 0.7 if answered else None,
                concluded_at=created + timedelta(days=30) if state == S.CONCLUDED else None,
                outcome_days=rng.randint(5, 80) if state == S.CONCLUDED else None,
                outcome_type=rng.choice(Outcome.Type.values) if state == S.CONCLUDED else "",
                ended_at=created + timedelta(days=10) if state in (S.CLOSED, S.WITHDRAWN) else None,
                closure_kind="duplicate" if state == S.CLOSED else "",
                created_at=created,
            )
        )
    dialogues = Dialogue.objects.bulk_create(dialogues, batch_size=2000)
    DialogueAssignment.objects.bulk_create(
        (
            DialogueAssignment(
                dialogue=d,
                official=officials[n % len(officials)],
                official_name="Ambtenaar",
                is_lead=True,
                department=departments[n % len(departments)],
                department_name=departments[n % len(departments)].name,
                job_title=Role.JobTitle.CIVIL_SERVANT,
                assigned_at=d.created_at,
            )
            for n, d in enumerate(dialogues)
        ),
        batch_size=2000,
    )
    with_outcome = [d for d in dialogues if d.state in (S.CONCLUDED, S.OUTCOME_PROPOSED)]
    outcomes = Outcome.objects.bulk_create(
        (
            Outcome(
                dialogue=d,
                type=d.outcome_type or Outcome.Type.AGREED,
                summary="De uitkomst.",
                reasoning=REASONING,
                decided_at=d.created_at + timedelta(days=20),
                status=Outcome.Status.ACCEPTED if d.state == S.CONCLUDED else Outcome.Status.PROPOSED,
                actor_name="Ambtenaar",
                actor_kind=ActorKind.OFFICIAL,
            )
            for d in with_outcome
        ),
        batch_size=2000,
    )
    Commitment.objects.bulk_create(
        (
            Commitment(
                dialogue_id=o.dialogue_id,
                outcome=o,
                what="Tegels wippen",
                owner_label="Bulkafdeling 1",
                due_date=(now + timedelta(days=10)).date(),
                created_at=o.decided_at,
            )
            for o in outcomes
        ),
        batch_size=2000,
    )
    events = [
        DialogueEvent(
            dialogue=d,
            action="escalated",
            to_state=d.state,
            actor_kind=ActorKind.SYSTEM,
            clock=d.clock,
            waiting_on=d.waiting_on,
            created_at=d.created_at + timedelta(days=20),
        )
        for d in dialogues[::9]
    ]
    DialogueEvent.objects.bulk_create(events, batch_size=2000)
    Message.objects.bulk_create(
        (
            Message(
                dialogue=d,
                kind=Message.Kind.NOTE,
                text=INTERNAL_NOTE,
                is_internal=True,
                clock=d.clock,
                actor_kind=ActorKind.OFFICIAL,
                created_at=d.created_at,
            )
            for d in dialogues[::50]
        ),
        batch_size=2000,
    )
    return {"dialogues": len(dialogues), "initiatives": len(initiatives)}
