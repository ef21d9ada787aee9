"""Which reply address an outgoing e-mail carries."""

import rules
from django.urls import Resolver404, resolve

from dialogues.models import Dialogue
from inbound.addresses import reply_address

# What a reply by e-mail becomes, by who sends it: an official's answer, or the initiative's reply.
REPLY_ACTIONS = ("answer", "reply")


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
