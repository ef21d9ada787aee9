"""Reads that depend on who asks: the dialogue page, its timeline, the inbox, an initiative's dialogues."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import rules
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.selectors import user_roles
from dialogues.models import (
    OPEN_STATES,
    ActorKind,
    Commitment,
    Dialogue,
    DialogueAssignment,
    DialogueEvent,
    Message,
    Outcome,
    WaitingOn,
    role_label,
)
from dialogues.rules import (
    is_assigned_official,
    is_dialogue_coordinator,
    is_dialogue_initiator,
    is_escalated_board_member,
)
from dialogues.workflow import (
    AUTOMATIC,
    COMMITMENT_DONE,
    COMMITMENT_DROPPED,
    ESCALATED,
    KEEP,
    LONG_OVERDUE,
    MESSAGE_KINDS,
    OPENED,
    OVERDUE,
    STOP,
    Action,
    actions_from,
    transition_for,
)
from districts.workdays import add_working_days, local_date, working_days_between
from initiatives.models import Initiator
from initiatives.rules import remember_initiator
from mokum.dates import long_date
from mokum.expressions import JoinedText
from mokum.prepared import PreparedQuery

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

A = Action

ACTIVE_ASSIGNMENTS = Prefetch(
    "assignments",
    queryset=DialogueAssignment.objects.filter(ended_at__isnull=True).select_related("department"),
    to_attr="_active_assignments",
)


def dialogue_for_page(*, pk: int, user) -> Dialogue:
    """Return the dialogue `user` may read, with what its page needs, or raise Http404."""
    dialogue = (
        Dialogue.objects.select_related("initiative", "district").prefetch_related(ACTIVE_ASSIGNMENTS).filter(pk=pk)
    ).first()
    if dialogue is None or not rules.has_perm("dialogues.view_dialogue", user, dialogue):
        raise Http404(_("There is no dialogue here, or it is not public."))
    return dialogue


def dialogue_for_reading(*, pk: int, user) -> Dialogue:
    """Return the dialogue `user` may read, for its page: what it shows of it is the same for everyone, read once
    per data version and shared (mokum/pagecache.py); whether `user` may read it is decided for them."""
    from mokum.pagecache import shared_value

    def load():
        # Who the initiators are decides what each person may do: read in the dialogue's own query, shared.
        initiators = (
            Initiator.objects.filter(initiative_id=OuterRef("initiative_id"))
            .order_by()
            .values("initiative_id")
            .annotate(ids=JoinedText("user_id"))
            .values("ids")
        )
        dialogues = Dialogue.objects.select_related("initiative", "district").prefetch_related(ACTIVE_ASSIGNMENTS)
        dialogue = dialogues.annotate(initiator_list=Subquery(initiators)).filter(pk=pk).first()
        if dialogue is not None:
            ids = (dialogue.initiator_list or "").split(",")
            dialogue.initiator_ids = frozenset(int(i) for i in ids if i)  # type: ignore[attr-defined]
        return dialogue

    dialogue = shared_value(("dialogue-page", int(pk)), load)
    if dialogue is not None:  # answer `is_initiator` from the shared copy instead of a query
        remember_initiator(user, dialogue.initiative_id, dialogue.initiator_ids)
    if dialogue is None or not rules.has_perm("dialogues.view_dialogue", user, dialogue):
        raise Http404(_("There is no dialogue here, or it is not public."))
    return dialogue


def dialogue_page_parts(dialogue, *, user):
    """Return (current outcome, earlier outcomes, timeline) with the outcomes' credits, as `user` may see them.

    The same for everyone who sees internal notes or for everyone who does not, so shared per data version,
    language and that one difference. The timeline is read when the page uses it: not at all when its fragment
    comes from the shared cache (the outcomes are small; the timeline holds every message).
    """
    import functools

    from django.utils.translation import get_language

    from mokum.pagecache import (
        HOLIDAYS_VERSION_KEY,
        fragment_key,
        holidays_for_pages,
        later,
        parts_worth_storing,
        prefetch,
        shared_value,
        versioned_key,
    )

    @functools.cache
    def compute():
        current, earlier = dialogue_outcomes(dialogue)
        timeline = dialogue_timeline(dialogue, user=user, holidays=holidays_for_pages())
        outcome_credits([current, *earlier], [entry.event for entry in timeline if entry.event])
        return current, earlier, timeline

    internal = sees_internal(user, dialogue)
    key = (dialogue.pk, internal, get_language())
    # The outcomes, the timeline's fragment and the holidays' version in one round trip.
    if parts_worth_storing():
        prefetch(
            [
                versioned_key("shared", "dialogue-outcomes", *key),
                fragment_key("dialogue-timeline", dialogue.pk, internal),
                HOLIDAYS_VERSION_KEY,
            ]
        )
    current, earlier = shared_value(("dialogue-outcomes", *key), lambda: compute()[:2])
    # The timeline is kept as its rendered fragment only (same key parts): a copy of the entries as well cost more
    # to store (1 ms for 50 messages) than it ever saved, since the fragment is there whenever they would be.
    return current, earlier, later(lambda: compute()[2])


def sees_internal(user, dialogue) -> bool:
    """Tell whether `user` may read internal notes and internal reasons of `dialogue`."""
    return rules.has_perm("dialogues.view_internal", user, dialogue)


def available_actions(user, dialogue) -> list[str]:
    """Return the actions `user` may take on `dialogue` now, in the table's order."""
    if not user.is_authenticated:
        return []
    return [
        action
        for action in actions_from(dialogue.state)
        if action not in AUTOMATIC and rules.has_perm(f"dialogues.{action}", user, dialogue)
    ]


