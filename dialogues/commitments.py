"""Writes to a dialogue's commitments: kept or dropped, each with an entry in the dialogue's timeline."""

from datetime import datetime

import rules
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import user_roles
from dialogues.audience import announce, initiators_of, officials_of
from dialogues.errors import ActionNotAllowed, ActionRefused
from dialogues.history import append_event
from dialogues.models import Commitment
from dialogues.rules import active_assignments
from dialogues.workflow import COMMITMENT_DONE, COMMITMENT_DROPPED


def _commitment_actor_who(commitment, actor):
    dialogue = commitment.dialogue
    if actor.pk in {a.official_id for a in active_assignments(dialogue)}:
        return "official"
    if dialogue.district_id in _coordinator_districts(actor):
        return "coordinator"
    return "initiative"


def _coordinator_districts(user):
    return user_roles(user).coordinator_of


def _lock_open_commitment(commitment, actor, permission, refusal) -> Commitment:
    """Return the commitment locked for this transaction, refusing when it is no longer open or not `actor`'s."""
    c = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("dialogue__district", "dialogue__initiative", "outcome")
        .get(pk=commitment.pk)
    )
    if c.status != Commitment.Status.OPEN:
        raise ActionNotAllowed(_("This commitment is %(status)s already.") % {"status": c.get_status_display()})
    if not rules.has_perm(permission, actor, c):
        raise ActionRefused(refusal)
    return c


def commitment_mark_done(*, commitment: Commitment, actor: User, now: datetime | None = None) -> Commitment:
    """Record that a commitment was kept; its owner or a coordinator of the district does this."""
    now = now or timezone.now()
    with transaction.atomic():
        c = _lock_open_commitment(
            commitment,
            actor,
            "dialogues.complete_commitment",
            _("Only the owner of the commitment or a coordinator can mark it done."),
        )
        c.status = Commitment.Status.DONE
        c.done_at = now
        c.done_by = actor
        c.save()
        d = c.dialogue
        append_event(
            d,
            action=COMMITMENT_DONE,
            from_state=d.state,
            actor=actor,
            who=_commitment_actor_who(c, actor),
            now=now,
            params={"commitment_id": c.pk, "what": c.what},
        )
        people = initiators_of(d) + officials_of(d)
        announce("commitment_done", people, actor, d, {"what": c.what}, f"commitment-{c.pk}-done")
    return c


def commitment_drop(*, commitment: Commitment, actor: User, reason: str, now: datetime | None = None) -> Commitment:
    """Drop a commitment that will not be kept, with a public reason; only a coordinator does this."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    with transaction.atomic():
        refusal = _("Only a coordinator of the district can drop a commitment.")
        c = _lock_open_commitment(commitment, actor, "dialogues.drop_commitment", refusal)
        if not reason:
            raise ValidationError({"reason": _("Give a reason.")})
        if len(reason) > 2000:
            raise ValidationError({"reason": _("Keep this under %(max)d characters.") % {"max": 2000}})
        c.status = Commitment.Status.DROPPED
        c.dropped_reason = reason
        c.dropped_at = now
        c.save()
        d = c.dialogue
        append_event(
            d,
            action=COMMITMENT_DROPPED,
            from_state=d.state,
            actor=actor,
            who="coordinator",
            now=now,
            reason=reason,
            params={"commitment_id": c.pk, "what": c.what},
        )
    return c
