"""Reminders through the real Redis and a real Celery worker: every reminder arrives once.

Each test gets a worker on a queue of its own (tests/conftest.py). The scans run here with the dates of the
ladder; the worker sends what they record, after commit, exactly as beat and the worker do in production.
"""

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogues.models import Dialogue, DialogueEvent
from dialogues.reminders import reminders_scan
from dialogues.workflow import ESCALATED, LONG_OVERDUE
from notifications import kinds
from notifications.digest import digests_scan
from notifications.models import Notification, ReminderSent
from notifications.services import SWEEP_AFTER, notification_preference_set, notify
from notifications.tasks import deliver_reminders, notifications_sweep
from tests.accounts.factories import UserFactory
from tests.concurrency import failures, run_at_once
from tests.dialogues.factories import dialogue_in, make_cast
from tests.notifications.ladder import LADDER, days, morning, reminders_received, stalled, wait_until

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def news_kind():
    kinds.register("test_broker_news", subject=_("Initiatives"), body=_("Districts"))
    yield
    kinds.KINDS.pop("test_broker_news")


def settled():
    """Wait until the worker has sent or given up every recorded reminder and delivered every notification."""
    return wait_until(
        lambda: (
            not ReminderSent.objects.filter(sent_at__isnull=True, given_up_at__isnull=True).exists()
            and not Notification.objects.filter(email_status="pending").exists()
        )
    )


def drain(news_kind):
    """Wait until the worker has handled everything queued so far (it works through its queue in order)."""
    marker = UserFactory()
    notify(recipients=[marker], kind="test_broker_news")
    assert wait_until(lambda: Notification.objects.filter(recipient=marker, email_status="sent").exists())
    mail.outbox[:] = [message for message in mail.outbox if message.to != [marker.email]]


def test_the_ladder_through_christmas_each_rung_once_on_its_working_day(celery_worker):
    cast = make_cast()
    for person in (cast.lead, cast.owner):
        person.preferred_language = "en"
        person.save()
    stalled(cast)
    assert settled()
    mail.outbox = []
    seen = set()
    for day in days():
        reminders_scan(now=morning(day))
        reminders_scan(now=morning(day, 8))  # a repeated scan the same morning records nothing
        assert settled(), day
        received = reminders_received(cast)
        assert received - seen == LADDER.get(day, set()), day
        expected = sum(len(LADDER.get(d, ())) for d in LADDER if d <= day)
        assert len(mail.outbox) == expected, day  # weekends, Christmas and New Year's Day add nothing
        seen = received
    # In each recipient's language.
    greetings = {m.to[0]: m.body.split(",")[0] for m in mail.outbox}
    assert greetings[cast.lead.email] == f"Hello {cast.lead.display_name}"
    assert greetings[cast.member.email] == f"Hallo {cast.member.display_name}"
    assert greetings[cast.owner.email] == f"Hello {cast.owner.display_name}"
    assert greetings[cast.co_initiator.email] == f"Hallo {cast.co_initiator.display_name}"


def test_concurrent_repeated_and_retried_scans_send_every_reminder_once(celery_worker, news_kind):
    cast = make_cast()
    # On Wednesday 16 December one dialogue is due for a heads-up, one is overdue and one is long overdue.
    stalled(cast, morning(date(2026, 12, 4), 10))
    stalled(cast, morning(date(2026, 11, 30), 10), member=False)
    third = stalled(cast, morning(date(2026, 11, 10), 10), member=False)
    assert settled()
    mail.outbox = []

    errors = failures(run_at_once([lambda: reminders_scan(now=morning(date(2026, 12, 16)))] * 4))
    assert errors == []
    assert settled()

    rows = ReminderSent.objects.filter(recipient__isnull=False)
    assert rows.count() == 9 and not rows.filter(sent_at__isnull=True).exists()
    assert Notification.objects.filter(dedupe_key__startswith="reminder-").count() == 9
    assert len(mail.outbox) == 9
    assert len({(m.to[0], m.extra_headers["Message-ID"]) for m in mail.outbox}) == 9
    assert list(third.events.filter(action__in=[ESCALATED, LONG_OVERDUE]).values_list("action", flat=True)) == [
        ESCALATED,
        LONG_OVERDUE,
    ]
    assert DialogueEvent.objects.filter(action="overdue").count() == 2

    # The same scan again, and every send task again: nothing more arrives.
    assert reminders_scan(now=morning(date(2026, 12, 16), 9)).reminders == 0
    deliver_reminders.delay(list(rows.values_list("pk", flat=True)))
    drain(news_kind)
    assert len(mail.outbox) == 9


