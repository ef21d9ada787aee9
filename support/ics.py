"""Calendar files (iCalendar, RFC 5545) for events, so people can add them to their own agenda."""

from datetime import UTC
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone


def _site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "krachtvanmokum.nl"


def _event_entry(event, *, request, stamp) -> icalendar.Event:
    entry = icalendar.Event()
    entry.add("uid", f"event-{event.pk}@{_site_host()}")
    entry.add("dtstamp", stamp)
    entry.add("dtstart", event.starts_at.astimezone(UTC))
    entry.add("dtend", event.ends_at.astimezone(UTC))
    entry.add("summary", event.title)
    description = event.description
    if event.online_url:
        description = f"{description}\n\n{event.online_url}"
    entry.add("description", description)
    if event.location:
        entry.add("location", event.location)
    entry.add("url", request.build_absolute_uri(event.get_absolute_url()))
    entry.add("last-modified", event.updated_at.astimezone(UTC))
    return entry


def calendar_for(events, *, request) -> bytes:
    """Return an iCalendar file with one entry per event."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Kracht van Mokum//support events//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Kracht van Mokum")
    stamp = timezone.now().astimezone(UTC)
    for event in events:
        cal.add_component(_event_entry(event, request=request, stamp=stamp))
    return cal.to_ical()
