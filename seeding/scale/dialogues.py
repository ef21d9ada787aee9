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
from districts.models import District
from initiatives.models import Initiative
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
I = Initiative.Status  # noqa: E741

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
    """Plays each dialogue along the transition table with made-up moments, as the services would record it."""

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
        if setting == "first_answer_days":
            d.first_answer_due = d.turn.deadline

    def end_turn(self, d, at):
        """Log what the morning scan logged about the turn that ends at `at` (or is still running at `at`)."""
        t = d.turn
        if t is None or t.waiting_on not in (W.OFFICIALS, W.COORDINATOR) or at <= t.deadline:
            return
        if at - t.deadline < timedelta(days=1) and at >= self.now:
            return  # overdue since last night: left for the next scan to log
        self.event(d, "overdue", t.deadline, None, params={"logged_at": t.deadline.isoformat()}, state_change=False)
        level_days, level = (10, "district") if t.waiting_on == W.OFFICIALS else (5, "city")
        escalated_at = self.calendar.morning(t.deadline, level_days)
        if escalated_at < at:
            self.event(d, "escalated", escalated_at, None, params={"level": level}, state_change=False)
            d.markers.append(("escalated", t.clock, escalated_at))
        if t.waiting_on == W.OFFICIALS and at > t.long_overdue + timedelta(hours=7):
            moment = self.calendar.morning(t.long_overdue, 1)
            if moment < at:
                self.event(d, "long_overdue", moment, None, state_change=False)
                d.markers.append(("long_overdue", t.clock, moment))

    def event(self, d, action, at, actor, *, who="", reason="", params=None, state_change=True, from_state=None):
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

    def act(self, d, action, at, actor, who, *, next_state=None, turn=None, reason="", params=None, message=None):
        """Take one edge: end the running turn if it moves on, post the message, change state, start the next turn."""
        from_state, old_clock = d.state, d.clock
        if turn is not None or next_state in (S.CONCLUDED, S.WITHDRAWN, S.CLOSED):
            self.end_turn(d, at)
        params = dict(params or {})
        if message is not None:
            kind, internal = message
            d.messages.append((kind, actor, who, internal, old_clock, at))
            params["message_index"] = len(d.messages) - 1
        if next_state is not None:
            d.state = next_state
        if turn == "stop":
            d.turn = None
        elif turn is not None:
            self.start_turn(d, *turn, at)
        d.version += 1
        self.event(d, action, at, actor, who=who, reason=reason, params=params, from_state=from_state)

    def official_message(self, d, action, at):
        user = d.lead[0].pk
        if action in ("answer", "ask") and d.first_response is None:
            t = d.turn
            d.first_response = (at, max(self.calendar.between(t.started, at), 0), at <= t.deadline)
        if action == "answer":
            keep = d.state in (S.AWAITING_INITIATIVE, S.OUTCOME_PROPOSED, S.CONTESTED)
            self.act(
                d,
                "answer",
                at,
                user,
                "official",
                next_state=None if keep else S.IN_DIALOGUE,
                turn=None if keep else (W.OFFICIALS, "answer_days"),
                message=("answer", False),
            )
        elif action == "ask":
            self.act(
                d,
                "ask",
                at,
                user,
                "official",
                next_state=S.AWAITING_INITIATIVE,
                turn=(W.INITIATIVE, "initiative_days"),
                message=("question", False),
            )
        else:
            self.act(d, "note", at, user, "official", message=("note", True))

    def reply(self, d, at):
        owner = d.initiative.owner_id
        if d.state == S.AWAITING_INITIATIVE:
            self.act(
                d,
                "reply",
                at,
                owner,
                "initiative",
                next_state=S.IN_DIALOGUE,
                turn=(W.OFFICIALS, "answer_days"),
                message=("reply", False),
            )
        else:
            self.act(d, "reply", at, owner, "initiative", message=("reply", False))

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
        rng = self.rng
        for n in range(messages):
            last = n == messages - 1
            # A word in between (the initiative adding something, an internal note) comes quickly and keeps the
            # turn; the step that hands the turn over takes the turn's time.
            keeps_turn = d.state in (S.IN_DIALOGUE,) and not last and rng.random() < 0.45
            t += self.gap(d, "quick" if keeps_turn else "turn")
            if d.state == S.AWAITING_INITIATIVE:
                if last and end == S.AWAITING_INITIATIVE:
                    self.reply(d, t)  # an extra word from the initiative; the question stays open
                elif rng.random() < 0.05 and t > d.turn.deadline:
                    self.act(
                        d,
                        "initiative_time_up",
                        d.turn.deadline + timedelta(hours=8),
                        None,
                        "system",
                        next_state=S.IN_DIALOGUE,
                        turn=(W.OFFICIALS, "answer_days"),
                    )
                    self.official_message(d, "answer", max(t, d.turn.started + timedelta(hours=1)))
                else:
                    self.reply(d, t)
            elif last and end == S.AWAITING_INITIATIVE:
                self.official_message(d, "ask", t)
            elif d.state == S.ASSIGNED:
                self.official_message(d, "ask" if rng.random() < 0.3 and not last else "answer", t)
            elif keeps_turn:
                if rng.random() < 0.25 and not d.public_only:
                    self.official_message(d, "note", t)
                else:
                    self.reply(d, t)
            elif rng.random() < 0.55 or last:
                self.official_message(d, "answer", t)
            else:
                self.official_message(d, "ask", t)
        return t

    def propose(self, d, t):
        user = d.lead[0].pk
        outcome_type = _weighted(
            self.rng, [("agreed", 40), ("partly_agreed", 30), ("declined", 15), ("referred", 10), ("not_competent", 5)]
        )
        d.outcomes.append([outcome_type, Outcome.Status.PROPOSED, "", None, t, self.rng.randint(1, 3)])
        self.act(
            d,
            "propose",
            t,
            user,
            "lead",
            next_state=S.OUTCOME_PROPOSED,
            turn=(W.INITIATIVE, "outcome_reaction_days"),
            params={"outcome_index": len(d.outcomes) - 1},
        )

    def settle(self, d, t, action, settlement, actor, who, reason=""):
        outcome = d.outcomes[-1]
        outcome[1:4] = [Outcome.Status.ACCEPTED, settlement, t]
        d.outcome_type = outcome[0]
        d.concluded_at = t
        d.outcome_days = max(self.calendar.between(d.created, t), 0)
        self.act(
            d,
            action,
            t,
            actor,
            who,
            next_state=S.CONCLUDED,
            turn="stop",
            reason=reason,
            params={"outcome_index": len(d.outcomes) - 1},
        )

    def play(self, d: DialoguePlan, final: str, messages: int):  # noqa: C901 - to be split with the one workflow engine
        """Play `d` from opening to `final` with `messages` messages, starting at d.created."""
        rng = self.rng
        t = d.created
        self.start_turn(d, W.COORDINATOR, "triage_days", t)
        d.version = 1
        self.event(d, "open", t, d.coordinator.pk, who="coordinator", from_state="")
        if final == S.REQUESTED or (final == S.CLOSED and rng.random() < 0.6):
            for _n in range(messages):
                t += self.gap(d, "quick")
                self.reply(d, t)
            if final == S.CLOSED:
                self.close(d, t + self.gap(d))
            return
        t += self.gap(d)
        user, role = d.lead
        d.assigned = t
        self.act(
            d,
            "assign",
            t,
            d.coordinator.pk,
            "coordinator",
            next_state=S.ASSIGNED,
            turn=(W.OFFICIALS, "first_answer_days"),
            params={"official": user.display_name},
        )
        if final == S.ASSIGNED or final == S.CLOSED:
            for _n in range(messages):
                t += self.gap(d, "quick")
                self.reply(d, t)
            if final == S.CLOSED:
                self.close(d, t + self.gap(d))
            return
        if final == S.AWAITING_INITIATIVE:
            self.conversation(d, max(messages, 1), S.AWAITING_INITIATIVE, t)
            return
        if final == S.WITHDRAWN:
            t = self.conversation(d, messages, S.IN_DIALOGUE, t) if messages else t
            if rng.random() < 0.3 and d.state == S.IN_DIALOGUE:
                t += self.gap(d)
                self.propose(d, t)
            t += self.gap(d)
            if d.outcomes and d.outcomes[-1][1] == Outcome.Status.PROPOSED:
                d.outcomes[-1][1:4] = [Outcome.Status.LAPSED, "", t]
            d.ended_at = t
            self.act(
                d,
                "withdraw",
                t,
                d.initiative.owner_id,
                "initiative",
                next_state=S.WITHDRAWN,
                turn="stop",
                reason="Wij stoppen met het initiatief.",
            )
            return
        t = self.conversation(d, max(messages, 1), S.IN_DIALOGUE, t)
        if final == S.IN_DIALOGUE:
            return
        t += self.gap(d)
        self.propose(d, t)
        if final == S.OUTCOME_PROPOSED:
            return
        t += self.gap(d)
        if final == S.CONTESTED or rng.random() < 0.12:
            self.act(
                d,
                "contest",
                t,
                d.initiative.owner_id,
                "initiative",
                next_state=S.CONTESTED,
                turn=(W.COORDINATOR, "triage_days"),
                reason="Wij zijn het niet eens met de uitkomst.",
            )
            d.outcomes[-1][1] = Outcome.Status.CONTESTED
            if final == S.CONTESTED:
                return
            t += self.gap(d)
            self.settle(
                d,
                t,
                "uphold",
                Outcome.Settlement.UPHELD,
                d.coordinator.pk,
                "decider",
                reason="De uitkomst is goed onderbouwd.",
            )
        elif rng.random() < 0.3:
            self.settle(
                d, d.turn.deadline + timedelta(hours=7), "no_objection", Outcome.Settlement.BY_DEADLINE, None, "system"
            )
        else:
            self.settle(d, t, "accept", Outcome.Settlement.BY_INITIATIVE, d.initiative.owner_id, "initiative")
        if final == S.REOPENED:
            t = d.concluded_at + timedelta(days=rng.uniform(1, 10))
            self.act(
                d,
                "request_reopen",
                t,
                d.initiative.owner_id,
                "initiative",
                next_state=S.REOPENED,
                turn=(W.COORDINATOR, "triage_days"),
                reason="Er is iets nieuws gebeurd.",
            )

    def close(self, d, t):
        if d.outcomes and d.outcomes[-1][1] == Outcome.Status.PROPOSED:
            d.outcomes[-1][1:4] = [Outcome.Status.LAPSED, "", t]
        d.ended_at = t
        d.closure_kind = self.rng.choice(Dialogue.ClosureKind.values)
        d.referral = "Deze vraag loopt al in een andere dialoog."
        self.act(
            d,
            "close",
            t,
            d.coordinator.pk,
            "coordinator",
            next_state=S.CLOSED,
            turn="stop",
            reason="Dubbel of niet voor de gemeente.",
        )

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