def test_a_send_that_fails_is_retried_and_a_crash_after_the_mail_repeats_it_with_the_same_message_id(
    celery_worker, monkeypatch
):
    cast = make_cast()
    stalled(cast)
    assert settled()
    mail.outbox = []
    # Retry at once instead of after the production back-off (30 s and more).
    monkeypatch.setattr("celery.app.autoretry.get_exponential_backoff_interval", lambda **kwargs: 0)
    send = EmailBackend.send_messages
    failed = set()

    def flaky(self, messages):
        to = messages[0].to[0]
        if to == cast.lead.email and to not in failed:
            failed.add(to)
            raise SMTPServerDisconnected("the mail server went away before accepting the mail")
        if to == cast.member.email and to not in failed:
            failed.add(to)
            send(self, messages)
            raise ConnectionResetError("the worker died after the mail went out, before its COMMIT")
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    reminders_scan(now=morning(date(2026, 12, 21)))
    assert settled()
    assert failed == {cast.lead.email, cast.member.email}

    by_person = {}
    for message in mail.outbox:
        by_person.setdefault(message.to[0], []).append(message.extra_headers["Message-ID"])
    # A failure before the mail went out: retried, sent once.
    assert len(by_person[cast.lead.email]) == 1
    assert len(by_person[cast.owner.email]) == 1 and len(by_person[cast.co_initiator.email]) == 1
    # A crash between the mail and the COMMIT: at least once — the retry sends it again, as the same message.
    assert len(by_person[cast.member.email]) == 2 and len(set(by_person[cast.member.email])) == 1
    # In the app each reminder is there once, and each row is marked sent once.
    assert Notification.objects.filter(kind="reminder_overdue").count() == 2
    assert ReminderSent.objects.filter(recipient__isnull=False, sent_at__isnull=False).count() == 4


def test_the_daily_digest_through_the_worker_in_both_languages(celery_worker, news_kind):
    dutch = UserFactory(preferred_language="nl", display_name="Sanne")
    english = UserFactory(preferred_language="en", display_name="Sam")
    for person in (dutch, english):
        notification_preference_set(user=person, email="daily")
    notify(recipients=[dutch, english], kind="test_broker_news", url="/initiatives/")
    assert settled()
    assert mail.outbox == []  # kept for the digest
    tuesday = morning(date(2026, 12, 1), 7) + timedelta(minutes=30)
    assert digests_scan(now=tuesday) == 2
    assert wait_until(lambda: len(mail.outbox) == 2)
    digests = {m.to[0]: m for m in mail.outbox}
    assert digests[dutch.email].body.startswith("Hallo Sanne,") and "Initiatieven" in digests[dutch.email].body
    assert digests[english.email].body.startswith("Hello Sam,") and "Initiatives" in digests[english.email].body
    assert digests[english.email].subject == "[Kracht van Mokum] Your daily overview: 1 notification"
    assert all(m.alternatives[0][1] == "text/html" for m in mail.outbox)
    assert digests_scan(now=tuesday + timedelta(hours=1)) == 0
    drain(news_kind)
    assert len(mail.outbox) == 2


def test_an_answer_while_redis_is_down_is_saved_and_its_notifications_arrive_later_once(celery_worker):
    cast = make_cast()
    cast.lead.preferred_language = "en"
    cast.lead.save()
    dialogue = dialogue_in(Dialogue.State.ASSIGNED, cast)
    assert settled()
    mail.outbox = []
    before = set(Notification.objects.values_list("pk", flat=True))

    text = "Thank you! We will look at the pavement with the Parks department this week."
    db = connection.settings_dict
    script = "\n".join(
        [
            "import json",
            "from django.test.utils import setup_test_environment",
            "setup_test_environment()",
            "from django.core import mail",
            "from django.test import Client",
            "from accounts.models import User",
            "client = Client()",
            f"client.force_login(User.objects.get(pk={cast.lead.pk}))",
            f"data = {{'answer-version': {dialogue.version}, 'answer-text': {text!r}}}",
            f"response = client.post('/dialogues/{dialogue.pk}/answer/', data, follow=True)",
            "page = response.content.decode()",
            "print(json.dumps({'status': response.status_code, 'saved': 'Your answer is in the dialogue.' in page,",
            f"                  'shown': {text!r} in page, 'mails': len(mail.outbox)}}))",
        ]
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "true",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": "redis://127.0.0.1:9/0",
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Broker unreachable" in result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "status": 200,
        "saved": True,
        "shown": True,
        "mails": 0,
    }

    # Saved, and its notifications wait in the database.
    dialogue.refresh_from_db()
    assert dialogue.state == Dialogue.State.IN_DIALOGUE and dialogue.first_response_at is not None
    caused = Notification.objects.exclude(pk__in=before)
    assert {(n.recipient_id, n.kind, n.email_status) for n in caused} == {
        (cast.owner.pk, "dialogue_message", "pending"),
        (cast.co_initiator.pk, "dialogue_message", "pending"),
    }
    assert mail.outbox == []

    # The broker is back (this process's, with a worker): the sweep delivers each once, however often it runs.
    later = timezone.now() + SWEEP_AFTER * 2
    assert notifications_sweep(now=later) == 2
    assert settled()
    notifications_sweep(now=later)
    assert settled()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([cast.owner.email, cast.co_initiator.email])