def _actor(entry) -> str:
    if not entry.actor_name and entry.actor_kind == ActorKind.INITIATOR:  # their account was deleted
        return _("a former participant (%(role)s)") % {"role": entry.actor_role}
    if not entry.actor_name:
        return str(entry.actor_role)
    return f"{entry.actor_name} ({entry.actor_role})"


# What happened in one event, per action (translated when used: one lookup per event, not one per action).
EVENT_SENTENCES = {
    OPENED: gettext_lazy("%(actor)s opened the dialogue."),
    A.ASSIGN: gettext_lazy("%(actor)s assigned %(official)s as lead official."),
    A.REASSIGN: gettext_lazy("%(actor)s handed the lead to %(official)s."),
    A.ADD_OFFICIAL: gettext_lazy("%(actor)s added %(official)s to the dialogue."),
    A.ESCALATE: gettext_lazy("%(actor)s asked %(official)s, district board member, to decide on the contest."),
    A.PROPOSE: gettext_lazy("%(actor)s proposed an outcome."),
    A.ACCEPT: gettext_lazy("%(actor)s accepted the outcome for the initiative."),
    A.NO_OBJECTION: gettext_lazy("The initiative did not react within the deadline, so the outcome is accepted."),
    A.CONTEST: gettext_lazy("%(actor)s contested the proposed outcome."),
    A.RESUME: gettext_lazy("%(actor)s sent the proposed outcome back to the dialogue."),
    A.UPHOLD: gettext_lazy("%(actor)s upheld the outcome."),
    A.REQUEST_REOPEN: gettext_lazy("%(actor)s asked to reopen the dialogue."),
    A.REOPEN: gettext_lazy("%(actor)s reopened the dialogue."),
    A.REFUSE_REOPEN: gettext_lazy("%(actor)s decided not to reopen the dialogue."),
    A.WITHDRAW: gettext_lazy("%(actor)s withdrew the initiative from the dialogue."),
    A.CLOSE: gettext_lazy("%(actor)s closed the dialogue."),
    A.INITIATIVE_TIME_UP: gettext_lazy(
        "The initiative’s time to answer ran out; the municipality takes the next step."
    ),
    OVERDUE: gettext_lazy("The deadline passed without the next step from %(side)s."),
    COMMITMENT_DONE: gettext_lazy("%(actor)s marked “%(what)s” as done."),
    COMMITMENT_DROPPED: gettext_lazy("%(actor)s dropped the commitment “%(what)s”."),
    # Logged by the morning scan (dialogues/reminders.py), at one of two levels.
    ESCALATED: gettext_lazy(
        "The next step is ten working days late: the platform escalated the dialogue to the coordinator."
    ),
    LONG_OVERDUE: gettext_lazy("Twice the time for this turn has passed: the dialogue is long overdue."),
}
ESCALATED_TO_THE_CITY = gettext_lazy(
    "The coordinator’s next step is five working days late: the platform escalated it to the city."
)


