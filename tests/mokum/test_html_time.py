from datetime import UTC, date, datetime

from django.template import Context, Template


def render(value):
    return Template('<time datetime="{{ value|html_datetime }}">').render(Context({"value": value}))


def test_a_moment_is_written_to_the_second_in_amsterdam_time_as_html_allows():
    moment = datetime(2026, 3, 16, 14, 59, 59, 999999, tzinfo=UTC)
    assert render(moment) == '<time datetime="2026-03-16T15:59:59+01:00">'


def test_a_date_stays_a_date_and_nothing_stays_empty():
    assert render(date(2026, 12, 11)) == '<time datetime="2026-12-11">'
    assert render(None) == '<time datetime="">'
