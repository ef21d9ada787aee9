"""The played dialogues as rows: dialogues, assignments, outcomes, commitments, messages, events and markers."""

import time as clock
from datetime import datetime, time, timedelta

from accounts.models import User
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
from districts.workdays import AMSTERDAM, local_date
from initiatives.models import Initiative
from notifications.models import ReminderSent
from seeding.scale.shape import REASONING

S = Dialogue.State
W = WaitingOn
I = Initiative.Status  # noqa: E741


def _snapshot(actor, who, lead, users):
    """Return (actor_name, actor_kind, actor_job_title, actor_department) as the services record them."""
    if actor is None:
        return ("", ActorKind.SYSTEM, "", "")
    if who == "initiative":
        return (users.get(actor, ""), ActorKind.INITIATOR, "", "")
    user, role = lead
    if who in ("official", "lead") and actor == user.pk:
        return (user.display_name, ActorKind.OFFICIAL, role.job_title, role.department.name)
    return (users.get(actor, ""), ActorKind.COORDINATOR, "", "")


def write_dialogues(writer, rng, seeder, plans, now, report):
    started = clock.monotonic()
    # Display names of the people who act, for the actor snapshots.
    names = dict(User.objects.filter(pk__in={p.initiative.owner_id for p in plans}).values_list("pk", "display_name"))
    for plan in plans:
        names.setdefault(plan.coordinator.pk, plan.coordinator.display_name)
    dialogue_rows, assignment_rows, outcome_rows, commitment_rows, message_rows, event_rows, marker_rows = (
        [],
        [],
        [],
        [],
        [],
        [],
        [],
    )
    outcome_ids = iter(writer.ids(Outcome, sum(len(p.outcomes) for p in plans)))
    commitment_ids = iter(writer.ids(Commitment, sum(o[5] for p in plans for o in p.outcomes)))
    assignment_ids = iter(writer.ids(DialogueAssignment, len(plans)))
    event_ids = iter(writer.ids(DialogueEvent, sum(len(p.events) for p in plans)))
    texts = seeder.texts
    for d in plans:
        t = d.turn
        first = d.first_response or (None, None, None)
        dialogue_rows.append(
            (
                d.pk,
                d.initiative.pk,
                d.district.pk,
                rng.choice(texts),
                d.state,
                t.waiting_on if t else W.NOBODY,
                d.clock,
                t.started if t else None,
                t.days if t else None,
                t.deadline if t else None,
                t.long_overdue if t else None,
                first[0],
                d.first_answer_due,
                d.concluded_at,
                first[1],
                first[2],
                d.outcome_days,
                d.ended_at,
                None,
                d.outcome_type,
                d.closure_kind,
                d.referral,
                d.version,
                d.coordinator.pk,
                d.created,
            )
        )
        user, role = d.lead
        if d.assigned:
            assignment_rows.append(
                (
                    next(assignment_ids),
                    d.pk,
                    user.pk,
                    user.display_name,
                    True,
                    role.department_id,
                    role.department.name,
                    role.job_title,
                    d.assigned,
                    d.coordinator.pk,
                    None,
                )
            )
        outcome_pks = []
        for outcome_type, status, settlement, settled_at, decided_at, commitments in d.outcomes:
            pk = next(outcome_ids)
            outcome_pks.append(pk)
            outcome_rows.append(
                (
                    pk,
                    d.pk,
                    outcome_type,
                    "De gemeente en het initiatief spreken het plan af.",
                    REASONING,
                    user.pk,
                    decided_at,
                    status,
                    settlement,
                    settled_at,
                    user.display_name,
                    ActorKind.OFFICIAL,
                    role.job_title,
                    role.department.name,
                )
            )
            for _n in range(commitments):
                due = local_date(decided_at) + timedelta(days=rng.randint(14, 120))
                done = status == Outcome.Status.ACCEPTED and due < local_date(now) and rng.random() < 0.7
                commitment_rows.append(
                    (
                        next(commitment_ids),
                        d.pk,
                        pk,
                        "Tegels wippen en plantgrond leveren",
                        user.pk,
                        user.display_name,
                        due,
                        "done" if done else "open",
                        datetime.combine(due, time(12), tzinfo=AMSTERDAM) if done else None,
                        user.pk if done else None,
                        "",
                        None,
                        decided_at,
                    )
                )
        message_pks = writer.ids(Message, len(d.messages))
        for pk, (kind, actor, who, internal, turn_clock, at) in zip(message_pks, d.messages, strict=True):
            message_rows.append(
                (
                    pk,
                    *_snapshot(actor, who, d.lead, names),
                    d.pk,
                    actor,
                    kind,
                    rng.choice(texts),
                    internal,
                    turn_clock,
                    at,
                )
            )
        for action, from_state, to_state, actor, who, reason, turn_clock, waiting_on, deadline, params, at in d.events:
            if "outcome_index" in params:
                params = {"outcome_id": outcome_pks[params["outcome_index"]]}
            elif "message_index" in params:
                params = {"message_id": message_pks[params["message_index"]]}
            event_rows.append(
                (
                    next(event_ids),
                    *_snapshot(actor, who, d.lead, names),
                    d.pk,
                    action,
                    from_state,
                    to_state,
                    actor,
                    reason,
                    False,
                    turn_clock,
                    waiting_on,
                    deadline,
                    params,
                    at,
                )
            )
        for kind, turn_clock, at in d.markers:
            marker_rows.append(("dialogue", d.pk, str(turn_clock), kind, None, None, at, at, None))
    report.add("dialogue rows prepared", len(plans), clock.monotonic() - started)

    started = clock.monotonic()
    writer.write(
        Dialogue,
        [
            "id",
            "initiative_id",
            "district_id",
            "question",
            "state",
            "waiting_on",
            "clock",
            "turn_started_at",
            "turn_days",
            "deadline_at",
            "long_overdue_at",
            "first_response_at",
            "first_answer_due_at",
            "concluded_at",
            "first_response_days",
            "first_response_on_time",
            "outcome_days",
            "ended_at",
            "escalated_at",
            "outcome_type",
            "closure_kind",
            "referral",
            "version",
            "opened_by_id",
            "created_at",
        ],
        dialogue_rows,
    )
    writer.write(
        DialogueAssignment,
        [
            "id",
            "dialogue_id",
            "official_id",
            "official_name",
            "is_lead",
            "department_id",
            "department_name",
            "job_title",
            "assigned_at",
            "assigned_by_id",
            "ended_at",
        ],
        assignment_rows,
    )
    writer.write(
        Outcome,
        [
            "id",
            "dialogue_id",
            "type",
            "summary",
            "reasoning",
            "decided_by_id",
            "decided_at",
            "status",
            "settlement",
            "settled_at",
            "actor_name",
            "actor_kind",
            "actor_job_title",
            "actor_department",
        ],
        outcome_rows,
    )
    writer.write(
        Commitment,
        [
            "id",
            "dialogue_id",
            "outcome_id",
            "what",
            "owner_id",
            "owner_label",
            "due_date",
            "status",
            "done_at",
            "done_by_id",
            "dropped_reason",
            "dropped_at",
            "created_at",
        ],
        commitment_rows,
    )
    report.add(
        "dialogues, assignments, outcomes, commitments",
        len(dialogue_rows) + len(assignment_rows) + len(outcome_rows) + len(commitment_rows),
        clock.monotonic() - started,
    )
    started = clock.monotonic()
    writer.write(
        Message,
        [
            "id",
            "actor_name",
            "actor_kind",
            "actor_job_title",
            "actor_department",
            "dialogue_id",
            "author_id",
            "kind",
            "text",
            "is_internal",
            "clock",
            "created_at",
        ],
        message_rows,
    )
    report.add("messages", len(message_rows), clock.monotonic() - started)
    started = clock.monotonic()
    writer.write(
        DialogueEvent,
        [
            "id",
            "actor_name",
            "actor_kind",
            "actor_job_title",
            "actor_department",
            "dialogue_id",
            "action",
            "from_state",
            "to_state",
            "actor_id",
            "reason",
            "reason_is_internal",
            "clock",
            "waiting_on",
            "deadline_at",
            "params",
            "created_at",
        ],
        event_rows,
    )
    ids = writer.ids(ReminderSent, len(marker_rows))
    writer.write(
        ReminderSent,
        [
            "id",
            "subject_type",
            "subject_id",
            "clock",
            "kind",
            "recipient_id",
            "scan",
            "created_at",
            "sent_at",
            "given_up_at",
        ],
        [(pk, *row) for pk, row in zip(ids, marker_rows, strict=True)],
    )
    report.add("events and the scan's markers", len(event_rows) + len(marker_rows), clock.monotonic() - started)