def event_sentence(event) -> str:
    """Return what happened in one event, in words for the timeline."""
    if event.action == ESCALATED and event.params.get("level") == "city":
        template = str(ESCALATED_TO_THE_CITY)
    else:
        template = str(EVENT_SENTENCES.get(event.action, "%(actor)s: %(action)s"))
    return template % {
        "actor": _actor(event),
        "official": event.params.get("official", ""),
        "what": event.params.get("what", ""),
        "side": WaitingOn(event.waiting_on).label,
        "action": event.action,
    }


@dataclass
class TimelineEntry:
    at: datetime
    message: object = None
    event: object = None
    sentence: str = ""
    reason: str = ""
    # When this entry started a new turn: whose turn, until when, and how long the previous turn took.
    next_waiting_on: "str | StrPromise" = ""
    next_deadline: datetime | None = None
    previous_turn_days: int | None = None
    state_label: "str | StrPromise" = ""
    extra: dict = field(default_factory=dict)


# A dialogue page reads these on every visit after a change: built and compiled once per process (mokum/prepared.py).
ALL_MESSAGES = PreparedQuery(Message, lambda pk: Message.objects.filter(dialogue_id=pk))
PUBLIC_MESSAGES = PreparedQuery(Message, lambda pk: Message.objects.filter(dialogue_id=pk, is_internal=False))
EVENTS = PreparedQuery(DialogueEvent, lambda pk: DialogueEvent.objects.filter(dialogue_id=pk))
OUTCOMES = PreparedQuery(Outcome, lambda pk: Outcome.objects.filter(dialogue_id=pk))


def dialogue_timeline(dialogue, *, user, holidays) -> list[TimelineEntry]:
    """Return messages and events in time order; internal notes and reasons only for staff (two queries)."""
    internal = sees_internal(user, dialogue)
    messages = (ALL_MESSAGES if internal else PUBLIC_MESSAGES)(dialogue.pk, parent=dialogue, parent_field="dialogue")
    by_id = {m.pk: m for m in messages}
    entries: list[TimelineEntry] = []
    turn_started = None
    last_clock = None
    for event in EVENTS(dialogue.pk, parent=dialogue, parent_field="dialogue"):
        new_turn = last_clock is not None and event.clock != last_clock and event.action != OVERDUE
        entry = TimelineEntry(at=event.created_at, event=event)
        if new_turn or event.action == OPENED:
            entry.next_waiting_on = WaitingOn(event.waiting_on).label if event.deadline_at else ""
            entry.next_deadline = event.deadline_at
            if turn_started is not None:
                entry.previous_turn_days = working_days_between(turn_started, event.created_at, holidays)
            turn_started = event.created_at if event.deadline_at else None
        if event.action != OVERDUE:
            last_clock = event.clock
        if event.from_state and event.from_state != event.to_state:
            entry.state_label = Dialogue.State(event.to_state).label
        message_id = event.params.get("message_id")
        if event.action in MESSAGE_KINDS:
            entry.message = by_id.get(message_id)
            if entry.message is None:
                continue  # an internal note the reader may not see: no trace of it
        else:
            entry.sentence = event_sentence(event)
            if event.reason and (internal or not event.reason_is_internal):
                entry.reason = event.reason
            if event.action == A.CLOSE:
                entry.extra = {"closure": dialogue.get_closure_kind_display(), "referral": dialogue.referral}
        entries.append(entry)
    return entries


def dialogue_outcomes(dialogue):
    """Return (the current outcome or None, earlier outcomes), each with its commitments (two queries)."""
    outcomes = OUTCOMES(dialogue.pk, parent=dialogue, parent_field="dialogue")
    prefetch_related_objects(outcomes, "commitments")  # no query when there are none
    current = next(
        (
            o
            for o in outcomes
            if o.status in (Outcome.Status.PROPOSED, Outcome.Status.CONTESTED, Outcome.Status.ACCEPTED)
        ),
        None,
    )
    return current, [o for o in outcomes if o is not current]


