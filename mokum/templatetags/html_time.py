"""The `html_datetime` filter, a template builtin (see TEMPLATES in mokum/settings.py)."""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def html_datetime(value) -> str:
    """Return a date or moment as HTML's <time datetime> accepts it: to the second, with the local offset.

    Django's `date:"c"` adds microseconds, which HTML does not allow.
    """
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""
