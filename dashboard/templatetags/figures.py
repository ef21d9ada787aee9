"""Template filters that write figures in the page's language (see dashboard.numbers)."""

from django import template

from dashboard.numbers import format_number, format_percent

register = template.Library()


@register.filter
def number(value):
    """Write a count or a number of days with the page language's decimal mark."""
    return "" if value is None else format_number(value)


@register.filter
def percent(value):
    """Write a percentage (0 to 100) as the page's language does: "12,5 %" or "12.5%"."""
    return "" if value is None else format_percent(value)
