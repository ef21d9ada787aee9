"""Template tags other apps use to show dialogues: `{% initiative_dialogues initiative %}`."""

import rules
from django import template
from django.template.defaultfilters import linebreaks_filter, linebreaksbr
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.rules import is_district_coordinator
from dialogues.selectors import initiative_dialogues as select_initiative_dialogues
from mokum.dates import long_date
from mokum.markup import capfirst, escaped
from mokum.templatetags.content_language import content_lang, written_in
from mokum.templatetags.html_time import html_datetime

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
        return mark_safe(f'<p class="turn-line muted">{escaped(took)}{escaped(now)}</p>')
    if days is not None:
        return mark_safe(f'<p class="turn-line muted">{escaped(took)}</p>')
    return ""


def _moment(value) -> str:
    """Return a moment as the timeline writes it: <time datetime="…">maandag 2 maart 2026, 10:15</time>."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f'<time datetime="{escaped(html_datetime(value))}">{escaped(long_date(value))}, {local:%H:%M}</time>'


@register.simple_tag
def timeline_entry(entry):
    """Return one entry of a dialogue's timeline as a list item: a message, or an event in words.

    Written in Python rather than as template markup: a dialogue page has one for each of its messages and events.
    """
    message = entry.message
    if message is not None:
        internal = ""
        if message.is_internal:
            note = _("Internal note — only officials and coordinators see this")
            internal = f'<strong class="tag internal-tag">{escaped(note)}</strong><br>'
        if message.actor_name:
            who = f"<bdi>{escaped(message.actor_name)}</bdi>"
        elif message.actor_kind == "initiator":
            who = escaped(_("a former participant"))
        else:
            who = escaped(capfirst(message.actor_role))
        written = written_in(message)
        return mark_safe(
            f'<li class="timeline-message{" internal-note" if message.is_internal else ""}" id="message-{message.pk}">'
            f'<p class="timeline-meta">{internal}<strong>{who}</strong> <span class="muted">'
            f"({escaped(message.actor_role)}) · {escaped(message.get_kind_display())} · {_moment(message.created_at)}"
            "</span></p>"
            + (f'<p class="written-in muted">{escaped(written)}</p>' if written else "")
            + f'<div class="timeline-text"{content_lang(message)}>{linebreaks_filter(message.text, autoescape=True)}'
            f"</div>{turn_line(entry)}</li>"
        )
    now = ""
    if entry.state_label:
        # As {% blocktranslate %}: the translation is trusted, the value escaped.
        now = f' <span class="muted">{_("Now: %(state)s.") % {"state": escaped(entry.state_label)}}</span>'
    extra = entry.extra
    closure = f"<p>{escaped(capfirst(extra['closure']))}.</p>" if extra.get("closure") else ""
    reason = ""
    if entry.reason:
        reason = (
            '<blockquote class="timeline-reason" dir="auto">'
            f"{linebreaks_filter(entry.reason, autoescape=True)}</blockquote>"
        )
    referral = ""
    if extra.get("referral"):
        where = escaped(_("Where to go instead:"))
        referral = f"<p><strong>{where}</strong> <bdi>{linebreaksbr(extra['referral'], autoescape=True)}</bdi></p>"
    return mark_safe(
        f'<li class="timeline-event event-{escaped(entry.event.action)}">'
        f'<p class="timeline-meta">{_moment(entry.at)}</p>'
        f"<p>{escaped(entry.sentence)}{now}</p>{closure}{reason}{referral}{turn_line(entry)}</li>"
    )
