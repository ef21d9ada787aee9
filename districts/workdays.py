"""Working days in Amsterdam: weekends, Dutch public holidays and the city's closure days do not count.

The arithmetic is pure when given the set of non-working dates (`holidays=`), so tests pass their own.
Without it a function reads the `Holiday` table itself; a page or a scan calls `load_holidays()` once and
passes the set on, so it costs one query however many deadlines it computes.

A deadline of N working days runs to the very end of the Nth working day after the day the turn started,
in Europe/Amsterdam time (so summer time changes nothing about which day it is).
"""

from collections.abc import Collection
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SATURDAY = 5


def load_holidays() -> frozenset[date]:
    """Return every public holiday and closure day in the calendar table (one query)."""
    # By name from the app registry: the models use these helpers (District.triage_deadline).
    holiday = apps.get_model("districts", "Holiday")
    return frozenset(holiday.objects.values_list("date", flat=True))


def local_date(moment: datetime) -> date:
    """Return the calendar date of `moment` in Amsterdam."""
    if moment.tzinfo is None:
        raise ValueError("Working-day arithmetic needs an aware datetime.")
    return moment.astimezone(AMSTERDAM).date()


def end_of_day(day: date) -> datetime:
    """Return the last moment (23:59:59.999999) of `day` in Amsterdam, as an aware datetime."""
    return datetime.combine(day, time.max, tzinfo=AMSTERDAM)


def _or_table(holidays):
    return load_holidays() if holidays is None else holidays


def is_working_day(day: date, holidays: Collection[date] | None = None) -> bool:
    """Tell whether `day` is a working day: a weekday that is not a holiday or closure day."""
    holidays = _or_table(holidays)
    return day.weekday() < SATURDAY and day not in holidays


def nth_working_day_after(day: date, days: int, holidays: Collection[date] | None = None) -> date:
    """Return the `days`th working day after `day` (0: `day` itself if it is a working day, else the next one)."""
    holidays = _or_table(holidays)
    if days < 0:
        raise ValueError("A number of working days cannot be negative.")
    if days == 0:
        while not is_working_day(day, holidays):
            day += timedelta(days=1)
        return day
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    return day


def add_working_days(start: datetime, days: int, holidays: Collection[date] | None = None) -> datetime:
    """Return the end of the `days`th working day after the Amsterdam date of `start`."""
    holidays = _or_table(holidays)
    return end_of_day(nth_working_day_after(local_date(start), days, holidays))


def working_days_between(start: datetime, end: datetime, holidays: Collection[date] | None = None) -> int:
    """Count the working days after the Amsterdam date of `start` up to and including that of `end`.

    `working_days_between(start, add_working_days(start, n, h), h) == n`; the count is negative when
    `end` comes first, and 0 when both fall on the same day.
    """
    holidays = _or_table(holidays)
    first, last = local_date(start), local_date(end)
    if last < first:
        return -working_days_between(end, start, holidays)
    # Whole weeks hold five weekdays each; walk only the remainder, then take off the weekday holidays.
    span = (last - first).days
    weeks, rest = divmod(span, 7)
    count = weeks * 5
    day = first + timedelta(days=weeks * 7)
    for _ in range(rest):
        day += timedelta(days=1)
        if day.weekday() < SATURDAY:
            count += 1
    count -= sum(1 for holiday in holidays if first < holiday <= last and holiday.weekday() < SATURDAY)
    return count
