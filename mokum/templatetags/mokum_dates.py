"""`{{ value|long_date }}`: a date as the site writes it everywhere (see mokum/dates.py)."""

from django import template

from mokum.dates import long_date as write_long_date

register = template.Library()


@register.filter
def long_date(value):
    """Write a date or a moment as “vrijdag 11 december 2026”."""
    return write_long_date(value)