# What happened to a proposed outcome after it was proposed, and who did it in which role (from the events).
OUTCOME_STEPS = {
    A.CONTEST: gettext_lazy("%(actor)s said on %(date)s that the initiative does not agree with it."),
    A.ACCEPT: gettext_lazy("%(actor)s accepted it for the initiative on %(date)s."),
    A.NO_OBJECTION: gettext_lazy("Accepted on %(date)s: the initiative did not react within the deadline."),
    A.UPHOLD: gettext_lazy("%(actor)s decided on %(date)s that the outcome stands."),
    A.RESUME: gettext_lazy("%(actor)s sent it back to the dialogue on %(date)s."),
    A.REOPEN: gettext_lazy("%(actor)s reopened the dialogue on %(date)s."),
}


def outcome_credits(outcomes, events) -> None:
    """Attach `credits` to each outcome: who contested, accepted, upheld, sent back or reopened it, in which role.

    `events` are the dialogue's events (the timeline's), so this costs no query.
    """
    by_outcome: dict[int, list[str]] = {}
    for event in events:
        outcome_id = event.params.get("outcome_id")
        if event.action in OUTCOME_STEPS and outcome_id:
            line = str(OUTCOME_STEPS[event.action]) % {"actor": _actor(event), "date": long_date(event.created_at)}
            by_outcome.setdefault(outcome_id, []).append(line)
    for outcome in outcomes:
        if outcome is not None:
            outcome.credits = by_outcome.get(outcome.pk, [])


def dialogue_clock(dialogue, *, now, holidays) -> dict:
    """Return the facts about the current turn: days waiting, days left, overdue or long overdue."""
    if dialogue.deadline_at is None:
        return {}
    return {
        "days_waiting": working_days_between(dialogue.turn_started_at, now, holidays),
        "days_left": max(working_days_between(now, dialogue.deadline_at, holidays), 0),
        "overdue": dialogue.is_overdue(now),
        "long_overdue": dialogue.is_long_overdue(now),
        "overdue_days": working_days_between(dialogue.deadline_at, now, holidays) if dialogue.is_overdue(now) else 0,
    }


# -- what happens next -------------------------------------------------------------------------------

S = Dialogue.State
W = WaitingOn

# Who acts next and by when, in one sentence, per (state, whose turn). An open dialogue always waits on one
# side (a database constraint), so every open state has its line; `%(date)s` is the turn's deadline.
NEXT_STEP = {
    (S.REQUESTED, W.COORDINATOR): gettext_lazy("The coordinator chooses the lead official by %(date)s."),
    (S.ASSIGNED, W.OFFICIALS): gettext_lazy("The municipality gives its first answer by %(date)s."),
    (S.IN_DIALOGUE, W.OFFICIALS): gettext_lazy("The municipality answers by %(date)s."),
    (S.AWAITING_INITIATIVE, W.INITIATIVE): gettext_lazy(
        "The initiative answers the municipality’s question by %(date)s."
    ),
    (S.OUTCOME_PROPOSED, W.INITIATIVE): gettext_lazy(
        "The initiative accepts the proposed outcome or says it disagrees, by %(date)s. "
        "Without a reaction the outcome counts as accepted."
    ),
    (S.CONTESTED, W.COORDINATOR): gettext_lazy(
        "The initiative disagrees with the outcome. The coordinator decides by %(date)s what happens next."
    ),
    # The coordinator asked the district board member to decide (the escalate edge hands the turn to officials).
    (S.CONTESTED, W.OFFICIALS): gettext_lazy("The district board member decides on the outcome by %(date)s."),
    (S.REOPENED, W.COORDINATOR): gettext_lazy("The coordinator decides by %(date)s whether the dialogue reopens."),
}
# A side that let its date pass: said plainly, so nobody reads an old date as still to come.
LATE_STEP = {
    W.OFFICIALS: gettext_lazy("The municipality should have taken the next step by %(date)s. It is late."),
    W.COORDINATOR: gettext_lazy("The coordinator should have taken the next step by %(date)s. It is late."),
}
# Any other open combination (none today): whose turn, without the detail.
ANY_STEP = {
    W.OFFICIALS: gettext_lazy("The municipality takes the next step by %(date)s."),
    W.INITIATIVE: gettext_lazy("The initiative takes the next step by %(date)s."),
    W.COORDINATOR: gettext_lazy("The coordinator takes the next step by %(date)s."),
}
# What the initiative's own people read under the sentence: is a reply expected from them?
YOUR_STEP = {
    S.AWAITING_INITIATIVE: gettext_lazy("A reply from you is expected: answer the question on this page."),
    S.OUTCOME_PROPOSED: gettext_lazy(
        "A reaction from you is expected: accept the outcome, or say that you disagree with it."
    ),
}
NOT_YOUR_STEP = gettext_lazy("No reply is expected from you now. You may still add something to the conversation.")
YOUR_TURN = gettext_lazy("It is your turn.")


