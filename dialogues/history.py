"""Entries in a dialogue's timeline, naming the actor as they were at the time."""

from dialogues.models import ActorKind, DialogueEvent
from dialogues.rules import active_assignments


def actor_snapshot(actor, dialogue, who) -> dict[str, str]:
    """Return the actor fields of an event or message: who acted, in which role, as it is now."""
    if actor is None:
        return {"actor_name": "", "actor_kind": ActorKind.SYSTEM}
    base = {"actor_name": actor.display_name[:80]}
    if who == "initiative":
        return {**base, "actor_kind": ActorKind.INITIATOR}
    assignment = next((a for a in active_assignments(dialogue) if a.official_id == actor.pk), None)
    if assignment is not None and who != "coordinator":
        return {
            **base,
            "actor_kind": ActorKind.OFFICIAL,
            "actor_job_title": assignment.job_title,
            "actor_department": assignment.department_name,
        }
    return {**base, "actor_kind": ActorKind.COORDINATOR}


def append_event(dialogue, *, action, from_state, actor, who, now, reason="", internal=False, params=None):
    """Append an event to the dialogue's timeline with its state, turn and deadline as they are now."""
    return DialogueEvent.objects.create(
        dialogue=dialogue,
        action=action,
        from_state=from_state,
        to_state=dialogue.state,
        actor=actor,
        reason=reason,
        reason_is_internal=internal,
        clock=dialogue.clock,
        waiting_on=dialogue.waiting_on,
        deadline_at=dialogue.deadline_at,
        params=params or {},
        created_at=now,
        **actor_snapshot(actor, dialogue, who),
    )
