"""Exactly-once reminders, e-mail preferences and the daily digest, with tasks in-process."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import kinds
from notifications.digest import digests_scan
from notifications.models import Notification, NotificationPreference, ReminderSent
from notifications.reminders import Due, reminder_deliver, reminders_record
from notifications.services import notification_preference_set, notify
from notifications.tasks import deliver_reminders, notifications_sweep
from tests.accounts.factories import UserFactory, coordinator
from tests.dialogues.factories import make_cast
from tests.notifications.ladder import morning, stalled

pytestmark = pytest.mark.django_db

TUESDAY = date(2026, 12, 1)


@pytest.fixture
def plain_kinds():
    """Two kinds for these tests: one that follows preferences, one that decides a dialogue."""
    kinds.register("test_news", subject=_("Initiatives"), body=_("Districts"))
    kinds.register("test_decides", subject=_("Dialogues"), body=_("Districts"), decides=True)
    yield
    kinds.KINDS.pop("test_news")
    kinds.KINDS.pop("test_decides")


def overdue_reminder(cast, django_capture_on_commit_callbacks):
    """Record (not send) the overdue reminders of a stalled dialogue; return the lead's row."""
    stalled(cast, member=False)
    with django_capture_on_commit_callbacks(execute=False):
        from dialogues.reminders import reminders_scan

        reminders_scan(now=morning(date(2026, 12, 21)))
    return ReminderSent.objects.get(kind="overdue", recipient=cast.lead)


def test_a_row_is_sent_once_however_often_its_task_runs(django_capture_on_commit_callbacks):
    cast = make_cast()
    row = overdue_reminder(cast, django_capture_on_commit_callbacks)
    mail.outbox = []
    assert reminder_deliver(reminder_id=row.pk) == "sent"
    assert reminder_deliver(reminder_id=row.pk) == ""  # a retried or duplicated task
    deliver_reminders.delay([row.pk, row.pk])
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(dedupe_key=f"reminder-{row.pk}").count() == 1
    row.refresh_from_db()
    assert row.sent_at is not None and row.given_up_at is None
    # The Message-ID is the row's: if a crash made the mail go out twice, mail clients would see one message.
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<reminder-{row.pk}@testserver>"


def test_recording_the_same_reminder_twice_keeps_one_row_and_hands_over_only_new_ones(
    django_capture_on_commit_callbacks,
):
    person = UserFactory()
    due = [Due("dialogue", 7, "3", "overdue", person.pk), Due("dialogue", 7, "3", "escalated", None)]
    with django_capture_on_commit_callbacks(execute=False) as first:
        recorded = reminders_record(due, now=timezone.now())
    assert len(recorded.reminder_ids) == 1 and recorded.markers == [("dialogue", 7, "3", "escalated")]
    with django_capture_on_commit_callbacks(execute=False):
        again = reminders_record(due + due, now=timezone.now())
    assert again.reminder_ids == [] and again.markers == []
    assert ReminderSent.objects.count() == 2
    assert ReminderSent.objects.get(recipient=None).sent_at is not None  # a marker is done when inserted
    assert len(first) == 1


def test_preferences_decide_the_channel_except_for_what_decides_a_dialogue(
    plain_kinds, django_capture_on_commit_callbacks
):
    right_away, daily, off = UserFactory(), UserFactory(), UserFactory()
    notification_preference_set(user=daily, email="daily")
    notification_preference_set(user=off, email="off")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[right_away, daily, off], kind="test_news")
        notify(recipients=[right_away, daily, off], kind="test_decides")
    statuses = {(n.recipient_id, n.kind): n.email_status for n in Notification.objects.all()}
    assert statuses == {
        (right_away.pk, "test_news"): "sent",
        (daily.pk, "test_news"): "digest",
        (off.pk, "test_news"): "skipped",
        (right_away.pk, "test_decides"): "sent",
        (daily.pk, "test_decides"): "sent",
        (off.pk, "test_decides"): "sent",
    }
    assert sorted(len(m.to) for m in mail.outbox) == [1, 1, 1, 1]
    # Every notification is on the site, whatever the e-mail setting.
    assert Notification.objects.filter(recipient=off).count() == 2