@dataclass(frozen=True)
class NextStep:
    sentence: str
    # For the person looking: what is expected of them ("" when they are not a party, or nothing is).
    for_you: str = ""
    yours: bool = False


def viewer_side(user, dialogue) -> str:
    """Return the side `user` takes part on in `dialogue`: initiative, officials, coordinator or "" (a reader)."""
    if user is None or not user.is_authenticated:
        return ""
    if is_assigned_official(user, dialogue):
        return W.OFFICIALS
    if is_dialogue_coordinator(user, dialogue):
        return W.COORDINATOR
    if is_dialogue_initiator(user, dialogue):
        return W.INITIATIVE
    return ""


def next_step(dialogue, *, now, side: str = "", user=None) -> NextStep:
    """Return who acts next in `dialogue` and by when, in one sentence, and what that means for `side`.

    `side` is the viewer's side (see `viewer_side`); `user` tells, in a contested dialogue waiting on the
    municipality, whether the viewer is the board member asked to decide.
    """
    if dialogue.state == S.CONCLUDED:
        outcome = Outcome.Type(dialogue.outcome_type).label if dialogue.outcome_type in Outcome.Type.values else ""
        return NextStep(
            _("The dialogue is concluded with a reasoned outcome (%(outcome)s). Nobody has a next step.")
            % {"outcome": outcome}
            if outcome
            else _("The dialogue is concluded. Nobody has a next step.")
        )
    if dialogue.state == S.CLOSED:
        return NextStep(
            _("The coordinator closed the dialogue (%(why)s). It ends here; below is where to go instead.")
            % {"why": dialogue.get_closure_kind_display()}
        )
    if dialogue.state == S.WITHDRAWN:
        return NextStep(_("The initiative withdrew from the dialogue. It ends here; everyone can still read it."))
    waiting = dialogue.waiting_on
    date = long_date(dialogue.deadline_at)
    if dialogue.is_overdue(now) and waiting in LATE_STEP:
        template = LATE_STEP[waiting]
    else:
        template = NEXT_STEP.get((dialogue.state, waiting)) or ANY_STEP[waiting]
    sentence = str(template) % {"date": date}
    yours = side == waiting
    if yours and dialogue.state == S.CONTESTED and waiting == W.OFFICIALS:
        yours = user is not None and is_escalated_board_member(user, dialogue)
    for_you = ""
    if side == W.INITIATIVE:
        for_you = str(YOUR_STEP.get(dialogue.state, YOUR_TURN)) if yours else str(NOT_YOUR_STEP)
    elif yours:
        for_you = str(YOUR_TURN)
    return NextStep(sentence, for_you, yours)


# -- the inbox ---------------------------------------------------------------------------------------


def inbox_base(user):
    """Return the open dialogues in `user`'s inbox: assigned to them, or waiting on them as coordinator."""
    roles = user_roles(user)
    wanted = Q(pk__in=DialogueAssignment.objects.filter(official=user, ended_at__isnull=True).values("dialogue_id"))
    if roles.coordinator_of:
        wanted |= Q(district_id__in=roles.coordinator_of, waiting_on=WaitingOn.COORDINATOR)
    return Dialogue.objects.filter(state__in=OPEN_STATES).filter(wanted)


