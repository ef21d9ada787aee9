"""Poison messages: a delivery that can never succeed is marked failed with its reason, and the rest go out."""

import time
from datetime import date, datetime
from datetime import time as clock_time
from smtplib import SMTPRecipientsRefused, SMTPResponseException, SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail import BadHeaderError
from django.db import OperationalError, transaction
from django.utils.translation import gettext_lazy as _

from districts.workdays import AMSTERDAM
from notifications import kinds, reminders
from notifications.digest import digests_scan
from notifications.models import Notification, ReminderSent
from notifications.reminders import Due, Reminder, reminders_record
from notifications.services import SWEEP_AFTER, notify
from notifications.tasks import deliver_reminders, is_transient, notifications_sweep
from tests.accounts.factories import UserFactory

POISONED = "poisoned\n@example.org"  # a stored address with a line break: Django refuses the header, every time


def wait_until(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def news_kind():
    kinds.register("test_poison_news", subject=_("Initiatives"), body=_("Districts"))
    yield
    kinds.KINDS.pop("test_poison_news")


@pytest.fixture
def news_subject(news_kind):
    """A reminder subject whose reminders always resolve to the test kind."""
    reminders.register_subject("test_poison", resolve=lambda row, now: Reminder(kind="test_poison_news"))
    yield
    reminders.SUBJECTS.pop("test_poison")


def people(count):
    """Return `count` people whose e-mail is sent right away; the first one has a poisoned address."""
    crowd = UserFactory.create_batch(count, preferred_language="en")
    crowd[0].email = POISONED
    crowd[0].save(update_fields=["email"])
    return crowd


def test_permanent_and_transient_failures_are_told_apart():
    assert not is_transient(BadHeaderError("Header values can't contain newlines"))
    assert not is_transient(UnicodeEncodeError("ascii", "é", 0, 1, "no"))
    assert not is_transient(SMTPResponseException(550, b"No such user"))
    assert not is_transient(SMTPRecipientsRefused({"a@example.org": (550, b"No such user")}))
    assert is_transient(SMTPRecipientsRefused({"a@example.org": (451, b"Try again later")}))
    assert is_transient(SMTPResponseException(421, b"Busy"))
    assert is_transient(SMTPServerDisconnected("gone"))
    assert is_transient(ConnectionRefusedError())
    assert is_transient(TimeoutError())
    assert is_transient(OperationalError("the database is restarting"))
    assert is_transient(ImportError("a broken deployment is fixed and retried, not given up"))


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_poisoned_notification_among_a_hundred_lets_the_other_99_arrive(celery_worker, news_kind):
    crowd = people(100)
    with transaction.atomic():
        notify(recipients=crowd, kind="test_poison_news")

    assert wait_until(lambda: Notification.objects.exclude(email_status="pending").count() == 100)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in crowd[1:])
    poisoned = Notification.objects.get(recipient=crowd[0])
    assert poisoned.email_status == "failed"
    assert "BadHeaderError" in poisoned.email_error
    # The sweep leaves it alone instead of handing the same id over for ever; the health check counts it.
    assert notifications_sweep(now=poisoned.created_at + SWEEP_AFTER * 2) == 0
    assert Notification.objects.filter(email_status="sent").count() == 99


@pytest.mark.django_db
def test_a_failed_notification_is_counted_on_the_health_check_without_turning_it_red(
    client, news_kind, settings, django_capture_on_commit_callbacks
):
    settings.REDIS_URL = None
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=people(3), kind="test_poison_news")  # in-process: delivered after commit
    assert Notification.objects.filter(email_status="failed").count() == 1
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["failed_deliveries"] == 1


@pytest.mark.django_db
def test_one_poisoned_reminder_lets_the_others_arrive(news_subject, django_capture_on_commit_callbacks):
    crowd = people(20)
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        due = [Due("test_poison", 1, "1", "nudge", person.pk) for person in crowd]
        ids = reminders_record(due, now=datetime(2026, 12, 1, 8, tzinfo=AMSTERDAM)).reminder_ids
    mail.outbox = []

    deliver_reminders.delay(ids)

    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in crowd[1:])
    failed = ReminderSent.objects.get(recipient=crowd[0])
    assert failed.failed_at is not None and failed.sent_at is None
    assert "BadHeaderError" in failed.failure
    assert ReminderSent.objects.filter(sent_at__isnull=False).count() == 19
    # Neither a retried task nor the sweep sends it again.
    deliver_reminders.delay(ids)
    assert len(mail.outbox) == 19
    assert notifications_sweep(now=failed.created_at + SWEEP_AFTER * 2) == 0


@pytest.mark.django_db
def test_one_poisoned_digest_lets_the_other_digests_arrive(news_kind, django_capture_on_commit_callbacks):
    crowd = people(10)
    for person in crowd:
        Notification.objects.create(recipient=person, kind="test_poison_news", email_status="digest")
    mail.outbox = []
    tuesday_morning = datetime.combine(date(2026, 12, 1), clock_time(8, 30), tzinfo=AMSTERDAM)

    with django_capture_on_commit_callbacks(execute=True):
        assert digests_scan(now=tuesday_morning) == 10

    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in crowd[1:])
    failed = ReminderSent.objects.get(subject_type="digest", recipient=crowd[0])
    assert failed.failed_at is not None and "BadHeaderError" in failed.failure
    # What the failed digest would have listed is still waiting, not marked as e-mailed.
    assert Notification.objects.get(recipient=crowd[0]).email_status == "digest"


@pytest.mark.django_db
def test_a_line_break_in_a_stored_title_cannot_break_the_subject(news_kind, django_capture_on_commit_callbacks):
    kinds.register("test_poison_titled", subject="About “%(title)s”", body="Body")
    try:
        person = UserFactory(preferred_language="en")
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[person], kind="test_poison_titled", params={"title": "Line one\r\nBcc: x@evil.test"})
    finally:
        kinds.KINDS.pop("test_poison_titled")
    assert Notification.objects.get(recipient=person).email_status == "sent"
    assert mail.outbox[0].subject == "[Kracht van Mokum] About “Line one Bcc: x@evil.test”"


@pytest.mark.django_db
def test_admins_find_failed_deliveries_with_their_reason(client, news_subject, django_capture_on_commit_callbacks):
    crowd = people(2)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=crowd, kind="test_poison_news")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        due = [Due("test_poison", 1, "1", "nudge", crowd[0].pk)]
        reminders_record(due, now=datetime(2026, 12, 1, tzinfo=AMSTERDAM))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    failed = client.get("/admin/notifications/notification/", {"email_status": "failed"}).content.decode()
    assert failed.count('class="field-recipient') == 1
    notification = Notification.objects.get(email_status="failed")
    detail = client.get(f"/admin/notifications/notification/{notification.pk}/change/").content.decode()
    assert "BadHeaderError" in detail
    reminders = client.get("/admin/notifications/remindersent/", {"outcome": "failed"}).content.decode()
    assert reminders.count('class="field-kind') == 1
