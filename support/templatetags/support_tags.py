from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.rules import is_initiator
from support.selectors import first_schemes_for_initiative, support_requests_of_initiative

register = template.Library()


def _euros(amount):
    return f"€ {intcomma(amount)}"


@register.filter
def amount_range(scheme):
    """Say how much a scheme gives, e.g. “€ 500 – € 5.000”, or nothing when it is not known."""
    low, high = scheme.amount_min, scheme.amount_max
    if low is not None and high is not None:
        return _euros(low) if low == high else f"{_euros(low)} – {_euros(high)}"
    if high is not None:
        return _("up to %(amount)s") % {"amount": _euros(high)}
    if low is not None:
        return _("from %(amount)s") % {"amount": _euros(low)}
    return ""


@register.filter
def deadline_text(scheme):
    """Say until when one can apply, in words."""
    today = timezone.localdate()
    if scheme.opens_on and scheme.opens_on > today:
        return _("opens on %(date)s") % {"date": date_filter(scheme.opens_on, "j F Y")}
    if scheme.deadline is None:
        return _("apply at any time")
    if scheme.deadline < today:
        return _("closed on %(date)s") % {"date": date_filter(scheme.deadline, "j F Y")}
    return _("apply by %(date)s") % {"date": date_filter(scheme.deadline, "j F Y")}


@register.filter
def places_left(event):
    """Return the free places of an event annotated with its confirmed count."""
    return max(event.capacity - event.confirmed_count, 0)


@register.inclusion_tag("support/includes/initiative_support.html", takes_context=True)
def initiative_support(context, initiative):
    """Show an initiative's matching open schemes and, to its initiators, its requests for help."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    initiator = bool(user) and is_initiator(user, initiative)
    can_ask = initiator and user.has_perm("support.add_request", initiative)
    return {
        "initiative": initiative,
        "schemes": first_schemes_for_initiative(initiative, today=timezone.localdate()),
        "requests": support_requests_of_initiative(initiative) if initiator else [],
        "can_ask": can_ask,
        "show_requests": initiator,
        "request": request,
    }
