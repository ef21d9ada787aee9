"""The dialogues of the city-scale set, played step by step along the transition table."""

import bisect
import time as clock
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from accounts.models import User
from dialogues.models import (
    Dialogue,
    Outcome,
    WaitingOn,
)
from dialogues.reminders import escalation_params
from dialogues.workflow import ESCALATED, FIRST_ANSWER, MESSAGE_KINDS, OPENED, OVERDUE, STOP, Action
from districts.models import District
from seeding.player import DIALOGUE_TABLE, OPENED_TURN, dialogue_turn, logged_rungs, next_state
from seeding.scale.dialogue_rows import write_dialogues
from seeding.scale.initiatives import PublicInitiative
from seeding.scale.shape import (
    CONVERSATION_MEAN,
    DEMO_OFFICIAL_SHARE,
    DIALOGUE_STATES,
    MESSAGE_MEANS,
    SENTENCES,
    _weighted,
)

S = Dialogue.State
W = WaitingOn
A = Action

# -- dialogues ----------------------------------------------------------------------------------------------------


@dataclass
class Turn:
    clock: int
    waiting_on: str
    started: datetime
    days: int
    deadline: datetime
    long_overdue: datetime


@dataclass
class DialoguePlan:
    """One dialogue as it is played: its rows are collected here and written in bulk afterwards."""

    pk: int
    initiative: PublicInitiative
    district: District
    coordinator: User
    lead: tuple
    created: datetime
    public_only: bool = False
    state: str = S.REQUESTED
    turn: Turn | None = None
    clock: int = 0
    version: int = 1
    first_response: tuple | None = None  # (at, days, on time)
    first_answer_due: datetime | None = None
    concluded_at: datetime | None = None
    outcome_days: int | None = None
    outcome_type: str = ""
    ended_at: datetime | None = None
    closure_kind: str = ""
    referral: str = ""
    assigned: bool = False
    events: list = field(default_factory=list)
    messages: list = field(default_factory=list)
    outcomes: list = field(default_factory=list)  # [type, status, settlement, settled_at, decided_at, commitments]
    markers: list = field(default_factory=list)


