"""Template tags other apps use to show dialogues: `{% initiative_dialogues initiative %}`."""

import rules
from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.rules import is_district_coordinator
from dialogues.selectors import initiative_dialogues as select_initiative_dialogues
from mokum.dates import long_date

register = template.Library()


@register.inclusion_tag("dialogues/includes/initiative_dialogues.html", takes_context=True)
def initiative_dialogues(context, initiative):
    """Show the dialogues of an initiative with their public status and commitments (three queries)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    can_open = user is not None and rules.has_perm("dialogues.open_dialogue", user, initiative)
    return {
        "initiative": initiative,
        "dialogues": select_initiative_dialogues(initiative, now=timezone.now()),
        "can_open": can_open,
        "as_coordinator": can_open and is_district_coordinator(user, initiative),
    }


@register.simple_tag
def dialogue_action_url(dialogue, action):
    """Return the address of an action's confirmation form."""
    from django.urls import reverse

    return reverse("dialogues:act", kwargs={"pk": dialogue.pk, "action": action})


@register.simple_tag
def turn_line(entry):
    """Return the line under a timeline entry: how long the turn before took, and whose turn it is now until when.

    Written in Python rather than as an included template: a dialogue page has one for each of its messages.
    """
    days = entry.previous_turn_days
    took = (
        ngettext("After %(days)s working day.", "After %(days)s working days.", days) % {"days": days} + " "
        if days
        else ""
    )
    if entry.next_deadline:
        now = _("Now the turn of %(side)s, until %(date)s.") % {
            "side": entry.next_waiting_on,
            "date": long_date(entry.next_deadline),
        }
        return format_html('<p class="turn-line muted">{}{}</p>', took, now)
    if days is not None:
        return format_html('<p class="turn-line muted">{}</p>', took)
    return ""
