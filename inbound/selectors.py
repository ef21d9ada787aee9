"""Which reply address an outgoing e-mail carries."""

from datetime import timedelta

import rules
from django.db.models import Exists, OuterRef
from django.urls import Resolver404, resolve

from dialogues.models import OPEN_STATES, Dialogue, DialogueEvent
from inbound.addresses import reply_address
from inbound.models import AwayNotice

# What a reply by e-mail becomes, by who sends it: an official's answer, or the initiative's reply.
REPLY_ACTIONS = ("answer", "reply")
# How long an out-of-office reply stays on the coordinator's dashboard when the official does not act.
AWAY_DAYS = 14


def reply_action(user, dialogue) -> str | None:
    """Return the dialogue action a reply by e-mail from `user` takes now, or None when they cannot write."""
    for action in REPLY_ACTIONS:
        if rules.has_perm(f"dialogues.{action}", user, dialogue):
            return action
    return None


def reply_address_for(notification) -> str:
    """Return the personal reply address for a dialogue notification whose recipient can answer by e-mail."""
    if not notification.url:
        return ""
    try:
        match = resolve(notification.url)
    except Resolver404:
        return ""
    if match.view_name != "dialogues:detail":
        return ""
    dialogue = Dialogue.objects.select_related("initiative", "district").filter(pk=match.kwargs["pk"]).first()
    if dialogue is None or reply_action(notification.recipient, dialogue) is None:
        return ""
    return reply_address(dialogue_id=dialogue.pk, user_id=notification.recipient_id)


def officials_away(*, districts, now, days=AWAY_DAYS):
    """Return recent out-of-office replies of officials in open dialogues of `districts` who have not acted since.

    An official who answers, asks or writes anything after their automatic reply is back, and drops off the list.
    """
    acted_since = DialogueEvent.objects.filter(actor=OuterRef("user"), created_at__gt=OuterRef("noticed_at"))
    recent = AwayNotice.objects.filter(noticed_at__gte=now - timedelta(days=days))
    return list(
        recent.filter(dialogue__district__in=districts, dialogue__state__in=OPEN_STATES)
        .exclude(Exists(acted_since))
        .select_related("user", "dialogue__initiative")
        .order_by("-noticed_at")[:20]
    )
