"""Working-day arithmetic: weekends, Dutch public holidays, closure days, and summer time in Amsterdam."""

from datetime import UTC, date, datetime, time, timedelta

import holidays as holidays_package
import pytest

from districts.models import Holiday
from districts.workdays import (
    AMSTERDAM,
    add_working_days,
    end_of_day,
    is_working_day,
    load_holidays,
    local_date,
    nth_working_day_after,
    working_days_between,
)

NL = frozenset(holidays_package.country_holidays("NL", years=range(2024, 2033)))


def at(year, month, day, hour=10, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def test_weekend_is_skipped_and_the_deadline_is_the_end_of_the_last_day():
    friday = at(2026, 11, 27)
    deadline = add_working_days(friday, 1, NL)
    assert deadline == datetime.combine(date(2026, 11, 30), time.max, tzinfo=AMSTERDAM)
    assert deadline.astimezone(AMSTERDAM).time() == time(23, 59, 59, 999999)
    assert add_working_days(friday, 5, NL).date() == date(2026, 12, 4)
    assert add_working_days(friday, 10, NL).date() == date(2026, 12, 11)


def test_a_start_in_the_weekend_counts_from_monday():
    saturday = at(2026, 11, 28, 15)
    # The first working day after a Saturday is Monday: the same deadline as a start on Friday.
    assert add_working_days(saturday, 1, NL) == add_working_days(at(2026, 11, 27), 1, NL)
    assert add_working_days(saturday, 1, NL).date() == date(2026, 11, 30)
    assert nth_working_day_after(date(2026, 11, 28), 0, NL) == date(2026, 11, 30)


def test_kings_day_is_skipped():
    # 27 April 2027 is a Tuesday.
    assert not is_working_day(date(2027, 4, 27), NL)
    assert add_working_days(at(2027, 4, 26), 1, NL).date() == date(2027, 4, 28)
    # In 2025 King's Day fell on a Sunday and was celebrated on Saturday the 26th: Monday the 28th works.
    assert add_working_days(at(2025, 4, 25), 1, NL).date() == date(2025, 4, 28)


def test_easter_monday_is_skipped():
    # Easter 2026: Monday 6 April. The package also lists Good Friday (3 April).
    assert not is_working_day(date(2026, 4, 6), NL)
    assert add_working_days(at(2026, 4, 2), 1, NL).date() == date(2026, 4, 7)
    assert working_days_between(at(2026, 4, 2), at(2026, 4, 7), NL) == 1


def test_christmas_is_skipped():
    # 25 and 26 December 2026: Friday and Saturday.
    assert add_working_days(at(2026, 12, 24), 1, NL).date() == date(2026, 12, 28)
    # In 2025 they were Thursday and Friday.
    assert add_working_days(at(2025, 12, 24), 1, NL).date() == date(2025, 12, 29)
    # Ten working days from 18 December 2026 pass Christmas and New Year's Day.
    assert add_working_days(at(2026, 12, 18), 10, NL).date() == date(2027, 1, 5)


def test_change_to_summer_time():
    # Summer time starts on Sunday 29 March 2026, 02:00 → 03:00.
    friday = at(2026, 3, 27, 16)
    deadline = add_working_days(friday, 1, NL)
    assert deadline.astimezone(AMSTERDAM).date() == date(2026, 3, 30)
    assert deadline.astimezone(UTC) == datetime(2026, 3, 30, 21, 59, 59, 999999, tzinfo=UTC)
    # Late on Thursday evening in UTC is already Friday in Amsterdam (winter time, UTC+1).
    assert local_date(datetime(2026, 3, 26, 23, 30, tzinfo=UTC)) == date(2026, 3, 27)
    assert add_working_days(datetime(2026, 3, 26, 23, 30, tzinfo=UTC), 1, NL).date() == date(2026, 3, 30)
    assert add_working_days(datetime(2026, 3, 26, 22, 30, tzinfo=UTC), 1, NL).date() == date(2026, 3, 27)
    # The day of the change is 23 hours long, and still one calendar day.
    assert working_days_between(at(2026, 3, 27), at(2026, 3, 30), NL) == 1


def test_change_from_summer_time():
    # Summer time ends on Sunday 25 October 2026, 03:00 → 02:00.
    friday = at(2026, 10, 23, 16)
    deadline = add_working_days(friday, 1, NL)
    assert deadline.astimezone(UTC) == datetime(2026, 10, 26, 22, 59, 59, 999999, tzinfo=UTC)
    # 22:30 UTC on Thursday 22 October is 00:30 on Friday in Amsterdam (summer time, UTC+2).
    assert local_date(datetime(2026, 10, 22, 22, 30, tzinfo=UTC)) == date(2026, 10, 23)
    assert add_working_days(datetime(2026, 10, 22, 22, 30, tzinfo=UTC), 1, NL).date() == date(2026, 10, 26)
    assert add_working_days(datetime(2026, 10, 22, 21, 30, tzinfo=UTC), 1, NL).date() == date(2026, 10, 23)
    # The ambiguous hour of the change (02:00–03:00 twice) is still Sunday; the turn ends Monday evening.
    assert add_working_days(datetime(2026, 10, 25, 0, 30, tzinfo=UTC), 1, NL).date() == date(2026, 10, 26)
    assert add_working_days(datetime(2026, 10, 25, 1, 30, tzinfo=UTC), 1, NL).date() == date(2026, 10, 26)


def test_end_of_day_is_always_the_last_moment_of_that_local_day():
    for day in (date(2026, 3, 29), date(2026, 10, 25), date(2026, 7, 1), date(2026, 1, 15)):
        moment = end_of_day(day)
        assert moment.astimezone(AMSTERDAM).date() == day
        assert (moment + timedelta(microseconds=1)).astimezone(AMSTERDAM).date() == day + timedelta(days=1)


def test_a_closure_day_counts_like_a_holiday():
    closures = NL | {date(2026, 12, 31)}
    assert add_working_days(at(2026, 12, 30), 1, NL).date() == date(2026, 12, 31)
    assert add_working_days(at(2026, 12, 30), 1, closures).date() == date(2027, 1, 4)


@pytest.mark.parametrize("days", [1, 2, 5, 10, 15, 20])
def test_between_is_the_inverse_of_add_over_a_whole_year(days):
    start = at(2026, 1, 1, 9)
    for hours in range(0, 365 * 24, 7):
        moment = start + timedelta(hours=hours)
        deadline = add_working_days(moment, days, NL)
        assert working_days_between(moment, deadline, NL) == days
        assert working_days_between(deadline, moment, NL) == -days
        assert is_working_day(local_date(deadline), NL)


def test_between_counts_working_days_after_the_start_day():
    assert working_days_between(at(2026, 11, 27, 8), at(2026, 11, 27, 20), NL) == 0
    assert working_days_between(at(2026, 11, 27), at(2026, 11, 29), NL) == 0  # only the weekend
    assert working_days_between(at(2026, 11, 27), at(2026, 12, 4), NL) == 5


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        add_working_days(datetime(2026, 11, 27, 10), 1, NL)


@pytest.mark.django_db
def test_the_table_is_seeded_from_the_holidays_package_and_read_once(django_assert_num_queries):
    assert Holiday.objects.filter(date=date(2027, 4, 27), kind=Holiday.Kind.PUBLIC_HOLIDAY).exists()
    assert Holiday.objects.filter(date=date(2032, 12, 25)).exists()
    assert Holiday.objects.get(date=date(2026, 4, 6)).name == "Tweede paasdag"
    with django_assert_num_queries(1):
        table = load_holidays()
        for n in range(30):
            add_working_days(at(2026, 12, 1) + timedelta(days=n), 10, table)
    assert table >= {day for day in NL if 2024 <= day.year <= 2032}
    # Without a set, the functions read the table themselves.
    assert add_working_days(at(2027, 4, 26), 1).date() == date(2027, 4, 28)
