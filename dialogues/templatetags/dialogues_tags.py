"""Template tags other apps use to show dialogues: `{% initiative_dialogues initiative %}`."""

import rules
from django import template
from django.template.defaultfilters import linebreaks_filter, linebreaksbr
from django.utils import timezone
from django.utils.dateformat import time_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.rules import is_district_coordinator
from dialogues.selectors import initiative_dialogues as select_initiative_dialogues
from mokum.dates import long_date
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
        return format_html('<p class="turn-line muted">{}{}</p>', took, now)
    if days is not None:
        return format_html('<p class="turn-line muted">{}</p>', took)
    return ""


def _moment(value) -> str:
    """Return a moment as the timeline writes it: <time datetime="…">maandag 2 maart 2026, 10:15</time>."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_html(
        '<time datetime="{}">{}, {}</time>', html_datetime(value), long_date(value), time_format(local, "H:i")
    )


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
            internal = format_html('<strong class="tag internal-tag">{}</strong><br>', note)
        if message.actor_name:
            who = format_html("<bdi>{}</bdi>", message.actor_name)
        elif message.actor_kind == "initiator":
            who = _("a former participant")
        else:
            who = capfirst(message.actor_role)
        written = written_in(message)
        return format_html(
            '<li class="timeline-message{}" id="message-{}"><p class="timeline-meta">{}<strong>{}</strong>'
            ' <span class="muted">({}) · {} · {}</span></p>{}<div class="timeline-text"{}>{}</div>{}</li>',
            " internal-note" if message.is_internal else "",
            message.pk,
            internal,
            who,
            message.actor_role,
            message.get_kind_display(),
            _moment(message.created_at),
            format_html('<p class="written-in muted">{}</p>', written) if written else "",
            content_lang(message),
            linebreaks_filter(message.text, autoescape=True),
            turn_line(entry),
        )
    now = ""
    if entry.state_label:
        # As {% blocktranslate %}: the translation is trusted, the value escaped.
        now = format_html(
            ' <span class="muted">{}</span>',
            mark_safe(_("Now: %(state)s.") % {"state": conditional_escape(entry.state_label)}),
        )
    extra = entry.extra
    return format_html(
        '<li class="timeline-event event-{}"><p class="timeline-meta">{}</p><p>{}{}</p>{}{}{}{}</li>',
        entry.event.action,
        _moment(entry.at),
        entry.sentence,
        now,
        format_html("<p>{}.</p>", capfirst(extra["closure"])) if extra.get("closure") else "",
        format_html(
            '<blockquote class="timeline-reason" dir="auto">{}</blockquote>',
            linebreaks_filter(entry.reason, autoescape=True),
        )
        if entry.reason
        else "",
        format_html(
            "<p><strong>{}</strong> <bdi>{}</bdi></p>",
            _("Where to go instead:"),
            linebreaksbr(extra["referral"], autoescape=True),
        )
        if extra.get("referral")
        else "",
        turn_line(entry),
    )
