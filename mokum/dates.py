"""How the site writes a date, the same on its pages and in its e-mails: “vrijdag 11 december 2026”."""

import functools
from datetime import date, datetime

from django.utils.formats import date_format
from django.utils.translation import get_language

from districts.workdays import local_date

LONG_DATE = "l j F Y"


def long_date(value: date | datetime | str | None) -> str:
    """Return `value` written out in the active language (a moment by its Amsterdam date); "" for nothing.

    Takes a date, an aware datetime or an ISO date string (as notifications keep them in their params);
    any other string is returned as it is, so older notifications still read.
    """
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = local_date(value)
    return _written(value, get_language())


@functools.lru_cache(maxsize=4096)
def _written(day: date, language: str) -> str:
    # Per day and language, as the active language writes it: a timeline writes the same few days many times, and
    # each names a weekday and a month through the translations.
    return date_format(day, LONG_DATE)


def iso_date(value: date | datetime | None) -> str:
    """Return the Amsterdam date of `value` as YYYY-MM-DD (for params written out later by `long_date`)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_date(value)
    return value.isoformat()