def test_the_daily_digest_lists_what_waited_and_repeats_escalations_once_a_day(
    plain_kinds, django_capture_on_commit_callbacks
):
    dutch = UserFactory(preferred_language="nl", display_name="Sanne")
    notification_preference_set(user=dutch, email="daily")
    boss = coordinator()
    boss.preferred_language = "en"
    boss.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[dutch], kind="test_news", url="/initiatives/")
        notify(recipients=[dutch], kind="test_news", url="/districts/")
        notify(recipients=[dutch], kind="test_decides")  # already e-mailed, and not an overview kind
    escalation = Notification.objects.create(
        recipient=boss, kind="reminder_escalation", params={"title": "Geveltuinen", "district": "West", "deadline": ""}
    )
    Notification.objects.filter(pk=escalation.pk).update(email_status="sent")
    mail.outbox = []

    with django_capture_on_commit_callbacks(execute=True):
        assert digests_scan(now=morning(TUESDAY, 7) + timedelta(minutes=30)) == 2
    digests = {message.to[0]: message for message in mail.outbox}
    assert set(digests) == {dutch.email, boss.email}

    theirs = digests[dutch.email]
    assert theirs.body.startswith("Hallo Sanne,")
    assert theirs.body.count("Initiatieven") == 2  # the two kept for the digest, in Dutch
    assert "http://testserver/initiatives/" in theirs.body and "http://testserver/districts/" in theirs.body
    assert "Dialogen" not in theirs.body
    html = theirs.alternatives[0]
    assert html[1] == "text/html" and '<a href="http://testserver/districts/">' in html[0]
    assert '<html lang="nl" dir="ltr">' in html[0]

    his = digests[boss.email]
    assert his.subject == "[Kracht van Mokum] Your daily overview: 1 notification"
    assert "Escalations (you were e-mailed about these already):" in his.body
    assert "Escalated: the dialogue with “Geveltuinen” has stalled" in his.body
    assert '<html lang="en" dir="ltr">' in his.alternatives[0][0]

    assert set(
        Notification.objects.filter(recipient=dutch, kind="test_news").values_list("email_status", flat=True)
    ) == {"sent"}
    # A second run the same day, or the next day with nothing new, sends nothing.
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_scan(now=morning(TUESDAY, 9)) == 0
        assert digests_scan(now=morning(TUESDAY + timedelta(days=1), 7)) == 0
    assert mail.outbox == []


def test_no_digest_on_weekends_or_for_people_who_turned_e_mail_off(plain_kinds, django_capture_on_commit_callbacks):
    daily, off = UserFactory(), UserFactory()
    notification_preference_set(user=daily, email="daily")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[daily], kind="test_news")
    escalation = Notification.objects.create(
        recipient=off, kind="reminder_escalation", params={"title": "", "district": "", "deadline": ""}
    )
    notification_preference_set(user=off, email="off")
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_scan(now=morning(date(2026, 12, 5))) == 0  # a Saturday
        assert digests_scan(now=morning(date(2026, 12, 25))) == 0  # Christmas
        assert digests_scan(now=morning(date(2026, 12, 7))) == 1  # Monday: only the person who wants one
    assert [m.to for m in mail.outbox] == [[daily.email]]
    escalation.refresh_from_db()
    assert escalation.digested_at is None


def test_the_sweep_hands_over_reminders_the_broker_never_got(django_capture_on_commit_callbacks):
    cast = make_cast()
    row = overdue_reminder(cast, django_capture_on_commit_callbacks)
    mail.outbox = []
    assert notifications_sweep(now=timezone.now()) == 0  # too fresh: its own task may still be on the way
    ReminderSent.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    assert notifications_sweep(now=timezone.now()) >= 1
    assert [m.to for m in mail.outbox] == [[cast.lead.email]]
    assert notifications_sweep(now=timezone.now()) == 0


def test_the_settings_page_changes_how_often_i_am_e_mailed(client):
    person = UserFactory(preferred_language="en")
    assert client.get("/notifications/settings/")["Location"].startswith("/accounts/login/")
    client.force_login(person)
    page = client.get("/notifications/settings/").content.decode()
    assert "Once a day: a daily overview on working days" in page
    assert client.get("/notifications/settings/").context["form"].initial == {"email": "immediately"}
    response = client.post("/notifications/settings/", {"email": "daily"}, follow=True)
    assert "Your notification settings are saved." in response.content.decode()
    assert NotificationPreference.objects.get(user=person).email == "daily"
    assert client.post("/notifications/settings/", {"email": "hourly"}).status_code == 400
    assert client.post("/notifications/settings/", {}).status_code == 400
    assert NotificationPreference.objects.get(user=person).email == "daily"
    # Reachable from the notification list and from the profile page.
    assert 'href="/notifications/settings/"' in client.get("/notifications/").content.decode()
    assert 'href="/notifications/settings/"' in client.get("/accounts/profile/").content.decode()
