"""Support requests past their due date remind the supporter, then the coordinators (the morning scan)."""

from datetime import date

import pytest

from dialogues.reminders import reminders_scan
from notifications.models import Notification, ReminderSent
from support.models import SupportRequest
from tests.notifications.ladder import days, morning
from tests.support.factories import SupportRequestFactory

pytestmark = pytest.mark.django_db


def test_a_support_request_is_reminded_around_its_due_date_and_again_when_it_moves(
    initiative, west_supporter, west_coordinator, django_capture_on_commit_callbacks
):
    request = SupportRequestFactory(
        initiative=initiative,
        status=SupportRequest.Status.ASSIGNED,
        supporter=west_supporter,
        due_date=date(2026, 12, 18),
    )
    received = {}
    for day in days(date(2026, 12, 14), date(2026, 12, 29)):
        with django_capture_on_commit_callbacks(execute=True):
            reminders_scan(now=morning(day))
        for kind, person in Notification.objects.filter(dedupe_key__startswith="reminder-").values_list(
            "kind", "recipient"
        ):
            received.setdefault((kind, person), day)
    assert received == {
        ("reminder_support_heads_up", west_supporter.pk): date(2026, 12, 16),
        ("reminder_support_overdue", west_supporter.pk): date(2026, 12, 21),
        ("reminder_support_overdue_copy", west_coordinator.pk): date(2026, 12, 28),
    }
    assert Notification.objects.get(kind="reminder_support_overdue").url == request.get_absolute_url()

    # The coordinator gives more time: a new due date is a new clock; a recorded reminder for the old one gives up.
    with django_capture_on_commit_callbacks(execute=False) as sends:
        request.due_date = date(2027, 1, 8)
        request.save()
        reminders_scan(now=morning(date(2027, 1, 6)))
    request.status = SupportRequest.Status.DONE
    request.closing_note = "Subsidie aangevraagd."
    request.save()
    for send in sends:
        send()
    row = ReminderSent.objects.get(subject_type="support_request", clock="2027-01-08")
    assert row.kind == "support_heads_up" and row.given_up_at is not None