def inbox_my_turn(user) -> Q:
    """Return the condition for dialogues waiting on `user`'s side."""
    roles = user_roles(user)
    condition = Q(waiting_on=WaitingOn.OFFICIALS)
    if roles.coordinator_of:
        condition |= Q(waiting_on=WaitingOn.COORDINATOR, district_id__in=roles.coordinator_of)
    return condition


def inbox_counts(user, *, now) -> dict:
    """Return the counts at the top of the inbox, in one query."""
    mine = inbox_my_turn(user)
    return inbox_base(user).aggregate(
        total=Count("pk"),
        my_turn=Count("pk", filter=mine),
        overdue=Count("pk", filter=mine & Q(deadline_at__lt=now)),
        long_overdue=Count("pk", filter=mine & Q(long_overdue_at__lt=now)),
        waiting_initiative=Count("pk", filter=Q(waiting_on=WaitingOn.INITIATIVE)),
    )


def inbox_dialogues(user, *, state="", district=None, department=None):
    """Return the inbox, filtered: the dialogues waiting on `user`'s side first, most urgent first."""
    dialogues = inbox_base(user)
    if state:
        dialogues = dialogues.filter(state=state)
    if district is not None:
        dialogues = dialogues.filter(district=district)
    if department is not None:
        dialogues = dialogues.filter(
            pk__in=DialogueAssignment.objects.filter(department=department, ended_at__isnull=True).values("dialogue_id")
        )
    return (
        dialogues.annotate(
            turn_order=Case(When(inbox_my_turn(user), then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .select_related("initiative", "district")
        # Only what a row shows: a page of fifty full dialogues, initiatives and districts costs more to read
        # than to render. (The lead's department is kept on the assignment.)
        .only(*INBOX_FIELDS)
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=DialogueAssignment.objects.filter(ended_at__isnull=True),
                to_attr="_active_assignments",
            )
        )
        .order_by("turn_order", "deadline_at", "pk")
    )


INBOX_FIELDS = (
    "question",
    "state",
    "waiting_on",
    "clock",
    "turn_started_at",
    "deadline_at",
    "long_overdue_at",
    "district_id",
    "initiative_id",
    "initiative__title",
    "initiative__language",  # the title carries its own lang and dir
    "district__name",
    "district__slug",
)


def inbox_departments(user):
    """Return the departments of the officials assigned to dialogues in `user`'s inbox (for the filter)."""
    from districts.models import Department

    assigned = DialogueAssignment.objects.filter(dialogue__in=inbox_base(user), ended_at__isnull=True)
    return Department.objects.filter(pk__in=assigned.values("department_id")).order_by("name")


def annotate_clocks(dialogues, *, now, holidays):
    """Attach `clock_facts` (days left, overdue) and the state in words to each dialogue, without queries."""
    # Translated once per page: get_FOO_display() translates every choice of the field on each call.
    states = {value: str(label) for value, label in Dialogue.State.choices}
    turns = {value: str(label) for value, label in WaitingOn.choices}
    for dialogue in dialogues:
        dialogue.state_label = states.get(dialogue.state, dialogue.state)
        dialogue.waiting_on_label = turns.get(dialogue.waiting_on, dialogue.waiting_on)
        dialogue.clock_facts = dialogue_clock(dialogue, now=now, holidays=holidays)
        dialogue.lead = next((a for a in dialogue._active_assignments if a.is_lead), None)
    return dialogues


# -- an initiative's dialogues -----------------------------------------------------------------------


def _dialogues_of_initiative(pk):
    # The lead official comes along in the dialogues' own query (what the list shows of them), not in a third one.
    lead = DialogueAssignment.objects.filter(dialogue=OuterRef("pk"), is_lead=True, ended_at__isnull=True)
    return (
        Dialogue.objects.filter(initiative_id=pk)
        .select_related("district")
        .annotate(
            lead_name=Subquery(lead.values("official_name")[:1]),
            lead_job_title=Subquery(lead.values("job_title")[:1]),
            lead_department=Subquery(lead.values("department_name")[:1]),
        )
        .order_by("-created_at")
    )


INITIATIVE_DIALOGUES = PreparedQuery(Dialogue, _dialogues_of_initiative)
# The standing commitments of all of an initiative's dialogues, read by the initiative's id: a prepared query
# (compiled once), where prefetching by the dialogues' ids built and compiled a query on every page.
INITIATIVE_COMMITMENTS = PreparedQuery(
    Commitment,
    lambda pk: Commitment.objects.live().filter(dialogue__initiative_id=pk).order_by("due_date", "pk"),
)


def initiative_dialogues(initiative, *, now):
    """Return the dialogues of `initiative` with their lead official and standing commitments (two queries)."""
    dialogues = INITIATIVE_DIALOGUES(initiative.pk, parent=initiative, parent_field="initiative")
    standing: dict[int, list] = {dialogue.pk: [] for dialogue in dialogues}
    if dialogues:
        for commitment in INITIATIVE_COMMITMENTS(initiative.pk):
            if commitment.dialogue_id in standing:  # not of a dialogue opened between the two queries
                standing[commitment.dialogue_id].append(commitment)
    today = local_date(now)
    remember_dialogue = Commitment._meta.get_field("dialogue").set_cached_value
    for dialogue in dialogues:
        dialogue.standing_commitments = standing[dialogue.pk]
        dialogue.lead = None
        if dialogue.lead_name is not None:
            dialogue.lead = DialogueAssignment(
                official_name=dialogue.lead_name,
                job_title=dialogue.lead_job_title,
                department_name=dialogue.lead_department,
                is_lead=True,
            )
        for commitment in dialogue.standing_commitments:
            remember_dialogue(commitment, dialogue)
            commitment.overdue = commitment.is_overdue(today)
        dialogue.next_step = next_step(dialogue, now=now).sentence
    return dialogues


def assignment_label(assignment) -> str:
    """Return “name (job title, department)” for an assignment."""
    return f"{assignment.official_name} ({role_label('official', assignment.job_title, assignment.department_name)})"


def action_consequences(dialogue, action, *, now, holidays) -> list[str]:
    """Return, in words, what taking `action` now will do (for the confirmation form)."""
    edge = transition_for(dialogue.state, action)
    if edge is None:
        return []
    lines = []
    specific = {
        A.ACCEPT: _("The dialogue concludes with this outcome, and its commitments are tracked until they are done."),
        A.CONTEST: _("The outcome does not take effect yet: the coordinator of the district decides."),
        A.WITHDRAW: _("The dialogue ends. Everyone can still read it, with your reason."),
        A.CLOSE: _("The dialogue ends. Everyone can read the reasoning and where the initiative can go instead."),
        A.PROPOSE: _(
            "The initiative can accept or contest the outcome. Without a reaction in time, it counts as accepted."
        ),
        A.NOTE: _("Only officials and coordinators see internal notes. Nothing else changes."),
        A.RECORD: _("Everyone can read the agreed points on the dialogue’s page."),
        A.REASSIGN: _("The new lead official takes over; the deadline of the current turn stays as it is."),
        A.ESCALATE: _("The board member can send the outcome back to the dialogue or uphold it."),
        A.UPHOLD: _("The dialogue concludes with the proposed outcome."),
        A.REQUEST_REOPEN: _("The coordinator of the district decides whether the dialogue is reopened."),
    }
    if action in specific:
        lines.append(specific[action])
    if edge.clock == STOP:
        lines.append(_("Nobody is waited on any more."))
    elif edge.clock == KEEP:
        if dialogue.deadline_at:
            lines.append(
                _("It stays the turn of %(side)s; the deadline (%(date)s) does not change.")
                % {
                    "side": WaitingOn(dialogue.waiting_on).label,
                    "date": long_date(dialogue.deadline_at),
                }
            )
    else:
        days = getattr(dialogue.district, edge.clock)
        deadline = add_working_days(now, days, holidays)
        lines.append(
            _("Then it is the turn of %(side)s, with %(days)d working days: until the end of %(date)s.")
            % {
                "side": WaitingOn(edge.waiting_on).label,
                "days": days,
                "date": long_date(deadline),
            }
        )
    return lines