class DialogueSeeder:
    """Plays each dialogue along the transition table with made-up moments, as the services would record it.

    Every step asks the player (seeding/player.py) for its next state and the turn it starts; the moments and
    the choices between edges are drawn here.
    """

    def __init__(self, rng, calendar, staff, writer, now):
        self.rng, self.calendar, self.staff, self.writer, self.now = rng, calendar, staff, writer, now
        self.texts = [" ".join(rng.sample(SENTENCES, rng.randint(2, 5))) for _ in range(400)]

    # -- the pieces of a dialogue's life

    def start_turn(self, d, waiting_on, setting, at):
        days = getattr(d.district, setting)
        d.clock += 1
        d.turn = Turn(
            d.clock, waiting_on, at, days, self.calendar.deadline(at, days), self.calendar.deadline(at, 2 * days)
        )
        if setting == FIRST_ANSWER:
            d.first_answer_due = d.turn.deadline

    def end_turn(self, d, at):
        """Log what the morning scan logged about the turn that ends at `at` (or is still running at `at`)."""
        t = d.turn
        if t is None or t.waiting_on not in (W.OFFICIALS, W.COORDINATOR) or at <= t.deadline:
            return
        if at - t.deadline < timedelta(days=1) and at >= self.now:
            return  # overdue since last night: left for the next scan to log
        self.event(d, OVERDUE, t.deadline, None, params={"logged_at": t.deadline.isoformat()})
        # The rungs of the reminder ladder that log an event once per turn, on the morning the scan reaches them.
        for rung in logged_rungs(t.waiting_on):
            moment = self.calendar.morning(t.deadline, rung.late[0])
            if rung.long_overdue:
                # ... and only once the turn's long-overdue moment has passed: the next working morning.
                moment = max(moment, self.calendar.morning(t.long_overdue, 1))
            if moment < at:
                params = escalation_params(t.waiting_on) if rung.event == ESCALATED else None
                self.event(d, rung.event, moment, None, params=params)
                d.markers.append((rung.event, t.clock, moment))

    def event(self, d, action, at, actor, *, who="", reason="", params=None, from_state=None):
        t = d.turn
        d.events.append(
            (
                action,
                from_state if from_state is not None else d.state,
                d.state,
                actor,
                who,
                reason,
                t.clock if t else d.clock,
                t.waiting_on if t else W.NOBODY,
                t.deadline if t else None,
                params or {},
                at,
            )
        )

    def act(self, d, action, at, actor, who, *, reason="", params=None, message=False):
        """Take one edge of the table: end the running turn if it moves on, post the message, start the next turn."""
        action, from_state, old_clock = str(action), d.state, d.clock
        target = next_state(DIALOGUE_TABLE, from_state, action)
        turn = dialogue_turn(from_state, action)
        if turn is not None:
            self.end_turn(d, at)
        params = dict(params or {})
        if message:
            d.messages.append((MESSAGE_KINDS[action], actor, who, action == A.NOTE, old_clock, at))
            params["message_index"] = len(d.messages) - 1
        d.state = target
        if turn == STOP:
            d.turn = None
        elif turn is not None:
            self.start_turn(d, *turn, at)
        d.version += 1
        self.event(d, action, at, actor, who=who, reason=reason, params=params, from_state=from_state)

    def official_message(self, d, action, at):
        if action in (A.ANSWER, A.ASK) and d.first_response is None:
            t = d.turn
            d.first_response = (at, max(self.calendar.between(t.started, at), 0), at <= t.deadline)
        self.act(d, action, at, d.lead[0].pk, "official", message=True)

    def reply(self, d, at):
        self.act(d, A.REPLY, at, d.initiative.owner_id, "initiative", message=True)

    # -- timing

    def gap(self, d, kind="turn") -> timedelta:
        """Return how long the next step takes: mostly within the turn's time, sometimes late."""
        rng = self.rng
        if kind == "quick" or d.turn is None:
            return timedelta(hours=rng.uniform(1, 30))
        calendar_days = d.turn.days * 1.4
        late = d.turn.waiting_on in (W.OFFICIALS, W.COORDINATOR) and rng.random() < 0.1
        if late:
            share = rng.uniform(1.0, 1.5) if rng.random() < 0.85 else rng.uniform(1.5, 2.5)
        else:
            share = rng.uniform(0.05, 0.9)
        if d.turn.waiting_on == W.INITIATIVE:
            share = min(share, 0.9)
        return timedelta(days=calendar_days * share)

    # -- whole dialogues

    def conversation(self, d, messages: int, end: str, t: datetime) -> datetime:
        """Post `messages` messages after the assignment, ending in `end` (in_dialogue or awaiting_initiative)."""
        for n in range(messages):
            last = n == messages - 1
            # A word in between (the initiative adding something, an internal note) comes quickly and keeps the
            # turn; the step that hands the turn over takes the turn's time.
            keeps_turn = d.state in (S.IN_DIALOGUE,) and not last and self.rng.random() < 0.45
            t += self.gap(d, "quick" if keeps_turn else "turn")
            if d.state == S.AWAITING_INITIATIVE:
                self.initiative_step(d, t, last and end == S.AWAITING_INITIATIVE)
            elif last and end == S.AWAITING_INITIATIVE:
                self.official_message(d, A.ASK, t)
            else:
                self.officials_step(d, t, last, keeps_turn)
        return t

    def initiative_step(self, d, t, stay):
        """The initiative's turn: it answers, or its time ran out and the officials carry on."""
        if stay:
            self.reply(d, t)  # an extra word from the initiative; the question stays open
        elif self.rng.random() < 0.05 and t > d.turn.deadline:
            self.act(d, A.INITIATIVE_TIME_UP, d.turn.deadline + timedelta(hours=8), None, "system")
            self.official_message(d, A.ANSWER, max(t, d.turn.started + timedelta(hours=1)))
        else:
            self.reply(d, t)

    def officials_step(self, d, t, last, keeps_turn):
        """The officials' turn: an answer or a question; in between a note or a word from the initiative."""
        rng = self.rng
        if d.state == S.ASSIGNED:
            self.official_message(d, A.ASK if rng.random() < 0.3 and not last else A.ANSWER, t)
        elif keeps_turn:
            if rng.random() < 0.25 and not d.public_only:
                self.official_message(d, A.NOTE, t)
            else:
                self.reply(d, t)
        elif rng.random() < 0.55 or last:
            self.official_message(d, A.ANSWER, t)
        else:
            self.official_message(d, A.ASK, t)

    def propose(self, d, t):
        outcome_type = _weighted(
            self.rng, [("agreed", 40), ("partly_agreed", 30), ("declined", 15), ("referred", 10), ("not_competent", 5)]
        )
        d.outcomes.append([outcome_type, Outcome.Status.PROPOSED, "", None, t, self.rng.randint(1, 3)])
        self.act(d, A.PROPOSE, t, d.lead[0].pk, "lead", params={"outcome_index": len(d.outcomes) - 1})

    def settle(self, d, t, action, settlement, actor, who, reason=""):
        outcome = d.outcomes[-1]
        outcome[1:4] = [Outcome.Status.ACCEPTED, settlement, t]
        d.outcome_type = outcome[0]
        d.concluded_at = t
        d.outcome_days = max(self.calendar.between(d.created, t), 0)
        self.act(d, action, t, actor, who, reason=reason, params={"outcome_index": len(d.outcomes) - 1})

    def lapse_outcome(self, d, t):
        """An outcome still proposed when the dialogue ends lapses."""
        if d.outcomes and d.outcomes[-1][1] == Outcome.Status.PROPOSED:
            d.outcomes[-1][1:4] = [Outcome.Status.LAPSED, "", t]
        d.ended_at = t

    def play(self, d: DialoguePlan, final: str, messages: int):
        """Play `d` from opening to `final` with `messages` messages, starting at d.created."""
        t = d.created
        # Opening is not an edge of the table: the coordinator's triage turn starts (dialogues.services.dialogue_open).
        self.start_turn(d, *OPENED_TURN, t)
        d.version = 1
        self.event(d, OPENED, t, d.coordinator.pk, who="coordinator", from_state="")
        if final == S.REQUESTED or (final == S.CLOSED and self.rng.random() < 0.6):
            self.replies(d, t, messages, final)
            return
        t += self.gap(d)
        d.assigned = t
        self.act(d, A.ASSIGN, t, d.coordinator.pk, "coordinator", params={"official": d.lead[0].display_name})
        if final in (S.ASSIGNED, S.CLOSED):
            self.replies(d, t, messages, final)
        elif final == S.AWAITING_INITIATIVE:
            self.conversation(d, max(messages, 1), S.AWAITING_INITIATIVE, t)
        elif final == S.WITHDRAWN:
            self.withdraw(d, t, messages)
        else:
            t = self.conversation(d, max(messages, 1), S.IN_DIALOGUE, t)
            if final != S.IN_DIALOGUE:
                self.to_outcome(d, t, final)

    def replies(self, d, t, messages, final):
        """Words from the initiative while nothing moves; then the coordinator closes it, when that is the end."""
        for _n in range(messages):
            t += self.gap(d, "quick")
            self.reply(d, t)
        if final == S.CLOSED:
            self.close(d, t + self.gap(d))

    def withdraw(self, d, t, messages):
        t = self.conversation(d, messages, S.IN_DIALOGUE, t) if messages else t
        if self.rng.random() < 0.3 and d.state == S.IN_DIALOGUE:
            t += self.gap(d)
            self.propose(d, t)
        t += self.gap(d)
        self.lapse_outcome(d, t)
        self.act(d, A.WITHDRAW, t, d.initiative.owner_id, "initiative", reason="Wij stoppen met het initiatief.")

    def to_outcome(self, d, t, final):
        """Propose an outcome; then contest, settle and reopen as far as `final` goes."""
        rng = self.rng
        t += self.gap(d)
        self.propose(d, t)
        if final == S.OUTCOME_PROPOSED:
            return
        t += self.gap(d)
        if final == S.CONTESTED or rng.random() < 0.12:
            owner = d.initiative.owner_id
            self.act(d, A.CONTEST, t, owner, "initiative", reason="Wij zijn het niet eens met de uitkomst.")
            d.outcomes[-1][1] = Outcome.Status.CONTESTED
            if final == S.CONTESTED:
                return
            t += self.gap(d)
            upheld = Outcome.Settlement.UPHELD
            self.settle(d, t, A.UPHOLD, upheld, d.coordinator.pk, "decider", reason="De uitkomst is goed onderbouwd.")
        elif rng.random() < 0.3:
            moment = d.turn.deadline + timedelta(hours=7)
            self.settle(d, moment, A.NO_OBJECTION, Outcome.Settlement.BY_DEADLINE, None, "system")
        else:
            self.settle(d, t, A.ACCEPT, Outcome.Settlement.BY_INITIATIVE, d.initiative.owner_id, "initiative")
        if final == S.REOPENED:
            t = d.concluded_at + timedelta(days=rng.uniform(1, 10))
            owner = d.initiative.owner_id
            self.act(d, A.REQUEST_REOPEN, t, owner, "initiative", reason="Er is iets nieuws gebeurd.")

    def close(self, d, t):
        self.lapse_outcome(d, t)
        d.closure_kind = self.rng.choice(Dialogue.ClosureKind.values)
        d.referral = "Deze vraag loopt al in een andere dialoog."
        self.act(d, A.CLOSE, t, d.coordinator.pk, "coordinator", reason="Dubbel of niet voor de gemeente.")

    def span(self, d) -> datetime:
        """Return the moment of `d`'s last step."""
        return max(e[10] for e in d.events)


def _message_counts(rng, states, total):
    """Draw a number of messages per dialogue by its state, then scale them so they add up to `total`."""
    raw = [rng.expovariate(1 / MESSAGE_MEANS.get(state, CONVERSATION_MEAN)) for state in states]
    scale = total / (sum(raw) or 1)
    counts = [int(value * scale) for value in raw]
    talkative = [i for i, state in enumerate(states) if state not in MESSAGE_MEANS]
    while sum(counts) < total and talkative:
        counts[rng.choice(talkative)] += 1
    return counts


def seed_dialogues(writer, rng, calendar, staff, public, counts, districts, now, report):
    """Write the dialogues with their assignments, messages, events, outcomes and commitments."""
    started = clock.monotonic()
    by_district = {d.pk: d for d in districts}
    n = counts["dialogues"]
    # Every state at least once, the rest drawn by their shares.
    states = [state for state, _share in DIALOGUE_STATES]
    states += [_weighted(rng, DIALOGUE_STATES) for _ in range(n - len(states))]
    rng.shuffle(states)
    messages = _message_counts(rng, states, counts["messages"])
    # The benchmark's dialogue: in dialogue, public, with exactly 50 messages (all public).
    showcase = states.index(S.IN_DIALOGUE)
    excess = 50 - messages[showcase]
    messages[showcase] = 50
    others = [i for i, state in enumerate(states) if state not in MESSAGE_MEANS and i != showcase]
    while excess > 0 and any(messages[i] > 1 for i in others):
        index = rng.choice(others)
        if messages[index] > 1:
            messages[index] -= 1
            excess -= 1
    active = sorted((p for p in public), key=lambda p: p.accepted_at)
    accepted = [p.accepted_at for p in active]
    seeder = DialogueSeeder(rng, calendar, staff, writer, now)
    plans = []
    for index, (pk, final) in enumerate(zip(writer.ids(Dialogue, n), states, strict=True)):
        # First play the dialogue from a provisional start to learn how long it takes, then play it again with
        # the same draws from the start that makes its last step fall where it should.
        before = rng.getstate()
        home = by_district[active[0].district_id]
        probe = DialoguePlan(
            pk=pk,
            initiative=active[0],
            district=home,
            coordinator=staff.coordinators[home.pk][0],
            lead=staff.officials[home.pk][0],
            created=now - timedelta(days=1200),
        )
        seeder.play(probe, final, messages[index])
        duration = seeder.span(probe) - probe.created
        # Where the last step lies: long ago for an ended dialogue, recently for an open one, so that some turns
        # are overdue now (and a few long overdue) and the initiative's turns have not run out.
        if probe.turn is None:
            target = now - timedelta(days=rng.uniform(1, 900))
        elif probe.turn.waiting_on == W.INITIATIVE:
            target = now - timedelta(days=rng.uniform(0, probe.turn.days * 1.2))
        else:
            # Calendar days: a turn of N working days lasts about 1.4 N of them.
            days = probe.turn.days * 1.4
            target = now - timedelta(
                days=_weighted(
                    rng,
                    [
                        (rng.uniform(0, days), 60),
                        (rng.uniform(days, 3 * days), 28),
                        (rng.uniform(3 * days, 9 * days), 12),
                    ],
                )
            )
        created = target - duration
        # The dialogue opens after its initiative was accepted: pick one accepted before, as in life.
        eligible = bisect.bisect_right(accepted, created)
        initiative = active[rng.randrange(eligible)] if eligible else active[0]
        district = by_district[initiative.district_id]
        demo = staff.demo_official.get(district.pk)
        lead = demo if demo and rng.random() < DEMO_OFFICIAL_SHARE else rng.choice(staff.officials[district.pk])
        coordinator = rng.choice(staff.coordinators[district.pk])
        after = rng.getstate()
        for attempt in range(3):
            rng.setstate(before)
            d = DialoguePlan(
                pk=pk,
                initiative=initiative,
                district=district,
                coordinator=coordinator,
                lead=lead,
                created=created,
                public_only=index == showcase,
            )
            seeder.play(d, final, messages[index])
            overshoot = seeder.span(d) - now
            if overshoot <= timedelta(0):
                break
            # Weekends and holidays fell differently and the last step lies ahead: start a little earlier.
            created -= overshoot + timedelta(hours=2 + 24 * attempt)
        rng.setstate(after)
        seeder.end_turn(d, now)  # the running turn: overdue, escalated and long overdue as of this morning
        plans.append(d)
    report.add("dialogues played", len(plans), clock.monotonic() - started)
    write_dialogues(writer, rng, seeder, plans, now, report)
    return plans
